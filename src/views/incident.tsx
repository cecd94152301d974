import type { PageContext } from "../config/page";
import type { IncidentView } from "../data/incidents";
import { localizeDetected } from "../i18n/evidence-text";
import { isoTime, shortTime } from "../i18n/format";
import { localName } from "../i18n/locale";
import { href } from "./href";

/** Component names by id in the page's language. */
export type ComponentNames = Map<string, string>;

export function componentNames(ctx: PageContext, rows: readonly { id: string; nameZh: string; nameEn: string }[]) {
  return new Map(rows.map((row) => [row.id, localName(ctx.locale, row)]));
}

/** An incident in the page's language: a detected one's name and the detector's updates (src/i18n/evidence-text.ts). */
export function localIncident<T extends IncidentView>(ctx: PageContext, incident: T, names: ComponentNames): T {
  return localizeDetected(incident, ctx.locale, (id) => names.get(id));
}

function Time({ ms, ctx }: { ms: number; ctx: PageContext }) {
  return <time datetime={isoTime(ms)}>{shortTime(ms, ctx.locale, ctx.config.timeZone)}</time>;
}

export function Affected({
  incident,
  names,
  ctx,
}: {
  incident: IncidentView;
  names: ComponentNames;
  ctx: PageContext;
}) {
  if (incident.components.length === 0) return null;
  const sep = ctx.locale === "zh-CN" ? "、" : ", ";
  return (
    <span class="affected">
      {ctx.t.affected}
      {incident.components.map((c) => names.get(c.componentId) ?? c.componentId).join(sep)}
    </span>
  );
}

/** The update timeline, newest first, as Statuspage shows it. */
export function Timeline({ incident, ctx }: { incident: IncidentView; ctx: PageContext }) {
  if (incident.updates.length === 0) return null;
  return (
    <ol class="timeline">
      {incident.updates.map((u) => (
        <li>
          <p class="tl-head">
            <strong>{ctx.t.incidentStatus[u.status] ?? u.status}</strong> <Time ms={u.displayAt} ctx={ctx} />
          </p>
          <p class="tl-body">{u.body}</p>
        </li>
      ))}
    </ol>
  );
}

interface CardProps {
  incident: IncidentView;
  names: ComponentNames;
  ctx: PageContext;
  /** Heading level in the surrounding page. */
  level?: 2 | 3;
  /** Show the whole timeline (active incidents) or only the header (history). */
  full?: boolean;
}

/** One incident or maintenance: name, impact, when, what it affects, and its updates. */
export function IncidentCard({ incident: stored, names, ctx, level = 3, full = true }: CardProps) {
  const { t } = ctx;
  const incident = localIncident(ctx, stored, names);
  const isMaintenance = incident.type === "maintenance";
  const impact = isMaintenance ? "maintenance" : incident.impact;
  const Heading = level === 2 ? "h2" : "h3";
  const window =
    isMaintenance && incident.scheduledFor != null
      ? t.maintenanceWindow(
          shortTime(incident.scheduledFor, ctx.locale, ctx.config.timeZone),
          incident.scheduledUntil != null ? shortTime(incident.scheduledUntil, ctx.locale, ctx.config.timeZone) : "…",
        )
      : null;
  return (
    <article class={`incident impact-${impact}`}>
      <Heading class="incident-name">
        <a href={href(ctx, `/incidents/${encodeURIComponent(incident.id)}`)}>{incident.name}</a>
      </Heading>
      <p class="meta">
        <span class={`tag impact-${impact}`}>{t.impact[impact] ?? impact}</span>
        <span class="tag tag-plain">{t.incidentStatus[incident.status] ?? incident.status}</span>
        {window ? (
          <span>{window}</span>
        ) : incident.resolvedAt != null ? (
          <span>{t.incidentResolvedAt(shortTime(incident.resolvedAt, ctx.locale, ctx.config.timeZone))}</span>
        ) : (
          <span>{t.incidentStarted(shortTime(incident.startedAt, ctx.locale, ctx.config.timeZone))}</span>
        )}
        <Affected incident={incident} names={names} ctx={ctx} />
      </p>
      {incident.source === "detected" ? <p class="note">{t.detectedNote}</p> : null}
      {full ? <Timeline incident={incident} ctx={ctx} /> : null}
    </article>
  );
}
