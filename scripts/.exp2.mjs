import { rmSync, cpSync } from "node:fs";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
rmSync(".bench/exp/db", { recursive: true, force: true });
cpSync(".bench/d1-1000", ".bench/exp/db", { recursive: true });
const mf = new Miniflare(convertV4MiniflareOptions({
  modules: true, scriptPath: process.argv[2] ?? ".bench/dist/index.js", compatibilityDate: "2026-10-01", host: "127.0.0.1", port: 0,
  resourcePersistencePath: ".bench/exp/db", d1Databases: { DB: "bench" },
  ratelimits: { REPORT_RATE_LIMITER: { namespace_id: "1001", simple: { limit: 5, period: 60 } } },
  bindings: { FINGERPRINT_SECRET: "x", REPORT_INGEST: "queue" },
  queueProducers: { REPORT_QUEUE: "q" }, queueConsumers: { q: { maxBatchSize: 100, maxBatchTimeout: 1 } },
}));
const base = await mf.ready;
const statuses = {};
let sample;
let counter = 0;
await Promise.all(Array.from({ length: 16 }, async () => { for (let k = 0; k < 300; k++) { const n = counter++;
  const r = await fetch(new URL("/api/reports", base), { method: "POST", headers: { "content-type": "application/json", "cf-connecting-ip": `10.${n >> 16}.${(n >> 8) & 255}.${n & 255}`, "user-agent": `u${n}` }, body: JSON.stringify({ component: "online-pay", symptom: "system_busy" }) });
  statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  const t = await r.text();
  if (r.status >= 300) sample = t;
}}));
console.log(statuses, sample);
await new Promise((r) => setTimeout(r, 2500));
const db = await mf.getD1Database("DB");
console.log(await db.prepare("SELECT COUNT(*) n FROM reports WHERE received_at > ?").bind(Date.now() - 60000).first());
await mf.dispose();
