// The `Request.cf` object of the local runtime. Left alone, `wrangler dev` (Miniflare) fetches one
// from Cloudflare at every start, and offline it prints a stack trace twice before falling back to a
// placeholder. Instead it reads scripts/request-cf.json (a request from Hangzhou, CN) through
// CLOUDFLARE_CF_FETCH_PATH. Miniflare refetches that file once it is 30 days old, and overwrites it,
// so the committed fixture is copied afresh into .wrangler/ each time and the copy is what it reads.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const FIXTURE = new URL("./request-cf.json", import.meta.url);
const COPY = fileURLToPath(new URL("../.wrangler/cache/request-cf.json", import.meta.url));

/** Environment variables for a `wrangler dev` child process: its `Request.cf` from the fixture. */
export function localCfEnv() {
  mkdirSync(dirname(COPY), { recursive: true });
  const partial = `${COPY}.${process.pid}`;
  writeFileSync(partial, readFileSync(FIXTURE));
  renameSync(partial, COPY); // whole, even with another start reading it
  return { CLOUDFLARE_CF_FETCH_PATH: COPY };
}
