import type { Env } from "../env";
import { mirrorConfig } from "../mirror/config";
import type { AppFetch } from "../mirror/render";
import { runMirror } from "../mirror/run";

/**
 * Cron, every minute: the static mirror (src/mirror) is rendered again when
 * the public state version moved or the copy is older than
 * MIRROR_INTERVAL_MINUTES; each file is written only if it changed. Admin
 * writes do not kick it themselves: the next minute's run picks them up.
 */
export async function mirrorJob(
  env: Env,
  controller: Pick<ScheduledController, "scheduledTime">,
  ctx: ExecutionContext,
  app: AppFetch | undefined,
): Promise<unknown> {
  if (!mirrorConfig(env)) return null;
  if (!app) throw new Error("mirror: the cron was run without the Worker's app to render the pages with");
  return runMirror(env, app, ctx, { now: controller.scheduledTime });
}
