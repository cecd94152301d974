import type { PageContext } from "../config/page";
import { serviceUrl } from "../config/page";
import type { IncidentView } from "../data/incidents";
import type { DomainEvent } from "../domain/events";
import { isPublic } from "../domain/incidents";
import { toIso } from "../lib/time";
import type { StatusSnapshot } from "../read-model";
import { adminIncidentJson, componentJson } from "../serializers/statuspage";

/**
 * The JSON body of one event, in the spirit of Statuspage's webhooks: the
 * page with its overall status, then the incident (or maintenance) as the
 * public API shows it, or the component and its status change. Rendered from
 * the snapshot of the event's service, like every public surface; `view` is
 * the incident an incident or maintenance event is about.
 */
export function buildPayload(
  snapshot: StatusSnapshot,
  ctx: PageContext,
  event: DomainEvent,
  view?: IncidentView,
): Record<string, unknown> | null {
  const base = {
    event: event.type,
    created_at: toIso(event.at),
    page: {
      id: ctx.config.id,
      name: ctx.config.pageTitle[ctx.locale],
      url: serviceUrl(ctx, ctx.config.id),
      status_indicator: snapshot.overall.indicator,
      status_description: snapshot.overall.description,
    },
  };
  if (event.type === "component.status_changed") {
    const row = snapshot.componentsById.get(event.componentId);
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
  // Dismissed or merged detections stay private; nothing goes out about them.
  if (!view || !isPublic(view)) return null;
  const {
    evidence: _evidence,
    review: _review,
    merged_into: _merged,
    component_statuses: _statuses,
    ...incident
  } = adminIncidentJson(view, snapshot.componentsById, { ...ctx, nowMs: event.at });
  return { ...base, [view.type === "maintenance" ? "scheduled_maintenance" : "incident"]: incident };
}
