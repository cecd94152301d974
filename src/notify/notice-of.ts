import { serviceUrl } from "../config/page";
import type { IncidentUpdateRow, IncidentView } from "../data/incidents";
import { AUTO_TEXT } from "../data/maintenance-writes";
import type { Database } from "../db/client";
import type { DomainEvent } from "../domain/events";
import { isPublic } from "../domain/incidents";
import { ACTIVE_MAINTENANCE } from "../domain/maintenance";
import { COMPONENT_STATUSES, type ComponentStatus } from "../domain/symptoms";
import type { Env } from "../env";
import { localizeDetected } from "../i18n/evidence-text";
import { shortTime } from "../i18n/format";
import { LOCALES, type Locale, localName } from "../i18n/locale";
import { messages } from "../i18n/messages";
import { NOTICE_WORDS } from "../i18n/notice-words";
import { type Board, type StatusSnapshot, statusBoard } from "../read-model";
import { eventSubject, outboundPageContext } from "../read-model/event-subject";
import type { Notice, NoticeText } from "./notice";

/**
 * Notices from the domain events the writes report (the same events webhooks
 * get, src/webhooks/deliver.ts), worded in every language. What is told:
 *
 * - every public incident's creation and each of its updates that says
 *   something (text, a new status, or components changing status), once per
 *   update: the key names the update, so the same update always has the same key;
 * - maintenance when it is scheduled (people can plan around it, which is
 *   the point of announcing it), when it starts, completes or is cancelled;
 *   edits of a scheduled maintenance are not (the page shows them);
 * - a component's status change only when an operator set it directly. A
 *   change that an incident or maintenance of the same write caused is told
 *   by that incident's notice, not twice; the detector's own episodes open and
 *   update detected incidents, which are told as incidents; what the detector
 *   sets directly without an episode (a short rise in reports, slowness) is
 *   not told, as it comes and goes within minutes.
 */
export async function noticesOf(
  db: Database,
  env: Env,
  events: DomainEvent[],
  now = Date.now(),
  origin = "",
): Promise<Notice[]> {
  if (events.length === 0) return [];
  const board = await statusBoard(db, env, now);
  const subjects: { event: DomainEvent; snapshot: StatusSnapshot; view?: IncidentView }[] = [];
  for (const event of events) {
    const subject = await eventSubject(db, board, event);
    if (subject) subjects.push({ event, ...subject });
  }
  // Components whose change an incident or maintenance event of the same write already explains.
  const explained = new Set<string>();
  for (const { event, view } of subjects)
    if (view) for (const c of view.components) explained.add(`${c.componentId}@${event.at}`);
  const started = new Set(subjects.filter((s) => s.event.type === "maintenance.started").map((s) => s.view?.id));

  const notices = new Map<string, Notice>();
  for (const { event, snapshot, view } of subjects) {
    const page = pageFor(env, board, snapshot, origin, now);
    let notice: Notice | undefined;
    if (event.type === "component.status_changed") {
      const row = snapshot.componentsById.get(event.componentId);
      if (explained.has(`${event.componentId}@${event.at}`) || row?.statusSource !== "declared") continue;
      notice = componentNotice(page, event.componentId, event.oldStatus, event.newStatus, event.at);
    } else if (view && isPublic(view)) {
      if (view.type === "incident" && (event.type === "incident.created" || event.type === "incident.updated")) {
        const update = updateOf(view, event.at, () => true, event.type === "incident.created");
        if (update && (event.type === "incident.created" || saysSomething(view, update)))
          notice = incidentNotice(page, view, update);
      } else if (view.type === "maintenance" && event.type in TRANSITIONS) {
        const transition = TRANSITIONS[event.type as keyof typeof TRANSITIONS];
        // Scheduled and started by one write (its window had begun): told once, as started.
        if (event.type === "maintenance.scheduled" && started.has(view.id)) continue;
        const update = updateOf(view, event.at, (u) => transition(u.status), false);
        if (update) notice = maintenanceNotice(page, view, update);
      }
    }
    if (notice && !notices.has(notice.key)) notices.set(notice.key, notice);
  }
  return [...notices.values()];
}

/**
 * The notice a key names, rebuilt from what is stored now (for an operator's
 * retry of a dead letter: the queue message that carried it is gone).
 * Undefined when what it was about no longer exists or is no longer public.
 */
export async function noticeForKey(
  db: Database,
  env: Env,
  key: string,
  now = Date.now(),
  origin = "",
): Promise<Notice | undefined> {
  const parsed = parseNoticeKey(key);
  if (!parsed) return undefined;
  const board = await statusBoard(db, env, now);
  const event: DomainEvent =
    parsed.kind === "component"
      ? {
          type: "component.status_changed",
          componentId: parsed.componentId,
          oldStatus: parsed.oldStatus,
          newStatus: parsed.newStatus,
          at: parsed.at,
        }
      : { type: "incident.updated", incidentId: parsed.incidentId, at: now };
  const subject = await eventSubject(db, board, event);
  if (!subject) return undefined;
  const page = pageFor(env, board, subject.snapshot, origin, now);
  if (parsed.kind === "component")
    return componentNotice(page, parsed.componentId, parsed.oldStatus, parsed.newStatus, parsed.at);
  const view = subject.view;
  const update = view?.updates.find((u) => u.id === parsed.updateId);
  if (!view || !update || !isPublic(view) || view.type !== parsed.kind) return undefined;
  return view.type === "incident" ? incidentNotice(page, view, update) : maintenanceNotice(page, view, update);
}

// Keys. Ids are lowercase letters, digits and dashes, so `:` separates them unambiguously.

type ParsedKey =
  | { kind: "incident" | "maintenance"; incidentId: string; updateId: string }
  | { kind: "component"; componentId: string; at: number; oldStatus: ComponentStatus; newStatus: ComponentStatus };

const STATUS = new Set<string>(COMPONENT_STATUSES);

export function parseNoticeKey(key: string): ParsedKey | undefined {
  const parts = key.split(":");
  if ((parts[0] === "incident" || parts[0] === "maintenance") && parts.length === 3 && parts[1] && parts[2])
    return { kind: parts[0], incidentId: parts[1], updateId: parts[2] };
  if (parts[0] === "component" && parts.length === 5) {
    const [, componentId, at, oldStatus, newStatus] = parts as [string, string, string, string, string];
    if (componentId && /^\d+$/.test(at) && STATUS.has(oldStatus) && STATUS.has(newStatus))
      return {
        kind: "component",
        componentId,
        at: Number(at),
        oldStatus: oldStatus as ComponentStatus,
        newStatus: newStatus as ComponentStatus,
      };
  }
  return undefined;
}

// Building one notice.

interface Page {
  snapshot: StatusSnapshot;
  /** The service's page, absolute when PUBLIC_URL or the request's origin is known. */
  base: string;
}

function pageFor(env: Env, board: Board, snapshot: StatusSnapshot, origin: string, now: number): Page {
  return { snapshot, base: serviceUrl(outboundPageContext(env, board, snapshot, origin, now), snapshot.service.id) };
}

const TRANSITIONS = {
  "maintenance.scheduled": (status: string) => status === "scheduled",
  "maintenance.started": (status: string) => ACTIVE_MAINTENANCE.has(status),
  "maintenance.completed": (status: string) => status === "completed",
  "maintenance.cancelled": (status: string) => status === "cancelled",
} as const;

const RESOLVED = new Set(["resolved", "postmortem"]);
const FINISHED = new Set(["completed", "cancelled"]);

/** The timeline entry an event wrote: written at the event's time (newest first), else the newest or the first. */
function updateOf(
  view: IncidentView,
  at: number,
  fits: (update: IncidentUpdateRow) => boolean,
  first: boolean,
): IncidentUpdateRow | undefined {
  return (
    view.updates.find((u) => u.createdAt === at && fits(u)) ?? (first ? view.updates.at(-1) : view.updates.find(fits))
  );
}

type Affected = { code: string; name: string; old_status: string; new_status: string };

/** An update with no text, no new status and no component changing status tells subscribers nothing. */
function saysSomething(view: IncidentView, update: IncidentUpdateRow): boolean {
  const older = view.updates[view.updates.indexOf(update) + 1];
  const changed = ((update.affectedComponents as Affected[] | null) ?? []).some((a) => a.old_status !== a.new_status);
  return update.body.trim() !== "" || !older || older.status !== update.status || changed;
}

function componentName(snapshot: StatusSnapshot, id: string, locale: Locale, fallback = id): string {
  const row = snapshot.componentsById.get(id);
  return row ? localName(locale, row) : fallback;
}

function incidentNotice(page: Page, view: IncidentView, update: IncidentUpdateRow): Notice {
  const { snapshot } = page;
  const created = update === view.updates.at(-1);
  const resolved = RESOLVED.has(update.status);
  const affected = ((update.affectedComponents as Affected[] | null) ?? []).filter(
    (a) => created || a.old_status !== a.new_status,
  );
  return {
    key: `incident:${view.id}:${update.id}`,
    serviceId: view.serviceId,
    kind: "incident",
    incidentId: view.id,
    componentIds: unique([...view.components.map((c) => c.componentId), ...affected.map((a) => a.code)]),
    level: resolved ? "resolved" : impactLevel(view.impact),
    url: `${page.base}/incidents/${view.id}`,
    serviceUrl: page.base,
    at: update.createdAt,
    text: perLocale((locale) => {
      const t = messages(locale);
      const local = localizeDetected(view, locale, (id) => componentName(snapshot, id, locale));
      const body = local.updates.find((u) => u.id === update.id)?.body ?? update.body;
      const lines = resolved ? [] : affected.map((a) => componentLine(snapshot, locale, a.code, a.new_status, a.name));
      return text(snapshot, locale, local.name, t.incidentStatus[update.status] ?? update.status, [
        languagePart(body, locale),
        lines.length ? `${t.affected}${lines.join(NOTICE_WORDS[locale].listSeparator)}` : "",
      ]);
    }),
  };
}

function maintenanceNotice(page: Page, view: IncidentView, update: IncidentUpdateRow): Notice {
  const { snapshot } = page;
  const zone = snapshot.service.timeZone;
  const automatic = (Object.values(AUTO_TEXT) as string[]).includes(update.body);
  return {
    key: `maintenance:${view.id}:${update.id}`,
    serviceId: view.serviceId,
    kind: "maintenance",
    incidentId: view.id,
    componentIds: view.components.map((c) => c.componentId),
    level: FINISHED.has(update.status) ? "resolved" : "maintenance",
    url: `${page.base}/incidents/${view.id}`,
    serviceUrl: page.base,
    at: update.createdAt,
    text: perLocale((locale) => {
      const t = messages(locale);
      const w = NOTICE_WORDS[locale];
      const time = (ms: number | null) => (ms == null ? "?" : shortTime(ms, locale, zone));
      const what =
        update.status === "scheduled"
          ? w.maintenanceScheduled(t.maintenanceWindow(time(view.scheduledFor), time(view.scheduledUntil)))
          : ACTIVE_MAINTENANCE.has(update.status)
            ? w.maintenanceStarted(time(view.scheduledUntil))
            : update.status === "completed"
              ? w.maintenanceCompleted
              : w.maintenanceCancelled;
      const components = view.components.map((c) => componentName(snapshot, c.componentId, locale));
      return text(snapshot, locale, view.name, t.incidentStatus[update.status] ?? update.status, [
        what,
        automatic ? "" : languagePart(update.body, locale),
        components.length ? `${t.affected}${components.join(w.listSeparator)}` : "",
      ]);
    }),
  };
}

function componentNotice(
  page: Page,
  componentId: string,
  oldStatus: ComponentStatus,
  newStatus: ComponentStatus,
  at: number,
): Notice {
  const { snapshot } = page;
  return {
    key: `component:${componentId}:${at}:${oldStatus}:${newStatus}`,
    serviceId: snapshot.service.id,
    kind: "component",
    incidentId: null,
    componentIds: [componentId],
    level: statusLevel(newStatus),
    url: page.base || "/",
    serviceUrl: page.base,
    at,
    text: perLocale((locale) => {
      const words = messages(locale).statusWord;
      const name = componentName(snapshot, componentId, locale);
      return text(snapshot, locale, name, words[newStatus], [
        NOTICE_WORDS[locale].componentChanged(name, words[newStatus], words[oldStatus]),
      ]);
    }),
  };
}

function componentLine(snapshot: StatusSnapshot, locale: Locale, id: string, status: string, stored: string) {
  const word = messages(locale).statusWord[status as ComponentStatus] ?? status;
  return NOTICE_WORDS[locale].componentStatus(componentName(snapshot, id, locale, stored), word);
}

/** At most this many characters of body per language: notices are read on phones, and the page has the rest. */
export const NOTICE_BODY_MAX = 1000;

function text(snapshot: StatusSnapshot, locale: Locale, subject: string, status: string, parts: string[]): NoticeText {
  const service = snapshot.service.name[locale];
  return {
    service,
    title: NOTICE_WORDS[locale].title(service, subject, status),
    body: cut(parts.filter((part) => part.trim() !== "").join("\n\n"), NOTICE_WORDS[locale].more),
    status,
  };
}

function cut(body: string, more: string): string {
  const chars = Array.from(body);
  if (chars.length <= NOTICE_BODY_MAX) return body;
  return chars.slice(0, NOTICE_BODY_MAX - Array.from(more).length).join("") + more;
}

const CJK = /[\u3400-\u9fff]/;

/**
 * One language's half of a text written in both, "中文。 / English." (what
 * the Worker itself writes on confirming or by the clock); any other text as written.
 */
function languagePart(body: string, locale: Locale): string {
  const halves = body.split(" / ");
  if (halves.length !== 2 || !CJK.test(halves[0]!) || CJK.test(halves[1]!)) return body;
  return locale === "zh-CN" ? halves[0]!.trim() : halves[1]!.trim();
}

function perLocale(make: (locale: Locale) => NoticeText): Record<Locale, NoticeText> {
  return Object.fromEntries(LOCALES.map((locale) => [locale, make(locale)])) as Record<Locale, NoticeText>;
}

function impactLevel(impact: string): Notice["level"] {
  return impact === "none" ? "info" : impact === "major" || impact === "critical" ? impact : "minor";
}

function statusLevel(status: ComponentStatus): Notice["level"] {
  switch (status) {
    case "operational":
      return "resolved";
    case "degraded_performance":
      return "minor";
    case "partial_outage":
      return "major";
    case "major_outage":
      return "critical";
    case "under_maintenance":
      return "maintenance";
  }
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
