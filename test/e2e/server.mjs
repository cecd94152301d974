// Starts the real Worker (with its static assets) under `wrangler dev` on a free
// port, against a fresh local D1 filled by `npm run demo` (or only migrated, with
// `demo: false`), and stops it again.
// Its `Request.cf` comes from scripts/request-cf.json, so nothing is fetched.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localCfEnv } from "../../scripts/local-cf.mjs";

const ENV = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" };

/**
 * Web Push on (`vars: { ...TEST_VAPID }`): the TEST-ONLY VAPID key pair of vitest.config.ts
 * (made once with scripts/vapid-keys.mjs); never use it anywhere else.
 */
export const TEST_VAPID = {
  VAPID_PUBLIC_KEY: "BCpw_RS5wCck08G74QqUmjPky_P6Q043Bbe0brQrAlZFsWLKACp3MDlmKON96Iaja-sA99CEvKZQSuN2D4TjwN0",
  VAPID_PRIVATE_KEY: "xoeJwwdG_qTMs0M-ktaTF0sWcbF0cL6fk5QXVYGbSic",
  VAPID_SUBJECT: "mailto:tests@example.com",
};

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * wrangler.toml with the report queue switched on (REPORT_INGEST=queue and the
 * queue blocks it ships commented out), written next to it so relative paths
 * still resolve. Returns its path.
 */
function queuedConfig() {
  const lines = readFileSync("wrangler.toml", "utf8").split("\n");
  const start = lines.findIndex((line) => line.startsWith("# [[queues.producers]]"));
  if (start < 0) throw new Error("wrangler.toml no longer holds the commented queue blocks");
  const enabled = lines.map((line, i) => (i < start ? line : line.replace(/^# ?/, "")));
  const vars = enabled.findIndex((line) => line.trim() === "[vars]");
  enabled.splice(vars + 1, 0, 'REPORT_INGEST = "queue"');
  const path = ".e2e-queue.wrangler.toml";
  writeFileSync(path, enabled.join("\n"));
  return path;
}

/**
 * Fills `persistTo` with `npm run demo`'s data. Under `node --test` the demo
 * runs once per test run (about a minute) and each file gets a copy: the test
 * files of one run are children of the same runner process and run one at a
 * time (--test-concurrency=1), so the copy is keyed by that process.
 */
function fillWithDemo(persistTo) {
  const runDemo = (into) => {
    const fill = spawnSync("npx", ["tsx", "scripts/demo.ts", "--persist-to", into], {
      stdio: ["ignore", "ignore", "inherit"],
      env: ENV,
    });
    if (fill.status !== 0) throw new Error("npm run demo failed");
  };
  if (!process.env.NODE_TEST_CONTEXT) return runDemo(persistTo);
  const template = join(tmpdir(), `paystatus-e2e-demo-of-run-${process.ppid}`);
  if (!existsSync(template)) {
    const filling = mkdtempSync(join(tmpdir(), "paystatus-e2e-demo-filling-"));
    runDemo(filling);
    renameSync(filling, template);
  }
  cpSync(template, persistTo, { recursive: true });
}

/**
 * `vars` are extra Worker variables, e.g. `{ ADMIN_TOKEN: "…" }` (passed as `--var NAME:value`), or a
 * function of the server's own URL that answers them (`(url) => ({ PUBLIC_URL: url })`);
 * `queue: true` runs the Worker with the report queue on; `demo: false` leaves the D1 as the
 * migrations make it (the default service and its components, nothing else), for tests that
 * seed what they need through the admin API.
 */
export async function startServer({ vars = {}, queue = false, demo = true } = {}) {
  const config = queue ? queuedConfig() : "wrangler.toml";
  const persistTo = mkdtempSync(join(tmpdir(), "paystatus-e2e-"));
  if (demo) fillWithDemo(persistTo);
  else {
    const fill = spawnSync(
      "npx",
      ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo],
      {
        stdio: ["ignore", "ignore", "inherit"],
        env: ENV,
      },
    );
    if (fill.status !== 0) throw new Error("applying the migrations failed");
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const extraVars = typeof vars === "function" ? vars(url) : vars;
  const child = spawn(
    "npx",
    [
      "wrangler",
      "dev",
      "--config",
      config,
      "--port",
      String(port),
      "--ip",
      "127.0.0.1",
      "--persist-to",
      persistTo,
      "--show-interactive-dev-session=false",
      "--var",
      "FINGERPRINT_SECRET:e2e-secret",
      ...Object.entries(extraVars).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
    ],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...ENV, ...localCfEnv() }, detached: true },
  );
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${log}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      stop();
      throw new Error(`wrangler dev did not answer /healthz in time:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  function stop() {
    try {
      // The whole process group: npx, wrangler and workerd.
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
    rmSync(persistTo, { recursive: true, force: true });
    if (queue) rmSync(config, { force: true });
  }
  return { url, stop, log: () => log };
}

/** One admin API call on `server` with `token`; asserts a 2xx and returns the JSON answer. */
export async function adminCall(server, token, method, path, body = undefined) {
  const response = await fetch(`${server.url}/api/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json)}`);
  return json;
}
