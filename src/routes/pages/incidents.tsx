import { type Context, Hono } from "hono";
import type { PageContext } from "../../config/page";
import { findIncident, type IncidentView, listIncidentsBetween } from "../../data/incidents";
import { imposesStatus, isPublic } from "../../domain/incidents";
import type { ComponentStatus } from "../../domain/symptoms";
import { type AppEnv, pageOf, snapshotOf } from "../../http/context";
import { edgeCache } from "../../http/edge-cache";
import { shortTime } from "../../i18n/format";
import { localName } from "../../i18n/locale";
import { DAY_MS } from "../../lib/time";
import { type StatusSnapshot, shownComponents } from "../../read-model";
import { href } from "../../views/href";
import { componentNames, IncidentCard, localIncident, Timeline } from "../../views/incident";
import { Layout } from "../../views/layout";
import { StatusWord } from "../../views/status-word";
import { SubscribeForm, type SubscribeScope } from "../../views/subscribe-form";
import { incidentOg } from "./og";
import { offersWebPush, pushButtonFor } from "./push";
import { STATUS_CACHE } from "./status";

export const incidentPages = new Hono<AppEnv>();

function notFound(c: Context<AppEnv>, ctx: PageContext) {
  const p = ctx.t.incidentPage;
  return c.html(
    "<!doctype html>" +
    (
      <Layout ctx={ctx} title={p.notFound}>
        <div class="narrow">
          <h1>{p.notFound}</h1>
          <p>{p.notFoundDetail}</p>
          <p>
            <a href={href(ctx, "/history")}>{ctx.t.nav.history}</a>
          </p>
        </div>
      </Layout>
    ),
    404,
  );
}

/** While it is open, follow this incident; once it is over, the whole service. */
function subscribeScope(incident: IncidentView, snapshot: StatusSnapshot, ctx: PageContext): SubscribeScope {
  if (incident.resolvedAt == null) return { kind: "incident", incidentId: incident.id };
  return {
    kind: "service",
    components: shownComponents(snapshot.components).map((row) => ({ id: row.id, name: localName(ctx.locale, row) })),
  };
}

incidentPages.get("/incidents/:id", edgeCache(), async (c) => {
  const ctx = pageOf(c);
  const { t } = ctx;
  const id = c.req.param("id");
  const [stored, snapshot] = await Promise.all([
    id.length <= 64 ? findIncident(c.get("db"), id) : undefined,
    snapshotOf(c),
  ]);
  // Another service's incident is not on this page.
  if (!stored || stored.serviceId !== ctx.config.id) return notFound(c, ctx);
  if (stored.review === "merged" && stored.mergedInto)
    return c.redirect(href(ctx, `/incidents/${encodeURIComponent(stored.mergedInto)}`), 301);
  if (!isPublic(stored)) return notFound(c, ctx);
  const names = componentNames(ctx, snapshot.components);
  const incident = localIncident(ctx, stored, names);
  const tz = ctx.config.timeZone;
  const isMaintenance = incident.type === "maintenance";
  const impact = isMaintenance ? "maintenance" : incident.impact;
  const scope = subscribeScope(incident, snapshot, ctx);
  c.header("Cache-Control", STATUS_CACHE);
  c.header("Vary", "Accept-Language");
  return c.html(
    "<!doctype html>" +
    (
      <Layout ctx={ctx} title={incident.name} og={incidentOg(ctx, incident)} manifest={offersWebPush(c)}>
        <div class="narrow">
          <p class="crumbs">
            <a href={href(ctx, "/history")}>{t.nav.history}</a> / {t.incidentPage.type[incident.type] ?? incident.type}
          </p>
          <article class={`incident incident-page impact-${impact}`}>
            <h1>{incident.name}</h1>
            <p class="meta">
              <span class={`tag impact-${impact}`}>{t.impact[impact] ?? impact}</span>
              <span class="tag tag-plain">{t.incidentStatus[incident.status] ?? incident.status}</span>
              {isMaintenance && incident.scheduledFor != null ? (
                <span>
                  {t.incidentPage.scheduled(
                    t.maintenanceWindow(
                      shortTime(incident.scheduledFor, ctx.locale, tz),
                      incident.scheduledUntil != null ? shortTime(incident.scheduledUntil, ctx.locale, tz) : "…",
                    ),
                  )}
                </span>
              ) : (
                <span>{t.incidentStarted(shortTime(incident.startedAt, ctx.locale, tz))}</span>
              )}
              {incident.resolvedAt != null ? (
                <span>{t.incidentResolvedAt(shortTime(incident.resolvedAt, ctx.locale, tz))}</span>
              ) : null}
            </p>
            {incident.source === "detected" ? <p class="note">{t.detectedNote}</p> : null}
            {incident.components.length > 0 ? (
              <section aria-labelledby="affected-h">
                <h2 id="affected-h">{t.incidentPage.components}</h2>
                <ul class="affected-list">
                  {incident.components.map((x) => (
                    <li>
                      <span>{names.get(x.componentId) ?? x.componentId}</span>
                      {/* The status it imposes, while it does: not before a maintenance window opens. */}
                      {imposesStatus(incident, ctx.nowMs) ? (
                        <StatusWord status={x.status as ComponentStatus} t={t} />
                      ) : null}
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
            <section aria-labelledby="updates-h">
              <h2 id="updates-h">{t.incidentPage.updates}</h2>
              <Timeline incident={incident} ctx={ctx} />
            </section>
          </article>
          <SubscribeForm ctx={ctx} scope={scope} pushButton={pushButtonFor(c, scope)} />
        </div>
      </Layout>
    ),
  );
});

/** Offset of `timeZone` from UTC at `atMs`, in ms. */
function zoneOffset(atMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(atMs);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return (
    Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second")) -
    Math.floor(atMs / 1000) * 1000
  );
}

/** Epoch ms of local midnight on the first day of a month in `timeZone` (month 1..12, may overflow). */
function monthStart(year: number, month: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, 1);
  return guess - zoneOffset(guess - zoneOffset(guess, timeZone), timeZone);
}

function localYearMonth(atMs: number, timeZone: string): { year: number; month: number } {
  const utc = atMs + zoneOffset(atMs, timeZone);
  const d = new Date(utc);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
}

const MONTHS_PER_PAGE = 3;

function displayTime(incident: IncidentView): number {
  return incident.type === "maintenance" ? (incident.scheduledFor ?? incident.startedAt) : incident.startedAt;
}

incidentPages.get("/history", edgeCache({ query: ["page"] }), async (c) => {
  const ctx = pageOf(c);
  const { t } = ctx;
  const tz = ctx.config.timeZone;
  const now = localYearMonth(ctx.nowMs, tz);
  // ?page=0 is the current month and the two before it; each page goes three months back.
  const page = Math.min(120, Math.max(0, Number.parseInt(c.req.query("page") ?? "0", 10) || 0));
  const newest = { year: now.year, month: now.month - page * MONTHS_PER_PAGE };
  const months = Array.from({ length: MONTHS_PER_PAGE }, (_, i) => {
    const start = monthStart(newest.year, newest.month - i, tz);
    const { year, month } = localYearMonth(start, tz);
    return { year, month, start, end: monthStart(year, month + 1, tz) };
  });
  const from = months[months.length - 1]!.start;
  const to = months[0]!.end;
  const [rows, snapshot] = await Promise.all([
    // Created up to a month before it started: maintenance is announced ahead.
    listIncidentsBetween(c.get("db"), ctx.config.id, from - 31 * DAY_MS, to),
    snapshotOf(c),
  ]);
  const names = componentNames(ctx, snapshot.components);
  const byMonth = months.map((m) => ({
    ...m,
    items: rows
      .filter((i) => i.status !== "cancelled" && displayTime(i) >= m.start && displayTime(i) < m.end)
      .sort((a, b) => displayTime(b) - displayTime(a)),
  }));
  c.header("Cache-Control", "public, max-age=60, stale-while-revalidate=60");
  c.header("Vary", "Accept-Language");
  return c.html(
    "<!doctype html>" +
    (
      <Layout ctx={ctx} title={t.history.title}>
        <div class="narrow">
          <h1>{t.history.title}</h1>
          <p class="lead">{t.history.intro}</p>
          {byMonth.map((m) => (
            <section class="month" aria-labelledby={`m-${m.year}-${m.month}`}>
              <h2 id={`m-${m.year}-${m.month}`}>{t.history.month(m.year, m.month)}</h2>
              {m.items.length === 0 ? <p class="muted">{t.history.empty}</p> : null}
              {m.items.map((incident) => (
                <div class="history-item">
                  <IncidentCard incident={incident} names={names} ctx={ctx} full={false} />
                  {incident.resolvedAt != null ? (
                    <p class="muted duration">
                      {t.history.duration(
                        t.duration(Math.max(1, Math.round((incident.resolvedAt - displayTime(incident)) / 60_000))),
                      )}
                    </p>
                  ) : null}
                </div>
              ))}
            </section>
          ))}
          <nav class="pager" aria-label={t.history.title}>
            {page > 0 ? (
              <a href={href(ctx, "/history", { page: page > 1 ? String(page - 1) : undefined })}>← {t.history.newer}</a>
            ) : (
              <span></span>
            )}
            <a href={href(ctx, "/history", { page: String(page + 1) })}>{t.history.older} →</a>
          </nav>
        </div>
      </Layout>
    ),
  );
});
