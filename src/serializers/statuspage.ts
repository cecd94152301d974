import type { ComponentGroupRow, ComponentRow } from "../data/components";
import type { IncidentView } from "../data/incidents";
import { maintenanceStatusAt } from "../domain/maintenance";
import { worstStatus } from "../domain/status";
import type { ComponentStatus } from "../domain/symptoms";
import type { Locale } from "../i18n/locale";
import { toIso } from "../lib/time";
import type { ComponentJson, IncidentJson, MaintenanceJson, PageJson } from "../schemas/statuspage";

/** What every serializer needs to know about the page being served. */
export interface PageContext {
  id: string;
  name: string;
  url: string;
  timeZone: string;
  locale: Locale;
}

type Source = ComponentJson["status_source"];

export function pageJson(ctx: PageContext, updatedAt: number): PageJson {
  return { id: ctx.id, name: ctx.name, url: ctx.url, time_zone: ctx.timeZone, updated_at: toIso(updatedAt)! };
}

export function componentJson(row: ComponentRow, ctx: PageContext): ComponentJson {
  const en = ctx.locale === "en";
  return {
    id: row.id,
    name: en ? row.nameEn : row.nameZh,
    status: row.status as ComponentStatus,
    description: (en ? row.descriptionEn : row.descriptionZh) ?? null,
    position: row.position,
    created_at: toIso(row.createdAt)!,
    updated_at: toIso(row.updatedAt)!,
    page_id: ctx.id,
    group: false,
    group_id: row.groupId,
    showcase: row.showcase,
    start_date: null,
    only_show_if_degraded: row.onlyShowIfDegraded,
    status_source: row.statusSource as Source,
  };
}

/** Statuspage lists a group as a component with `group: true`, its members' ids and their worst status. */
export function groupJson(group: ComponentGroupRow, members: ComponentRow[], ctx: PageContext): ComponentJson {
  const status = worstStatus(members.map((m) => m.status as ComponentStatus));
  const driver = members.find((m) => m.status === status && status !== "operational");
  return {
    id: group.id,
    name: ctx.locale === "en" ? group.nameEn : group.nameZh,
    status,
    description: null,
    position: group.position,
    created_at: toIso(group.createdAt)!,
    updated_at: toIso(Math.max(group.updatedAt, ...members.map((m) => m.updatedAt)))!,
    page_id: ctx.id,
    group: true,
    group_id: null,
    showcase: false,
    start_date: null,
    only_show_if_degraded: false,
    components: members.map((m) => m.id),
    status_source: (driver?.statusSource ?? "default") as Source,
  };
}

/** Groups (each followed by its members), then ungrouped components: the order Statuspage pages show. */
export function componentListJson(
  components: ComponentRow[],
  groups: ComponentGroupRow[],
  ctx: PageContext,
): ComponentJson[] {
  const out: ComponentJson[] = [];
  const grouped = new Set<string>();
  for (const group of groups) {
    const members = components.filter((c) => c.groupId === group.id);
    if (members.length === 0) continue;
    out.push(groupJson(group, members, ctx));
    for (const member of members) {
      grouped.add(member.id);
      out.push(componentJson(member, ctx));
    }
  }
  for (const component of components) if (!grouped.has(component.id)) out.push(componentJson(component, ctx));
  return out;
}

type AffectedJson = NonNullable<IncidentJson["incident_updates"][number]["affected_components"]>[number];

/** Updates store the English name at the time; show the component's current name in the reader's language. */
function localizeAffected(
  list: AffectedJson[] | null,
  components: Map<string, ComponentRow>,
  locale: Locale,
): AffectedJson[] | null {
  if (!list || list.length === 0) return null;
  return list.map((entry) => {
    const row = components.get(entry.code);
    return row ? { ...entry, name: locale === "en" ? row.nameEn : row.nameZh } : entry;
  });
}

function commonJson(view: IncidentView, components: Map<string, ComponentRow>, ctx: PageContext) {
  return {
    id: view.id,
    name: view.name,
    created_at: toIso(view.createdAt)!,
    updated_at: toIso(view.updatedAt)!,
    monitoring_at: toIso(view.monitoringAt),
    resolved_at: toIso(view.resolvedAt),
    shortlink: `${ctx.url}/incidents/${view.id}`,
    started_at: toIso(view.startedAt)!,
    page_id: ctx.id,
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

export function incidentJson(
  view: IncidentView,
  components: Map<string, ComponentRow>,
  ctx: PageContext,
): IncidentJson {
  return {
    ...commonJson(view, components, ctx),
    status: view.status as IncidentJson["status"],
    impact: view.impact as IncidentJson["impact"],
    source: view.source as IncidentJson["source"],
  };
}

export function maintenanceJson(
  view: IncidentView,
  components: Map<string, ComponentRow>,
  ctx: PageContext,
  nowMs: number,
): MaintenanceJson {
  return {
    ...commonJson(view, components, ctx),
    status: maintenanceStatusAt(view, nowMs) as MaintenanceJson["status"],
    impact: view.impact as MaintenanceJson["impact"],
    scheduled_for: toIso(view.scheduledFor),
    scheduled_until: toIso(view.scheduledUntil),
  };
}

/** The admin view: the public shape plus what operators review (never shown publicly). */
export function adminIncidentJson(
  view: IncidentView,
  components: Map<string, ComponentRow>,
  ctx: PageContext,
  nowMs: number,
) {
  const base =
    view.type === "maintenance"
      ? {
          ...maintenanceJson(view, components, ctx, nowMs),
          status: view.status === "cancelled" ? "cancelled" : maintenanceStatusAt(view, nowMs),
        }
      : incidentJson(view, components, ctx);
  return {
    ...base,
    type: view.type as "incident" | "maintenance",
    source: view.source as "declared" | "detected",
    detected_kind: view.detectedKind,
    review: view.review,
    merged_into: view.mergedInto,
    evidence: view.evidence ?? null,
    component_statuses: Object.fromEntries(view.components.map((c) => [c.componentId, c.status])),
  };
}

export type AdminIncidentJson = ReturnType<typeof adminIncidentJson>;
