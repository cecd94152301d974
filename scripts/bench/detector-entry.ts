/**
 * A Worker that runs one tick of the detector job (src/jobs/detector.ts, the
 * cron's own) for `?at=<epoch ms>` and answers when it is done, so the bench
 * can time a tick alone, without the cron's other jobs. Bundled by
 * scripts/bench.ts with `wrangler deploy --dry-run`, as the Worker is.
 */
import type { Env } from "../../src/env";
import { detectorJob } from "../../src/jobs/detector";

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const at = Number(new URL(request.url).searchParams.get("at"));
    if (!Number.isFinite(at) || at <= 0) return new Response("?at=<epoch ms>", { status: 400 });
    await detectorJob(env, { scheduledTime: at });
    return new Response("ok");
  },
};
