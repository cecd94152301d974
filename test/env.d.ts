import type { D1Migration } from "cloudflare:test";
import type { Env as WorkerEnv } from "../src/env";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: D1Migration[];
      /** Empty until test/db/migrations.test.ts migrates it step by step. */
      MIGRATION_DB: D1Database;
      /** Miniflare's local send_email binding (vitest.config.ts), for the binding sender's tests. */
      TEST_SEND_EMAIL: SendEmail;
      /** The static mirror's local R2 bucket; test/mirror/ passes it to the Worker as MIRROR_BUCKET. */
      MIRROR_TEST_BUCKET: R2Bucket;
    }
    // Types `exports.default` from "cloudflare:workers" as this Worker's default export.
    interface GlobalProps {
      mainModule: typeof import("../src/index");
    }
  }
}
