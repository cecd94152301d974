import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { Env } from "../../src/env";
import { app } from "../../src/index";
import { runMirror, type TargetRun } from "../../src/mirror/run";

/** The live origin the mirrored pages link back to. */
export const LIVE = "https://status.example.com";

/** The Worker's environment with the mirror configured (the local R2 bucket unless overridden). */
export function mirrorEnv(overrides: Partial<Env> = {}): Env {
  return { ...env, PUBLIC_URL: LIVE, MIRROR_BUCKET: env.MIRROR_TEST_BUCKET, ...overrides };
}

/** One mirror run as the cron runs it (its clock at `now`), waited for. */
export async function mirrorAt(now: number, workerEnv: Env = mirrorEnv(), force = false): Promise<TargetRun[]> {
  const ctx = createExecutionContext();
  const runs = await runMirror(workerEnv, app.fetch, ctx, { now, force });
  await waitOnExecutionContext(ctx);
  return runs;
}

/** What a visitor of the live site gets at `path` right now (read caches off, as the mirror renders). */
export async function live(path: string, workerEnv: Env = mirrorEnv()): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await app.fetch(new Request(`${LIVE}${path}`), { ...workerEnv, EDGE_CACHE_TTL: "0" }, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Every href/src of a page that is not absolute or a fragment: they must all resolve inside the mirror. */
export function relativeLinks(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src|action)="([^"]*)"/g)]
    .map((m) => m[1]!)
    .filter((link) => !/^(https?:)?\/\//.test(link) && !link.startsWith("#"));
}

/** A key relative to the folder of `from`, resolved to a bucket key. */
export function resolveKey(from: string, link: string): string {
  const parts = from.split("/").slice(0, -1);
  for (const segment of link.split("#")[0]!.split("/")) {
    if (segment === "..") parts.pop();
    else if (segment !== ".") parts.push(segment);
  }
  return parts.join("/");
}
