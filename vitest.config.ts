import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Tests run inside workerd with the Worker's wrangler.toml and a real local D1.
// The project's own migrations are read here (in Node) and applied by
// test/setup/apply-migrations.ts (in the Worker), so tests and production share one schema.
export default defineConfig(async () => {
  const migrations = await readD1Migrations({ migrationsDir: "migrations" });
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            FINGERPRINT_SECRET: "test-fingerprint-secret",
            ADMIN_TOKEN: "test-admin-token",
            // The read caches stay on, as in production (EDGE_CACHE_TTL defaults to 30 s); the few
            // tests that read time series right after writing them turn it off per request
            // (test/helpers.ts `fetchUncached`).
          },
          // Miniflare's local queue, so the queued ingest path (REPORT_INGEST=queue) runs for real in
          // test/queue.test.ts; every other test leaves REPORT_INGEST unset and writes directly.
          // An empty second database: test/db/migrations.test.ts applies the migrations to it step by step.
          d1Databases: ["MIGRATION_DB"],
          queueProducers: { REPORT_QUEUE: "paystatus-reports", NOTIFY_QUEUE: "paystatus-notify" },
          queueConsumers: {
            "paystatus-reports": { maxBatchSize: 100, maxBatchTimeout: 1 },
            // The notification queue as wrangler.toml has it, flushed within a second (test/notify/fanout/).
            "paystatus-notify": { maxBatchSize: 20, maxBatchTimeout: 1, maxRetries: 10, retryDelay: 60 },
          },
          // No `cf` option: the plugin passes these options per Worker and drops Miniflare's shared `cf`,
          // and under Vitest (NODE_ENV=test) Miniflare takes its placeholder `request.cf` without fetching
          // one. The tests call the Worker directly, so no `request.cf` reaches it; `wrangler dev` gets
          // scripts/request-cf.json (scripts/local-cf.mjs).
        },
      }),
    ],
    test: {
      include: ["test/**/*.test.ts"],
      exclude: ["test/e2e/**"],
      setupFiles: ["./test/setup/apply-migrations.ts"],
    },
  };
});
