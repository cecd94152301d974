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
            // TEST-ONLY VAPID key pair for Web Push (made once with scripts/vapid-keys.mjs); never use it anywhere else.
            VAPID_PUBLIC_KEY: "BCpw_RS5wCck08G74QqUmjPky_P6Q043Bbe0brQrAlZFsWLKACp3MDlmKON96Iaja-sA99CEvKZQSuN2D4TjwN0",
            VAPID_PRIVATE_KEY: "xoeJwwdG_qTMs0M-ktaTF0sWcbF0cL6fk5QXVYGbSic",
            VAPID_SUBJECT: "mailto:tests@example.com",
            // The read caches stay on, as in production (EDGE_CACHE_TTL defaults to 30 s); the few
            // tests that read time series right after writing them turn it off per request
            // (test/helpers.ts `fetchUncached`).
          },
          // Miniflare's local queue, so the queued ingest path (REPORT_INGEST=queue) runs for real in
          // test/queue.test.ts; every other test leaves REPORT_INGEST unset and writes directly.
          // An empty second database: test/db/migrations.test.ts applies the migrations to it step by step.
          d1Databases: ["MIGRATION_DB"],
          // Miniflare's local send_email binding, which checks a raw message as Cloudflare does (parses it,
          // wants a Message-ID and a From that matches the envelope) for test/notify/email/binding.test.ts.
          // Not SEND_EMAIL, so every other test still gets the outbox from emailSenderFor.
          email: {
            send_email: [
              {
                name: "TEST_SEND_EMAIL",
                allowed_sender_addresses: ["status@example.com"],
                allowed_destination_addresses: ["reader@example.net"],
              },
            ],
          },
          // A local R2 bucket for the static mirror's tests (test/mirror/). Not named MIRROR_BUCKET: bound
          // under that name, every other test's cron run would render the mirror too; the mirror tests
          // hand it to the Worker as MIRROR_BUCKET themselves.
          r2Buckets: ["MIRROR_TEST_BUCKET"],
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
      // Node-side servers the tests in workerd talk to (SMTP, chat robots, a Web Push service), and the
      // sizes of public/'s stylesheets and scripts for the page-weight checks (assets are not served in tests);
      // they reach the tests through `inject`.
      globalSetup: [
        "./test/setup/smtp-server.ts",
        "./test/setup/chat-receiver.ts",
        "./test/setup/push-endpoint.ts",
        "./test/setup/public-assets.ts",
        "./test/setup/s3-server.ts",
      ],
    },
  };
});
