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
          // A local R2 bucket for the static mirror's tests (test/mirror/). Not named MIRROR_BUCKET: bound
          // under that name, every other test's cron run would render the mirror too; the mirror tests
          // hand it to the Worker as MIRROR_BUCKET themselves.
          r2Buckets: ["MIRROR_TEST_BUCKET"],
          queueProducers: { REPORT_QUEUE: "paystatus-reports" },
          queueConsumers: { "paystatus-reports": { maxBatchSize: 100, maxBatchTimeout: 1 } },
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
      // Node-side servers the tests in workerd talk to; their ports reach the tests through `inject`.
      globalSetup: ["./test/setup/s3-server.ts"],
    },
  };
});
