import type { ComponentStatus } from "./symptoms";

/**
 * What changed, as the incident and component writes report it. Webhooks
 * (src/webhooks) turn these into signed deliveries; the data layer never
 * talks to the network itself.
 */
export type IncidentEventType = "incident.created" | "incident.updated";
export type MaintenanceEventType =
  | "maintenance.scheduled"
  | "maintenance.updated"
  | "maintenance.started"
  | "maintenance.completed"
  | "maintenance.cancelled";

export type DomainEvent =
  | { type: IncidentEventType | MaintenanceEventType; incidentId: string; at: number }
  | {
      type: "component.status_changed";
      componentId: string;
      oldStatus: ComponentStatus;
      newStatus: ComponentStatus;
      at: number;
    };

export type EventType = DomainEvent["type"];

export const EVENT_TYPES = [
  "incident.created",
  "incident.updated",
  "maintenance.scheduled",
  "maintenance.updated",
  "maintenance.started",
  "maintenance.completed",
  "maintenance.cancelled",
  "component.status_changed",
] as const satisfies readonly EventType[];
