import { type PageContext, serviceUrl } from "../config/page";
import type { ComponentRow } from "../data/components";
import type { IncidentView } from "../data/incidents";
import { causeOfKind } from "../domain/incidents";
import { maintenanceStatusAt } from "../domain/maintenance";
import type { ComponentStatus } from "../domain/symptoms";
import { localizeDetected } from "../i18n/evidence-text";
import { type Locale, localName } from "../i18n/locale";
import { toIso } from "../lib/time";
import type { GroupState, StatusSnapshot } from "../read-model";
import type { AdminIncidentJson } from "../schemas/admin";
import type { ComponentJson, IncidentJson, MaintenanceJson, PageJson } from "../schemas/statuspage";

/**
 * The Statuspage v2 shapes (https://developer.statuspage.io), rendered from
 * the status snapshot and the incident views. The API, webhook payloads and
 * the admin answers all use these.
 */

type Source = ComponentJson["status_source"];
type Components = ReadonlyMap<string, ComponentRow>;

export function pageJson(ctx: PageContext, updatedAt: number): PageJson {
  return {
    id: ctx.config.id,
    name: ctx.config.pageTitle[ctx.locale],
    url: serviceUrl(ctx, ctx.config.id),
    time_zone: ctx.config.timeZone,
    updated_at: toIso(updatedAt)!,
  };
}

export function componentJson(row: ComponentRow, ctx: PageContext): ComponentJson {
  const en = ctx.locale === "en";
  return {
    id: row.id,
    name: localName(ctx.locale, row),
    status: row.status as ComponentStatus,
    description: (en ? row.descriptionEn : row.descriptionZh) ?? null,
    position: row.position,
    created_at: toIso(row.createdAt)!,
    updated_at: toIso(row.updatedAt)!,
    page_id: row.serviceId,
    group: false,
    group_id: row.groupId,
    showcase: row.showcase,
    start_date: null,
    only_show_if_degraded: row.onlyShowIfDegraded,
    status_source: row.statusSource as Source,
  };
}

/** Statuspage lists a group as a component with `group: true`, its members' ids and their worst status. */
export function groupJson(group: GroupState, ctx: PageContext): ComponentJson {
  return {
    id: group.row.id,
    name: localName(ctx.locale, group.row),
    status: group.status,
    description: null,
    position: group.row.position,
    created_at: toIso(group.row.createdAt)!,
    updated_at: toIso(group.updatedAt)!,
    page_id: group.row.serviceId,
    group: true,
    group_id: null,
    showcase: false,
    start_date: null,
    only_show_if_degraded: false,
    components: group.members.map((m) => m.id),
    status_source: group.statusSource,
  };
}

/** Groups (each followed by its members), then ungrouped components: the order Statuspage pages show. */
export function componentListJson(snapshot: StatusSnapshot, ctx: PageContext): ComponentJson[] {
  const out: ComponentJson[] = [];
  for (const group of snapshot.groups) {
    out.push(groupJson(group, ctx));
    for (const member of group.members) out.push(componentJson(member, ctx));
  }
  for (const component of snapshot.ungrouped) out.push(componentJson(component, ctx));
  return out;
}

type AffectedJson = NonNullable<IncidentJson["incident_updates"][number]["affected_components"]>[number];

/** Updates store the English name at the time; show the component's current name in the reader's language. */
function localizeAffected(list: AffectedJson[] | null, components: Components, locale: Locale): AffectedJson[] | null {
  if (!list || list.length === 0) return null;
  return list.map((entry) => {
    const row = components.get(entry.code);
    return row ? { ...entry, name: localName(locale, row) } : entry;
  });
}

function commonJson(stored: IncidentView, components: Components, ctx: PageContext) {
  // A detected incident's words in the reader's language (an operator's words as written).
  const view = localizeDetected(stored, ctx.locale, (id) => {
    const row = components.get(id);
    return row ? localName(ctx.locale, row) : undefined;
  });
  return {
    id: view.id,
    name: view.name,
    created_at: toIso(view.createdAt)!,
    updated_at: toIso(view.updatedAt)!,
    monitoring_at: toIso(view.monitoringAt),
    resolved_at: toIso(view.resolvedAt),
    shortlink: `${serviceUrl(ctx, view.serviceId)}/incidents/${view.id}`,
    started_at: toIso(view.startedAt)!,
    page_id: view.serviceId,
    incident_updates: view.updates.map((u) => ({
      id: u.id,
      status: u.status as IncidentJson["incident_updates"][number]["status"],
      body: u.body,
      incident_id: u.incidentId,
      created_at: toIso(u.createdAt)!,
      updated_at: toIso(u.updatedAt)!,
      display_at: toIso(u.displayAt)!,
      affected_components: localizeAffected(u.affectedComponents as AffectedJson[] | null, components, ctx.locale),
    })),
    components: view.components.flatMap((a) => {
      const row = components.get(a.componentId);
      return row ? [componentJson(row, ctx)] : [];
    }),
  };
}

export function incidentJson(view: IncidentView, components: Components, ctx: PageContext): IncidentJson {
  return {
    ...commonJson(view, components, ctx),
    status: view.status as IncidentJson["status"],
    impact: view.impact as IncidentJson["impact"],
    source: view.source as IncidentJson["source"],
  };
}

/** A maintenance as the public sees it at ctx.nowMs: its status follows the clock. */
export function maintenanceJson(view: IncidentView, components: Components, ctx: PageContext): MaintenanceJson {
  return {
    ...commonJson(view, components, ctx),
    status: maintenanceStatusAt(view, ctx.nowMs) as MaintenanceJson["status"],
    impact: view.impact as MaintenanceJson["impact"],
    scheduled_for: toIso(view.scheduledFor),
    scheduled_until: toIso(view.scheduledUntil),
  };
}

/** The admin view: the public shape plus what operators review (never shown publicly). */
export function adminIncidentJson(view: IncidentView, components: Components, ctx: PageContext): AdminIncidentJson {
  const base =
    view.type === "maintenance"
      ? {
          ...maintenanceJson(view, components, ctx),
          status: (view.status === "cancelled" ? "cancelled" : maintenanceStatusAt(view, ctx.nowMs)) as
            | MaintenanceJson["status"]
            | "cancelled",
        }
      : incidentJson(view, components, ctx);
  return {
    ...base,
    service_id: view.serviceId,
    type: view.type as "incident" | "maintenance",
    source: view.source as "declared" | "detected",
    cause: view.type === "maintenance" ? null : causeOfKind(view.detectedKind),
    detected_kind: view.detectedKind,
    review: view.review,
    merged_into: view.mergedInto,
    evidence: view.evidence ?? null,
    component_statuses: Object.fromEntries(view.components.map((c) => [c.componentId, c.status as ComponentStatus])),
  };
}
