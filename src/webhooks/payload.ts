import { listComponents } from "../data/components";
import { findIncident } from "../data/incidents";
import type { Database } from "../db/client";
import type { DomainEvent } from "../domain/events";
import { overallIndicator } from "../domain/status";
import type { ComponentStatus } from "../domain/symptoms";
import { toIso } from "../lib/time";
import { adminIncidentJson, componentJson, type PageContext } from "../serializers/statuspage";

/**
 * The JSON body of one event, in the spirit of Statuspage's webhooks: the
 * page with its overall status, then the incident (or maintenance) as the
 * public API shows it, or the component and its status change.
 */
export async function buildPayload(
  db: Database,
  ctx: PageContext,
  event: DomainEvent,
): Promise<Record<string, unknown> | null> {
  const components = await listComponents(db);
  const byId = new Map(components.map((row) => [row.id, row]));
  const status = overallIndicator(components.map((row) => row.status as ComponentStatus));
  const base = {
    event: event.type,
    created_at: toIso(event.at),
    page: {
      id: ctx.id,
      name: ctx.name,
      url: ctx.url,
      status_indicator: status.indicator,
      status_description: status.description,
    },
  };
  if (event.type === "component.status_changed") {
    const row = byId.get(event.componentId);
    if (!row) return null;
    return {
      ...base,
      component_update: {
        component_id: row.id,
        old_status: event.oldStatus,
        new_status: event.newStatus,
        created_at: toIso(event.at),
      },
      component: componentJson(row, ctx),
    };
  }
  const view = await findIncident(db, event.incidentId);
  // Dismissed or merged detections stay private; nothing goes out about them.
  if (!view || view.review === "dismissed" || view.review === "merged") return null;
  const {
    evidence: _evidence,
    review: _review,
    merged_into: _merged,
    component_statuses: _statuses,
    ...incident
  } = adminIncidentJson(view, byId, ctx, event.at);
  return { ...base, [view.type === "maintenance" ? "scheduled_maintenance" : "incident"]: incident };
}
