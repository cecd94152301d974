import { readFileSync, writeFileSync, cpSync, rmSync } from "node:fs";
import { spawn } from "node:child_process";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
const src = readFileSync(".bench/dist/index.js", "utf8");
const variants = {
  full: (s) => s,
  noRateLimit: (s) => s.replace("await enforceReportRateLimit(c.env, db2, reporter, now);", ""),
  noSend: (s) => s.replace('await reportSender.send(queue2, report, keepAlive);', ""),
  neither: (s) => s.replace("await enforceReportRateLimit(c.env, db2, reporter, now);", "").replace('await reportSender.send(queue2, report, keepAlive);', ""),
};
function load(url, method, mode = "") {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["scripts/bench/load.mjs", url, method, "4", "16", mode], { stdio: ["ignore", "pipe", "inherit"] });
    let out = ""; child.stdout.on("data", (c) => (out += c));
    child.on("exit", () => resolve(JSON.parse(out.trim().split("\n").pop())));
  });
}
for (const [name, patch] of Object.entries(variants)) {
  const path = `.bench/exp/${name}.js`;
  writeFileSync(path, patch(src));
  rmSync(".bench/exp/db", { recursive: true, force: true });
  cpSync(".bench/d1-1000", ".bench/exp/db", { recursive: true });
  const mf = new Miniflare(convertV4MiniflareOptions({
    modules: true, scriptPath: path, compatibilityDate: "2026-10-01", host: "127.0.0.1", port: 0,
    resourcePersistencePath: ".bench/exp/db", d1Databases: { DB: "bench" },
    ratelimits: { REPORT_RATE_LIMITER: { namespace_id: "1001", simple: { limit: 5, period: 60 } } },
    bindings: { FINGERPRINT_SECRET: "x", REPORT_INGEST: "queue" },
    queueProducers: { REPORT_QUEUE: "q" }, queueConsumers: { q: { maxBatchSize: 100, maxBatchTimeout: 1 } },
  }));
  const base = await mf.ready;
  const h = await load(new URL("/healthz", base).toString(), "GET");
  const r = await load(new URL("/api/reports", base).toString(), "POST", "report");
  console.log(name, "healthz", Math.round(h.rps), "report", Math.round(r.rps), "ratio", (r.rps / h.rps).toFixed(2), "p99", r.p99, "non2xx", r.non2xx);
  await mf.dispose();
}
