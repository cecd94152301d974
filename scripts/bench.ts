#!/usr/bin/env node
/**
 * `npm run bench [-- --json] [-- --quick]`: the Worker's own cost, measured without
 * wrangler dev's proxy and inspector. It bundles the Worker with wrangler
 * (--dry-run), runs the bundle in workerd through Miniflare's API with a local
 * D1 seeded with 10^5 reports (a fresh copy per run), and drives it with
 * autocannon from a second process over loopback. Every figure is also a ratio
 * to /healthz measured around it (see rounds()). Reports are measured both
 * ways: each request writing to D1, and through the report queue
 * (REPORT_INGEST=queue), where only reports the consumer wrote count. The
 * headline figures use the Rate Limiting binding as production runs it
 * (scripts/bench/edge-rate-limiter.mjs); the queued figure with Miniflare's
 * simulator is printed too. Then the summary's build time (edge cache off) is
 * compared at 10^3 and 10^6 stored reports.
 * A benchmark, not a test: nothing here fails on a slow machine.
 */
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, dirname, join } from "node:path";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { seedReports } from "./bench/seed";

const args = new Set(process.argv.slice(2));
const asJson = args.has("--json");
const quick = args.has("--quick");
/** Measured seconds per endpoint: ROUNDS runs of ROUND_SECONDS, each between two /healthz runs (see rounds()). */
const ROUNDS = quick ? 3 : 5;
const ROUND_SECONDS = quick ? 2 : 3;
const WARM_SECONDS = quick ? 1 : 2;
const CONNECTIONS = 16;
const MAIN_REPORTS = quick ? 100_000 : 100_000;
const LARGE_REPORTS = quick ? 200_000 : 1_000_000;
const SMALL_REPORTS = 1_000;
const SUMMARY_SAMPLES = quick ? 100 : 300;
const WORK = ".bench";
const COMPATIBILITY_DATE =
  readFileSync("wrangler.toml", "utf8").match(/compatibility_date\s*=\s*"([^"]+)"/)?.[1] ?? "2026-10-01";

/**
 * On Linux with two or more CPUs the load generator runs on the last CPU
 * (taskset), so it stops taking turns with workerd's thread: that was most of
 * the run-to-run noise on a 2-vCPU machine. workerd stays free to use every
 * CPU, since its V8 helper thread (GC, compilation) needs one besides the main
 * thread.
 */
const cpus = availableParallelism();
const pinned =
  process.platform === "linux" && cpus >= 2 && spawnSync("taskset", ["-c", String(cpus - 1), "true"]).status === 0;
const loadCommand = (args: string[]): [string, string[]] =>
  pinned ? ["taskset", ["-c", String(cpus - 1), process.execPath, ...args]] : [process.execPath, args];

const log = (line: string) => {
  if (!asJson) console.log(line);
  else process.stderr.write(`${line}\n`);
};

/** The rate limit wrangler.toml gives the REPORT_RATE_LIMITER binding. */
const RATE_LIMIT = (() => {
  const [, limit = "5", period = "60"] =
    readFileSync("wrangler.toml", "utf8").match(/simple\s*=\s*\{\s*limit\s*=\s*(\d+)\s*,\s*period\s*=\s*(\d+)/) ?? [];
  return { limit: Number(limit), period: Number(period) as 10 | 60 };
})();

/**
 * Bundles the Worker as `wrangler deploy` would. Returns the bundle itself and
 * an entry that runs the same bundle with the Rate Limiting binding as
 * production runs it (scripts/bench/edge-rate-limiter.mjs explains why).
 */
function build(): { bundle: string; edgeEntry: string } {
  const out = join(WORK, "dist");
  rmSync(out, { recursive: true, force: true });
  const result = spawnSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", out], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`wrangler build failed:\n${result.stderr}`);
  copyFileSync("scripts/bench/edge-rate-limiter.mjs", join(out, "edge-rate-limiter.mjs"));
  const edgeEntry = join(out, "edge-entry.mjs");
  writeFileSync(
    edgeEntry,
    `import worker from "./index.js";\nimport { withMemoryRateLimiter } from "./edge-rate-limiter.mjs";\nexport default withMemoryRateLimiter(worker, "REPORT_RATE_LIMITER", ${JSON.stringify(RATE_LIMIT)});\n`,
  );
  return { bundle: join(out, "index.js"), edgeEntry };
}

function migrationStatements(): string[] {
  return readdirSync("migrations")
    .filter((name) => name.endsWith(".sql"))
    .sort()
    .flatMap((name) => readFileSync(join("migrations", name), "utf8").split("--> statement-breakpoint"))
    .map((sql) => sql.replace(/^\s*--.*$/gm, "").trim())
    .filter(Boolean);
}

/** Bindings and the local queue for REPORT_INGEST=queue (the path docs/scaling.md recommends for a crowd). */
const QUEUED = {
  bindings: { REPORT_INGEST: "queue" },
  queueProducers: { REPORT_QUEUE: "paystatus-reports" },
  queueConsumers: { "paystatus-reports": { maxBatchSize: 100, maxBatchTimeout: 1 } },
};

function worker(scriptPath: string, persist: string, extraBindings: Record<string, string> = {}, queued = false) {
  // Miniflare 5 takes a new options shape; convertV4MiniflareOptions accepts the familiar one.
  return new Miniflare(
    convertV4MiniflareOptions({
      // The entry first, then the other files of the build, so the edge entry can import the bundle beside it.
      modules: [
        basename(scriptPath),
        ...readdirSync(dirname(scriptPath)).filter((name) => /\.m?js$/.test(name) && name !== basename(scriptPath)),
      ].map((name) => ({
        type: "ESModule" as const,
        path: join(dirname(scriptPath), name),
      })),
      modulesRoot: dirname(scriptPath),
      compatibilityDate: COMPATIBILITY_DATE,
      host: "127.0.0.1",
      port: 0,
      resourcePersistencePath: persist,
      d1Databases: { DB: "bench" },
      ratelimits: { REPORT_RATE_LIMITER: { namespace_id: "1001", simple: RATE_LIMIT } },
      bindings: {
        FINGERPRINT_SECRET: "bench-secret",
        ADMIN_TOKEN: "bench-admin",
        TIME_ZONE: "Asia/Shanghai",
        ...extraBindings,
        ...(queued ? QUEUED.bindings : {}),
      },
      ...(queued ? { queueProducers: QUEUED.queueProducers, queueConsumers: QUEUED.queueConsumers } : {}),
    }),
  );
}

/** A D1 directory seeded with `count` reports, made once and reused by later runs. */
async function seededDatabase(scriptPath: string, count: number): Promise<string> {
  const persist = join(WORK, `d1-${count}`);
  const marker = join(persist, "seeded");
  // A database seeded under an older schema is made again.
  const schema = readdirSync("migrations")
    .filter((name) => name.endsWith(".sql"))
    .sort()
    .join(",");
  if (existsSync(marker) && readFileSync(marker, "utf8") === schema) return persist;
  rmSync(persist, { recursive: true, force: true });
  mkdirSync(persist, { recursive: true });
  const mf = worker(scriptPath, persist);
  try {
    const db = await mf.getD1Database("DB");
    for (const statement of migrationStatements()) await db.prepare(statement).run();
    const started = performance.now();
    await seedReports(db, count, Date.now());
    log(`  seeded ${count.toLocaleString("en")} reports in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await mf.dispose();
  }
  writeFileSync(marker, schema);
  return persist;
}

type Target = { url: string; method: string; mode?: string };
type Figure = { rps: number; p99: number; ratio: number; ratios: number[]; non2xx: number; ok: number };

/**
 * Loads each target once unmeasured (V8 compiles the hot paths), then ROUNDS
 * times, with a baseline run between every two measured runs. A figure is the
 * median over rounds, and its ratio the median of its ratios to the mean of
 * the two baseline runs around it: on a shared machine throughput drifts by a
 * quarter within a minute, and comparing neighbours cancels most of that.
 * `ok` counts every 2xx, warm-up included.
 */
async function rounds(targets: Record<string, Target>, baseline = "/healthz"): Promise<Record<string, Figure>> {
  const names = Object.keys(targets);
  const measured = names.filter((name) => name !== baseline);
  const runs: Record<string, LoadResult[]> = Object.fromEntries(names.map((name) => [name, []]));
  const ratios: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  const ok: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
  const run = async (name: string, seconds: number) => {
    const { url, method, mode = "" } = targets[name]!;
    const result = await load(url, method, mode, seconds);
    ok[name]! += result.ok;
    return result;
  };
  for (const name of names) await run(name, WARM_SECONDS);
  let before = await run(baseline, ROUND_SECONDS);
  runs[baseline]!.push(before);
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of measured) {
      const result = await run(name, ROUND_SECONDS);
      const after = await run(baseline, ROUND_SECONDS);
      runs[name]!.push(result);
      runs[baseline]!.push(after);
      ratios[name]!.push(result.rps / ((before.rps + after.rps) / 2));
      before = after;
    }
  }
  ratios[baseline] = runs[baseline]!.map(() => 1);
  return Object.fromEntries(
    names.map((name) => {
      const own = runs[name]!;
      return [
        name,
        {
          rps: median(own.map((r) => r.rps)),
          p99: median(own.map((r) => r.p99)),
          ratio: median(ratios[name]!),
          ratios: ratios[name]!,
          non2xx: own.reduce((sum, r) => sum + r.non2xx, 0),
          ok: ok[name]!,
        },
      ];
    }),
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function load(url: string, method: string, mode: string, seconds: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const [command, args] = loadCommand([
      "scripts/bench/load.mjs",
      url,
      method,
      String(seconds),
      String(CONNECTIONS),
      mode,
    ]);
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!)) : reject(new Error(`load exited ${code}`)),
    );
  });
}

type LoadResult = { rps: number; p99: number; non2xx: number; ok: number };

/**
 * Drives POST /api/reports with the report queue on, in rounds with /healthz
 * on the same Worker, then waits for the consumer to write everything it
 * accepted: a report counts only once it is in D1, and the consumer shares
 * the machine with the requests.
 */
async function queuedIngest(scriptPath: string, persist: string) {
  const mf = worker(scriptPath, persist, {}, true);
  try {
    const base = await mf.ready;
    const db = await mf.getD1Database("DB");
    const stored = async () => (await db.prepare("SELECT COUNT(*) AS n FROM reports").first<{ n: number }>())!.n;
    const before = await stored();
    const figures = await rounds({
      "/healthz": { url: new URL("/healthz", base).toString(), method: "GET" },
      report: { url: new URL("/api/reports", base).toString(), method: "POST", mode: "report" },
    });
    const loadEnded = performance.now();
    const accepted = figures.report!.ok;
    let written = 0;
    for (let waited = 0; waited < 60_000; waited += 250) {
      written = (await stored()) - before;
      if (written >= accepted) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const drainSeconds = (performance.now() - loadEnded) / 1000;
    log(
      `  accepted ${accepted} (warm-up included), stored ${written} (all written ${drainSeconds.toFixed(1)} s after the load ended)`,
    );
    // What never reached D1 was not ingested.
    const share = accepted > 0 ? Math.min(written, accepted) / accepted : 0;
    const report = figures.report!;
    return {
      figure: {
        ...report,
        rps: report.rps * share,
        ratio: report.ratio * share,
        ratios: report.ratios.map((ratio) => ratio * share),
      },
      accepted,
      written,
    };
  } finally {
    await mf.dispose();
  }
}

/**
 * What the two bindings a queued report calls cost by themselves in this
 * runtime: a bare Worker answering at once, after a Rate Limiting call, and
 * after a queue send, driven the same way as the real one. Under local
 * Miniflare both are Durable Object calls in the same workerd thread; in
 * production the rate limiter is decided in the Cloudflare location.
 */
async function bindingFloor() {
  const script = `export default {
    async fetch(request, env) {
      const path = new URL(request.url).pathname;
      const key = crypto.randomUUID();
      if (path === "/ratelimit") await env.REPORT_RATE_LIMITER.limit({ key });
      if (path === "/send") await env.REPORT_QUEUE.send({ key });
      return new Response("ok");
    },
    async queue(batch) { batch.ackAll(); },
  };`;
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      script,
      compatibilityDate: COMPATIBILITY_DATE,
      host: "127.0.0.1",
      port: 0,
      ratelimits: { REPORT_RATE_LIMITER: { namespace_id: "1001", simple: RATE_LIMIT } },
      queueProducers: QUEUED.queueProducers,
      queueConsumers: QUEUED.queueConsumers,
    }),
  );
  try {
    const base = await mf.ready;
    const at = (path: string) => ({ url: new URL(path, base).toString(), method: "GET" });
    const figures = await rounds({ "/": at("/"), "/ratelimit": at("/ratelimit"), "/send": at("/send") }, "/");
    const bare = figures["/"]!.rps;
    const limited = bare * figures["/ratelimit"]!.ratio;
    const sent = bare * figures["/send"]!.ratio;
    // Under saturation, 1/rps is the CPU a request costs; the difference is the binding's.
    const costMs = (withBinding: number) => Math.max(0, 1000 / withBinding - 1000 / bare);
    const rateLimitMs = costMs(limited);
    const sendMs = costMs(sent);
    return { bare, limited, sent, rateLimitMs, sendMs };
  } finally {
    await mf.dispose();
  }
}

/**
 * Median build time of /api/v2/summary.json (edge cache off) on each
 * database, sampled alternately so both see the same machine at the same time.
 */
async function summaryBuildMs(scriptPath: string, persists: string[]): Promise<number[]> {
  const instances = persists.map((persist) => worker(scriptPath, persist, { EDGE_CACHE_TTL: "0" }));
  try {
    const urls = await Promise.all(instances.map(async (mf) => new URL("/api/v2/summary.json", await mf.ready)));
    const timeOne = async (url: URL) => {
      const started = performance.now();
      await (await fetch(url)).arrayBuffer();
      return performance.now() - started;
    };
    for (let i = 0; i < 20; i++) for (const url of urls) await timeOne(url);
    const times: number[][] = urls.map(() => []);
    for (let i = 0; i < SUMMARY_SAMPLES; i++) for (const [k, url] of urls.entries()) times[k]!.push(await timeOne(url));
    return times.map(median);
  } finally {
    await Promise.all(instances.map((mf) => mf.dispose()));
  }
}

async function main() {
  mkdirSync(WORK, { recursive: true });
  log("Building the Worker (wrangler deploy --dry-run)…");
  const { bundle, edgeEntry } = build();
  // Every figure but one runs the bundle with the Rate Limiting binding as production runs it.
  const scriptPath = edgeEntry;
  log("Seeding local D1 databases (cached under .bench/)…");
  const mainDb = await seededDatabase(scriptPath, MAIN_REPORTS);
  const smallDb = await seededDatabase(scriptPath, SMALL_REPORTS);
  const largeDb = await seededDatabase(scriptPath, LARGE_REPORTS);

  // Runs write reports: they work on a copy, so every run starts from the same 10^5.
  const runDb = join(WORK, "run-db");
  rmSync(runDb, { recursive: true, force: true });
  cpSync(mainDb, runDb, { recursive: true });

  log(
    pinned
      ? `The load generator runs on CPU ${cpus - 1} (taskset)`
      : "The load generator is not pinned to a CPU (needs Linux, taskset and two CPUs)",
  );
  log(
    `Load: ${WARM_SECONDS} s warm-up, then ${ROUNDS} rounds of ${ROUND_SECONDS} s per endpoint; ${CONNECTIONS} connections; ${MAIN_REPORTS.toLocaleString("en")} stored reports`,
  );
  const mf = worker(scriptPath, runDb);
  const base = await mf.ready;
  let rows: Record<string, Figure>;
  try {
    const at = (path: string, method = "GET", mode = "") => ({ url: new URL(path, base).toString(), method, mode });
    rows = await rounds({
      "/healthz": at("/healthz"),
      "/api/v2/summary.json": at("/api/v2/summary.json"),
      "/": at("/"),
      "POST /api/reports (direct)": at("/api/reports", "POST", "report"),
    });
  } finally {
    await mf.dispose();
  }
  log("Report ingestion through the queue (REPORT_INGEST=queue)…");
  const queued = await queuedIngest(scriptPath, runDb);
  rows["POST /api/reports (queue)"] = queued.figure;
  log("The same with Miniflare's simulated Rate Limiting binding (a SQLite Durable Object per call)…");
  const simulated = await queuedIngest(bundle, runDb);
  rows["… with Miniflare's limiter"] = simulated.figure;

  log("Binding floor: a bare Worker calling the Rate Limiting binding or a queue send…");
  const floor = await bindingFloor();

  log("Summary build time (edge cache off)…");
  const [summarySmall, summaryLarge] = (await summaryBuildMs(scriptPath, [smallDb, largeDb])) as [number, number];

  const baseline = rows["/healthz"]!.rps;
  // The best a queued report could do here if the Worker's own work were free: /healthz plus one queue send.
  const ceilingRatio = 1 / (1 + (baseline * floor.sendMs) / 1000);
  const result = {
    baseline_rps: Math.round(baseline),
    summary_rps: Math.round(rows["/api/v2/summary.json"]!.rps),
    page_rps: Math.round(rows["/"]!.rps),
    // Ingestion as deployed for a crowd (REPORT_INGEST=queue), counting only what reached D1.
    report_rps: Math.round(queued.figure.rps),
    summary_ratio: round(rows["/api/v2/summary.json"]!.ratio),
    page_ratio: round(rows["/"]!.ratio),
    report_ratio: round(queued.figure.ratio),
    summary_ms_1e3: round(summarySmall),
    summary_ms_1e6: round(summaryLarge),
    // Each request writing its own report (REPORT_INGEST unset).
    report_direct_rps: Math.round(rows["POST /api/reports (direct)"]!.rps),
    report_direct_ratio: round(rows["POST /api/reports (direct)"]!.ratio),
    report_queue_stored: queued.written,
    report_queue_accepted: queued.accepted,
    // The queued figure with Miniflare's own Rate Limiting simulator instead (scripts/bench/edge-rate-limiter.mjs says why it is not the headline).
    report_miniflare_limiter_rps: Math.round(simulated.figure.rps),
    report_miniflare_limiter_ratio: round(simulated.figure.ratio),
    // What the local simulators cost per call, measured on a bare Worker.
    ratelimit_call_ms: round(floor.rateLimitMs),
    queue_send_call_ms: round(floor.sendMs),
    report_ceiling_ratio: round(ceilingRatio),
  };
  if (asJson) {
    console.log(JSON.stringify(result));
    return;
  }
  console.log("");
  console.log("endpoint                      req/s     p99 ms   ratio to /healthz (rounds)   non-2xx");
  for (const [name, row] of Object.entries(rows)) {
    const range = `${Math.min(...row.ratios).toFixed(2)}–${Math.max(...row.ratios).toFixed(2)}`;
    console.log(
      `${name.padEnd(28)}${String(Math.round(row.rps)).padStart(7)}${String(row.p99).padStart(11)}${row.ratio.toFixed(2).padStart(11)} (${range})${String(row.non2xx).padStart(10)}`,
    );
  }
  console.log(
    "(req/s and p99: medians of the rounds; ratio: median over rounds of req/s divided by the mean of the two /healthz runs around it, range in brackets; queued figures count only reports that reached D1)",
  );
  console.log("");
  console.log(
    `summary build (median, cache off): ${summarySmall.toFixed(2)} ms at ${SMALL_REPORTS.toLocaleString("en")} reports, ${summaryLarge.toFixed(2)} ms at ${LARGE_REPORTS.toLocaleString("en")} (ratio ${round(summaryLarge / summarySmall).toFixed(2)})`,
  );
  console.log(
    `local simulators (bare Worker, ${Math.round(floor.bare)} req/s): Miniflare's Rate Limiting call +${floor.rateLimitMs.toFixed(2)} ms, a queue send +${floor.sendMs.toFixed(2)} ms; /healthz plus one send tops out near ${ceilingRatio.toFixed(2)} of /healthz here`,
  );
  console.log(`targets: summary ≥ 0.8, page ≥ 0.6, report ≥ 0.3 of /healthz; summary at 10^6 within 1.2× of 10^3`);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

main().catch((error) => {
  console.error(String(error?.stack ?? error).slice(0, 2000));
  process.exit(1);
});
