import { Hono } from "hono";
import { DEFAULT_PARAMS, type DetectorParams, type SeriesParams } from "../../detection/params";
import { networkReporterCap, REPEAT_WINDOW_MS } from "../../detection/repeat";
import { CONFIRM_TTL_MS } from "../../domain/subscriptions";
import type { Env } from "../../env";
import { type AppEnv, pageOf } from "../../http/context";
import { edgeCache } from "../../http/edge-cache";
import { HOW_WORDS, type HowNumbers, type SeriesNumbers } from "../../i18n/how";
import { probeRetentionDays } from "../../jobs/probes";
import { REPORTER_KEY_DAYS, reportRetentionDays } from "../../jobs/report-retention";
import { HOUR_MS, MINUTE_MS } from "../../lib/time";
import { MESSAGE_SEEN_MAX } from "../../schemas/report";
import { OTHERS_WINDOW_MS } from "../../services/reports";
import { HowView } from "../../views/how";
import { Layout } from "../../views/layout";

/** `/how` (and `/s/{service}/how`): how we decide, in plain words. */
export const howPage = new Hono<AppEnv>();

function seriesNumbers(series: SeriesParams): SeriesNumbers {
  return {
    minReporters: series.minReporters,
    minRegions: series.minRegions,
    longestWindowMinutes: Math.max(...series.windows),
    // One evaluation a minute.
    confirmMinutes: series.confirmEvaluations,
    strongMinReporters: series.strongMinReporters,
    calmMinutes: series.calmMinutes,
  };
}

/** The numbers `/how` states, from the detector's parameters and this deployment's settings. */
export function howNumbers(
  env: Pick<Env, "NETWORK_REPORTER_CAP" | "REPORT_RETENTION_DAYS" | "PROBE_RETENTION_DAYS">,
  params: DetectorParams = DEFAULT_PARAMS,
): HowNumbers {
  return {
    othersWindowMinutes: OTHERS_WINDOW_MS / MINUTE_MS,
    repeatWindowMinutes: REPEAT_WINDOW_MS / MINUTE_MS,
    networkCap: networkReporterCap(env.NETWORK_REPORTER_CAP),
    outage: seriesNumbers(params.technical),
    accountWave: seriesNumbers(params.account),
    probes: {
      failuresToDown: params.probes.failuresToDown,
      minDownLocations: params.probes.minDownLocations,
      allFailingMinLocations: params.probes.allFailingMinLocations,
      freshMinutes: params.probes.windowMinutes,
    },
    maintenanceGraceMinutes: params.maintenanceGraceMinutes,
    keyDays: REPORTER_KEY_DAYS,
    reportRetentionDays: reportRetentionDays(env),
    probeRetentionDays: probeRetentionDays(env),
    messageMax: MESSAGE_SEEN_MAX,
    confirmHours: CONFIRM_TTL_MS / HOUR_MS,
  };
}

howPage.get("/how", edgeCache(), (c) => {
  const ctx = pageOf(c);
  const w = HOW_WORDS[ctx.locale];
  c.header("Cache-Control", "public, max-age=300, stale-while-revalidate=300");
  c.header("Vary", "Accept-Language");
  return c.html(
    "<!doctype html>" +
    (
      <Layout ctx={ctx} title={w.title} og={{ title: w.title, description: w.intro(ctx.config.name[ctx.locale]) }}>
        <HowView ctx={ctx} numbers={howNumbers(c.env)} />
      </Layout>
    ),
  );
});
