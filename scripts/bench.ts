#!/usr/bin/env node
/**
 * `npm run bench [-- --json] [-- --quick]`: the Worker's own cost, measured without
 * wrangler dev's proxy and inspector. It bundles the Worker with wrangler
 * (--dry-run), runs the bundle in workerd through Miniflare's API with a local
 * D1 seeded with 10^5 reports, and drives it with autocannon from a second
 * process over loopback. Every figure is also printed as a ratio to /healthz
 * in the same run (the runtime's own ceiling). Reports are measured both ways:
 * each request writing to D1, and through the report queue (REPORT_INGEST=queue),
 * where only reports the consumer wrote count. Then the summary's build time
 * (edge cache off) is compared at 10^3 and 10^6 stored reports.
 * A benchmark, not a test: nothing here fails on a slow machine.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { seedReports } from "./bench/seed";

const args = new Set(process.argv.slice(2));
const asJson = args.has("--json");
const quick = args.has("--quick");
const LOAD_SECONDS = quick ? 3 : 8;
const CONNECTIONS = 16;
const MAIN_REPORTS = quick ? 100_000 : 100_000;
const LARGE_REPORTS = quick ? 200_000 : 1_000_000;
const SMALL_REPORTS = 1_000;
const SUMMARY_SAMPLES = quick ? 100 : 300;
const WORK = ".bench";
const COMPATIBILITY_DATE = readFileSync("wrangler.toml", "utf8").match(/compatibility_date\s*=\s*"([^"]+)"/)?.[1] ?? "2026-10-01";

const log = (line: string) => {
  if (!asJson) console.log(line);
  else process.stderr.write(line + "\n");
};

function build(): string {
  const out = join(WORK, "dist");
  rmSync(out, { recursive: true, force: true });
  const result = spawnSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", out], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`wrangler build failed:\n${result.stderr}`);
  return join(out, "index.js");
}

function migrationStatements(): string[] {
  return readdirSync("migrations")
    .filter((name) => name.endsWith(".sql"))
    .sort()
    .flatMap((name) => readFileSync(join("migrations", name), "utf8").split("--> statement-breakpoint"))
    .map((sql) => sql.replace(/^\s*--.*$/gm, "").trim())
    .filter(Boolean);
}

/** Bindings and the local queue for REPORT_INGEST=queue (the path README "Under a crowd" recommends for a crowd). */
const QUEUED = {
  bindings: { REPORT_INGEST: "queue" },
  queueProducers: { REPORT_QUEUE: "paystatus-reports" },
  queueConsumers: { "paystatus-reports": { maxBatchSize: 100, maxBatchTimeout: 1 } },
};

function worker(scriptPath: string, persist: string, extraBindings: Record<string, string> = {}, queued = false) {
  // Miniflare 5 takes a new options shape; convertV4MiniflareOptions accepts the familiar one.
  return new Miniflare(
    convertV4MiniflareOptions({
    modules: true,
    scriptPath,
    compatibilityDate: COMPATIBILITY_DATE,
    host: "127.0.0.1",
    port: 0,
    resourcePersistencePath: persist,
    d1Databases: { DB: "bench" },
    ratelimits: { REPORT_RATE_LIMITER: { namespace_id: "1001", simple: { limit: 5, period: 60 } } },
    bindings: { FINGERPRINT_SECRET: "bench-secret", ADMIN_TOKEN: "bench-admin", TIME_ZONE: "Asia/Shanghai", ...extraBindings, ...(queued ? QUEUED.bindings : {}) },
    ...(queued ? { queueProducers: QUEUED.queueProducers, queueConsumers: QUEUED.queueConsumers } : {}),
    }),
  );
}

/** A D1 directory seeded with `count` reports, made once and reused by later runs. */
async function seededDatabase(scriptPath: string, count: number): Promise<string> {
  const persist = join(WORK, `d1-${count}`);
  const marker = join(persist, "seeded");
  // A database seeded under an older schema is made again.
  const schema = readdirSync("migrations").filter((name) => name.endsWith(".sql")).sort().join(",");
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

function load(url: string, method: string, mode = ""): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["scripts/bench/load.mjs", url, method, String(LOAD_SECONDS), String(CONNECTIONS), mode], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!)) : reject(new Error(`load exited ${code}`))));
  });
}

type LoadResult = { rps: number; p99: number; non2xx: number; ok: number };

/**
 * Drives POST /api/reports with the report queue on, then waits for the
 * consumer to write everything it accepted: a figure counts only if the
 * reports reach D1, and the consumer shares the machine with the requests.
 */
async function queuedIngest(scriptPath: string, persist: string) {
  const mf = worker(scriptPath, persist, {}, true);
  try {
    const base = await mf.ready;
    const db = await mf.getD1Database("DB");
    const stored = async () => (await db.prepare("SELECT COUNT(*) AS n FROM reports").first<{ n: number }>())!.n;
    const before = await stored();
    const result = await load(new URL("/api/reports", base).toString(), "POST", "report");
    const loadEnded = performance.now();
    let written = 0;
    for (let waited = 0; waited < 60_000; waited += 250) {
      written = (await stored()) - before;
      if (written >= result.ok) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const drainSeconds = (performance.now() - loadEnded) / 1000;
    log(`  accepted ${result.ok}, stored ${written} (all written ${drainSeconds.toFixed(1)} s after the load ended)`);
    return { load: result, accepted: result.ok, written, drainSeconds };
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
      if (path === "/send") await env.REPORT_QUEUE.send({ key }, { contentType: "json" });
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
      ratelimits: { REPORT_RATE_LIMITER: { namespace_id: "1001", simple: { limit: 5, period: 60 } } },
      queueProducers: QUEUED.queueProducers,
      queueConsumers: QUEUED.queueConsumers,
    }),
  );
  try {
    const base = await mf.ready;
    const rps = async (path: string) => (await load(new URL(path, base).toString(), "GET")).rps;
    const bare = await rps("/");
    const limited = await rps("/ratelimit");
    const sent = await rps("/send");
    // Under saturation, 1/rps is the CPU a request costs; the difference is the binding's.
    const costMs = (withBinding: number) => Math.max(0, 1000 / withBinding - 1000 / bare);
    const rateLimitMs = costMs(limited);
    const sendMs = costMs(sent);
    return { bare, limited, sent, rateLimitMs, sendMs };
  } finally {
    await mf.dispose();
  }
}

/** Median time of sequential summary builds, edge cache off. */
async function summaryBuildMs(scriptPath: string, persist: string): Promise<number> {
  const mf = worker(scriptPath, persist, { EDGE_CACHE_TTL: "0" });
  try {
    const url = await mf.ready;
    for (let i = 0; i < 20; i++) await (await fetch(new URL("/api/v2/summary.json", url))).arrayBuffer();
    const times: number[] = [];
    for (let i = 0; i < SUMMARY_SAMPLES; i++) {
      const started = performance.now();
      const response = await fetch(new URL("/api/v2/summary.json", url));
      await response.arrayBuffer();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
  } finally {
    await mf.dispose();
  }
}

async function main() {
  mkdirSync(WORK, { recursive: true });
  log("Building the Worker (wrangler deploy --dry-run)…");
  const scriptPath = build();
  log("Seeding local D1 databases (cached under .bench/)…");
  const mainDb = await seededDatabase(scriptPath, MAIN_REPORTS);
  const smallDb = await seededDatabase(scriptPath, SMALL_REPORTS);
  const largeDb = await seededDatabase(scriptPath, LARGE_REPORTS);

  log(`Load: ${LOAD_SECONDS} s per endpoint, ${CONNECTIONS} connections, ${MAIN_REPORTS.toLocaleString("en")} stored reports`);
  const mf = worker(scriptPath, mainDb);
  const base = await mf.ready;
  let rows: Record<string, LoadResult>;
  try {
    const at = (path: string) => new URL(path, base).toString();
    rows = {
      "/healthz": await load(at("/healthz"), "GET"),
      "/api/v2/summary.json": await load(at("/api/v2/summary.json"), "GET"),
      "/": await load(at("/"), "GET"),
      "POST /api/reports (direct)": await load(at("/api/reports"), "POST", "report"),
    };
  } finally {
    await mf.dispose();
  }
  log("Report ingestion through the queue (REPORT_INGEST=queue)…");
  const queued = await queuedIngest(scriptPath, mainDb);
  rows["POST /api/reports (queue)"] = queued.load;

  log("Binding floor: a bare Worker calling the Rate Limiting binding or a queue send…");
  const floor = await bindingFloor();

  log("Summary build time (edge cache off)…");
  const summarySmall = await summaryBuildMs(scriptPath, smallDb);
  const summaryLarge = await summaryBuildMs(scriptPath, largeDb);

  const baseline = rows["/healthz"]!.rps;
  // A queued report that never reached D1 does not count as ingested.
  // The best a report could do here if the Worker's own work were free: /healthz plus one call to each binding.
  const ceilingRatio = 1 / (1 + (baseline * (floor.rateLimitMs + floor.sendMs)) / 1000);
  const queuedRps = queued.accepted > 0 ? (rows["POST /api/reports (queue)"]!.rps * Math.min(queued.written, queued.accepted)) / queued.accepted : 0;
  const result = {
    baseline_rps: Math.round(baseline),
    summary_rps: Math.round(rows["/api/v2/summary.json"]!.rps),
    page_rps: Math.round(rows["/"]!.rps),
    // Ingestion as deployed for a crowd (REPORT_INGEST=queue), counting only what reached D1.
    report_rps: Math.round(queuedRps),
    summary_ratio: round(rows["/api/v2/summary.json"]!.rps / baseline),
    page_ratio: round(rows["/"]!.rps / baseline),
    report_ratio: round(queuedRps / baseline),
    summary_ms_1e3: round(summarySmall),
    summary_ms_1e6: round(summaryLarge),
    // Each request writing its own report (REPORT_INGEST unset).
    report_direct_rps: Math.round(rows["POST /api/reports (direct)"]!.rps),
    report_direct_ratio: round(rows["POST /api/reports (direct)"]!.rps / baseline),
    report_queue_stored: queued.written,
    report_queue_accepted: queued.accepted,
    // The runtime's own price of the two bindings a report calls, and the best ratio any Worker calling both once could reach here.
    ratelimit_call_ms: round(floor.rateLimitMs),
    queue_send_call_ms: round(floor.sendMs),
    report_ceiling_ratio: round(ceilingRatio),
  };
  if (asJson) {
    console.log(JSON.stringify(result));
    return;
  }
  console.log("");
  console.log("endpoint                    req/s     p99 ms   ratio to /healthz   non-2xx");
  for (const [name, row] of Object.entries(rows)) {
    console.log(`${name.padEnd(26)}${String(Math.round(row.rps)).padStart(7)}${String(row.p99).padStart(11)}${round(row.rps / baseline).toFixed(2).padStart(20)}${String(row.non2xx).padStart(10)}`);
  }
  console.log("");
  console.log(`summary build (median, cache off): ${summarySmall.toFixed(2)} ms at ${SMALL_REPORTS.toLocaleString("en")} reports, ${summaryLarge.toFixed(2)} ms at ${LARGE_REPORTS.toLocaleString("en")} (ratio ${round(summaryLarge / summarySmall).toFixed(2)})`);
  console.log(
    `binding floor (bare Worker): ${Math.round(floor.bare)} req/s; with a Rate Limiting call ${Math.round(floor.limited)} (+${floor.rateLimitMs.toFixed(2)} ms each), with a queue send ${Math.round(floor.sent)} (+${floor.sendMs.toFixed(2)} ms each): so /healthz plus one call to each tops out near ${ceilingRatio.toFixed(2)} of /healthz here`,
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
