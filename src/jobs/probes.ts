/**
 * The probe cron jobs: run due probes, roll results up into days, delete old
 * raw results. Each is its own entry in `scheduledJobs`, so one failing never
 * stops the others or the detector.
 */
import { exports as workerExports } from "cloudflare:workers";
import {
  checksBetween,
  deleteResultsBefore,
  listWorkerProbes,
  type ProbeRow,
  saveDailyRollups,
  storeCronRun,
  syncSeedProbes,
} from "../data/probes";
import { declaredWindows } from "../data/uptime";
import { database } from "../db/client";
import type { Env } from "../env";
import { rollupComponentDays, rollupProbeDays, type TimeWindow } from "../probes/daily";
import { dayBounds, lastDays } from "../probes/days";
import { demoUpstreamResponse } from "../probes/demo-upstream";
import { runCheck } from "../probes/execute";
import { selectDue, stableHash } from "../probes/schedule";
import { probeSecretReader } from "../probes/secrets";
import { configuredProbes, DEMO_UPSTREAM_PATH } from "../probes/seed";
import type { CheckOutcome } from "../probes/types";
import { statusBoard } from "../read-model";

/** Env plus what probes read that the shared Env does not declare: PROBES_CONFIG and secrets named by headers. */
type ProbeEnv = Env & { PROBES_CONFIG?: string };

/** Rollups and retention run every this many minutes; probes every minute. */
export const HOUSEKEEPING_EVERY_MINUTES = 10;
/** Yesterday is recomputed during this many hours after local midnight (late agent pushes). */
const YESTERDAY_GRACE_HOURS = 2;
/** Raw results are never deleted younger than this, whatever PROBE_RETENTION_DAYS says: rollups still read them. */
const MIN_RETENTION_DAYS = 3;

/** Origin that stands for "this Worker" when a probe URL is a bare path; such requests never leave the Worker. */
export const SELF_ORIGIN = "http://self.probe.internal";

const minuteOf = (ms: number) => Math.floor(ms / 60_000);

function selfFetcher(): (request: Request) => Promise<Response> {
  const loopback = (workerExports as unknown as { default?: Fetcher } | undefined)?.default;
  if (loopback) return (request) => loopback.fetch(request);
  // Without loopback exports, this Worker's own demo upstream still answers.
  return async (request) => {
    const url = new URL(request.url);
    return url.pathname === DEMO_UPSTREAM_PATH ? demoUpstreamResponse(url) : new Response("not found", { status: 404 });
  };
}

/** Runs the probes due this minute, concurrently, and stores the run in one batch. */
export async function runDueProbes(env: ProbeEnv, nowMs: number): Promise<CheckOutcome[]> {
  const db = database(env.DB);
  const seeds = configuredProbes(env.PROBES_CONFIG);
  // Seeding trouble must not stop the probes already in D1 from running.
  if (seeds)
    await syncSeedProbes(db, seeds, String(stableHash(JSON.stringify(seeds))), nowMs).catch((error) =>
      console.error("probe seeding failed", error),
    );

  const due = selectDue(await listWorkerProbes(db), minuteOf(nowMs));
  if (due.length === 0) return [];
  const self = selfFetcher();
  const deps = {
    fetch: (request: Request) => (new URL(request.url).origin === SELF_ORIGIN ? self(request) : fetch(request)),
    readSecret: probeSecretReader(env as unknown as Record<string, unknown>),
    now: () => Date.now(),
  };
  const settled = await Promise.allSettled(due.map((probe) => runCheck(specOf(probe), deps)));
  // A run's results carry the run's scheduled minute: the same clock the cron, the detector and the rollups use.
  const outcomes = settled.flatMap((s) =>
    s.status === "fulfilled" && s.value ? [{ ...s.value, checkedAt: nowMs }] : [],
  );
  await storeCronRun(db, due, outcomes, nowMs);
  return outcomes;
}

function specOf(probe: ProbeRow) {
  return { ...probe, url: probe.url.startsWith("/") ? SELF_ORIGIN + probe.url : probe.url };
}

/** Recomputes today's (and, just after midnight, yesterday's) daily figures from raw results. */
export async function rollupDays(env: Env, nowMs: number): Promise<string[]> {
  const db = database(env.DB);
  // Days follow the default service's time zone, for every service (the built-in ones share Asia/Shanghai).
  const { registry } = await statusBoard(db, env, nowMs);
  const timeZone = registry.byId.get(registry.defaultId)!.timeZone;
  const [yesterday, today] = lastDays(nowMs, 2, timeZone) as [string, string];
  const todayBounds = dayBounds(today, timeZone);
  const days = nowMs - todayBounds.start < YESTERDAY_GRACE_HOURS * 3_600_000 ? [yesterday, today] : [today];
  const fromMs = dayBounds(days[0]!, timeZone).start;
  const toMs = todayBounds.end;

  const [checks, windows] = await Promise.all([checksBetween(db, fromMs, toMs), declaredWindows(db, fromMs, toMs)]);
  const maintenance = new Map<string, TimeWindow[]>();
  for (const [componentId, list] of windows) {
    maintenance.set(
      componentId,
      list.filter((w) => w.status === "under_maintenance"),
    );
  }
  const probeDays = rollupProbeDays(checks, timeZone);
  const componentDays = rollupComponentDays(checks, maintenance, timeZone, nowMs, (day) => dayBounds(day, timeZone));
  await saveDailyRollups(db, days, probeDays, componentDays, nowMs);
  return days;
}

/** Days raw probe results are kept: PROBE_RETENTION_DAYS (default 30, at least 3). */
export function probeRetentionDays(env: Pick<Env, "PROBE_RETENTION_DAYS">): number {
  const configured = Number(env.PROBE_RETENTION_DAYS ?? 30);
  return Math.max(MIN_RETENTION_DAYS, Number.isFinite(configured) ? configured : 30);
}

/** Deletes raw results older than PROBE_RETENTION_DAYS (default 30); daily figures stay. */
export async function pruneProbeResults(env: Env, nowMs: number): Promise<number> {
  return deleteResultsBefore(database(env.DB), nowMs - probeRetentionDays(env) * 86_400_000);
}

const isHousekeepingMinute = (ms: number) => minuteOf(ms) % HOUSEKEEPING_EVERY_MINUTES === 0;

export const probeJobs = {
  run: (env: Env, controller: ScheduledController) => runDueProbes(env, controller.scheduledTime),
  rollup: async (env: Env, controller: ScheduledController) =>
    isHousekeepingMinute(controller.scheduledTime) ? rollupDays(env, controller.scheduledTime) : null,
  retention: async (env: Env, controller: ScheduledController) =>
    isHousekeepingMinute(controller.scheduledTime) ? pruneProbeResults(env, controller.scheduledTime) : null,
};
