import { Hono } from "hono";
import type { PageContext } from "../../config/page";
import { symptomWords } from "../../config/symptom-profiles";
import { reportersByProvince, reportStats } from "../../data/stats";
import { componentUptime } from "../../data/uptime";
import { type AppEnv, pageOf, snapshotOf } from "../../http/context";
import { edgeCache } from "../../http/edge-cache";
import { isoTime, shortTime } from "../../i18n/format";
import { localName } from "../../i18n/locale";
import { regionName } from "../../i18n/regions";
import { HOUR_MS } from "../../lib/time";
import {
  type ComponentState,
  provinceStates,
  runningMaintenances,
  type StatusSnapshot,
  shownComponents,
  upcomingMaintenances,
} from "../../read-model";
import { href } from "../../views/href";
import { componentNames, IncidentCard } from "../../views/incident";
import { Layout } from "../../views/layout";
import { ProvinceMap } from "../../views/province-map";
import { RecoveryPanel } from "../../views/recovery";
import { RankedList, ReportChart } from "../../views/report-chart";
import { bannerKey, StatusWord } from "../../views/status-word";
import { SubscribeForm, type SubscribeScope } from "../../views/subscribe-form";
import { UptimeBar, UptimeLegend } from "../../views/uptime-bar";
import { statusOg } from "./og";
import { offersWebPush, pushButtonFor } from "./push";
import { recoveryPanelData } from "./recovery";

export const statusPage = new Hono<AppEnv>();

const UPTIME_DAYS = 90;
/** Fresh during an incident, yet cheap under a rush of visitors. */
export const STATUS_CACHE = "public, max-age=30, stale-while-revalidate=30";

/** The component list as the page shows it: groups first, then what is in no group; empty sections left out. */
function sections(ctx: PageContext, snapshot: StatusSnapshot): { id: string; name: string; rows: ComponentState[] }[] {
  return [
    ...snapshot.groups.map((g) => ({
      id: g.row.id,
      name: localName(ctx.locale, g.row),
      rows: shownComponents(g.members),
    })),
    { id: "", name: "", rows: shownComponents(snapshot.ungrouped) },
  ].filter((section) => section.rows.length > 0);
}

statusPage.get("/", edgeCache({ bypass: ["recovered"] }), async (c) => {
  const ctx = pageOf(c);
  const { t, nowMs } = ctx;
  const tz = ctx.config.timeZone;
  const snapshot = await snapshotOf(c);
  const componentIds = snapshot.components.map((row) => row.id);
  const [stats, uptime, recovery, provinces] = await Promise.all([
    reportStats(c.get("db"), {
      nowMs,
      windowMs: 24 * HOUR_MS,
      componentIds,
    }),
    componentUptime(c.get("db"), {
      componentIds,
      days: UPTIME_DAYS,
      nowMs,
      timeZone: tz,
    }),
    recoveryPanelData(c, snapshot),
    reportersByProvince(c.get("db"), { nowMs, componentIds }),
  ]);
  const names = componentNames(ctx, snapshot.components);
  const overall = snapshot.overall.indicator;
  const uptimeById = new Map(uptime.map((u) => [u.component_id, u]));
  const active = snapshot.incidents;
  const maintenances = snapshot.maintenances;
  const inProgress = runningMaintenances(snapshot);
  const upcoming = upcomingMaintenances(snapshot);
  const subscribeScope: SubscribeScope = {
    kind: "service",
    components: shownComponents(snapshot.components).map((row) => ({ id: row.id, name: localName(ctx.locale, row) })),
  };

  c.header("Cache-Control", STATUS_CACHE);
  c.header("Vary", "Accept-Language");
  return c.html(
    "<!doctype html>" +
    (
      <Layout ctx={ctx} og={statusOg(ctx, snapshot)} manifest={offersWebPush(c)}>
        <section class={`banner b-${overall}`} aria-labelledby="banner-h">
          <h1 id="banner-h">{t.banner[bannerKey(snapshot)]}</h1>
          <p>{t.bannerDetail[bannerKey(snapshot)]}</p>
          <p class="updated">
            <time datetime={isoTime(nowMs)}>{t.updatedAt(shortTime(nowMs, ctx.locale, tz))}</time>
          </p>
        </section>

        <section class="cta" aria-labelledby="cta-h">
          <h2 id="cta-h">{t.reportCta(ctx.config.name[ctx.locale])}</h2>
          <p>{t.reportCtaDetail}</p>
          <a class="button" href={href(ctx, "/report")}>
            {t.reportCtaButton}
          </a>
        </section>

        {active.length > 0 ? (
          <section aria-labelledby="active-h" class="stack">
            <h2 id="active-h">{t.activeIncidents}</h2>
            {active.map((incident) => (
              <IncidentCard incident={incident} names={names} ctx={ctx} />
            ))}
          </section>
        ) : null}

        {maintenances.length > 0 ? (
          <section aria-labelledby="maint-h" class="stack">
            <h2 id="maint-h">{t.maintenance}</h2>
            {inProgress.length > 0 ? <h3 class="sub">{t.maintenanceInProgress}</h3> : null}
            {inProgress.map((m) => (
              <IncidentCard incident={m} names={names} ctx={ctx} />
            ))}
            {upcoming.length > 0 ? <h3 class="sub">{t.maintenanceUpcoming}</h3> : null}
            {upcoming.map((m) => (
              <IncidentCard incident={m} names={names} ctx={ctx} />
            ))}
          </section>
        ) : null}

        <section class="card" aria-labelledby="comp-h">
          <div class="card-head">
            <h2 id="comp-h">{t.components}</h2>
            <span class="muted">{t.uptime.heading}</span>
          </div>
          {sections(ctx, snapshot).map((section) => (
            <div class="group">
              {section.name ? <h3 class="group-name">{section.name}</h3> : null}
              <ul class="components">
                {section.rows.map((row) => (
                  <li class="component" id={`c-${row.id}`} data-component={row.id} data-status={row.status}>
                    <div class="comp-head">
                      <h4>{localName(ctx.locale, row)}</h4>
                      <StatusWord status={row.status} t={t} />
                    </div>
                    {row.showcase ? (
                      <UptimeBar
                        ctx={ctx}
                        name={localName(ctx.locale, row)}
                        days={uptimeById.get(row.id)?.days ?? []}
                        uptimePct={uptimeById.get(row.id)?.uptime_pct ?? 100}
                      />
                    ) : null}
                  </li>
                ))}
              </ul>
            </div>
          ))}
          <UptimeLegend ctx={ctx} />
        </section>

        <RecoveryPanel ctx={ctx} data={recovery} />

        <SubscribeForm ctx={ctx} scope={subscribeScope} pushButton={pushButtonFor(c, subscribeScope)} />

        <ReportChart ctx={ctx} stats={stats} />

        <ProvinceMap ctx={ctx} provinces={provinceStates(provinces, snapshot.incidents)} />

        <div class="two">
          <section class="card" aria-labelledby="top-h">
            <h2 id="top-h">{t.topSymptoms.heading}</h2>
            <RankedList
              empty={t.topSymptoms.empty}
              items={stats.topSymptoms.map((s) => ({
                label: symptomWords(ctx.config, s.symptom, ctx.locale).label,
                value: s.reporters,
                text: t.topSymptoms.people(s.reporters),
              }))}
            />
          </section>
          <section class="card" aria-labelledby="region-h">
            <h2 id="region-h">{t.regions.heading}</h2>
            <RankedList
              empty={t.regions.empty}
              items={stats.regions.map((r) => ({
                label: regionName(r.region, ctx.locale),
                value: r.reporters,
                text: t.regions.people(r.reporters),
              }))}
            />
          </section>
        </div>

        <p class="more">
          <a href={href(ctx, "/history")}>{t.nav.history} →</a>
        </p>
      </Layout>
    ),
  );
});
