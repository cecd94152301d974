import type { ComponentStatus } from "./symptoms";

export const INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved", "postmortem"] as const;
/** Maintenance statuses the public sees; `cancelled` is kept but never shown. */
export const MAINTENANCE_STATUSES = ["scheduled", "in_progress", "verifying", "completed"] as const;
export const IMPACTS = ["none", "minor", "major", "critical"] as const;
export const INDICATORS = ["none", "minor", "major", "critical", "maintenance"] as const;
/** Who set a component's status: the detector, an operator, or nobody yet. */
export const STATUS_SOURCES = ["detected", "declared", "default"] as const;

export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];
export type StatusIndicator = (typeof INDICATORS)[number];
export type IncidentImpact = (typeof IMPACTS)[number];
export type StatusSource = (typeof STATUS_SOURCES)[number];

const SEVERITY: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

/** The descriptions Statuspage's `status.json` uses for its top-level status. */
export const STATUS_DESCRIPTIONS = {
  operational: "All Systems Operational",
  maintenance: "Service Under Maintenance",
  someDegraded: "Partially Degraded Service",
  allDegraded: "Degraded System Service",
  somePartial: "Minor Service Outage",
  partial: "Partial System Outage",
  allMajor: "Major System Outage",
} as const;

/** One description per indicator, for callers that need a single word per level (badges, legends). */
export const INDICATOR_DESCRIPTION: Record<StatusIndicator, string> = {
  none: STATUS_DESCRIPTIONS.operational,
  minor: STATUS_DESCRIPTIONS.someDegraded,
  major: STATUS_DESCRIPTIONS.partial,
  critical: STATUS_DESCRIPTIONS.allMajor,
  maintenance: STATUS_DESCRIPTIONS.maintenance,
};

const IMPACT_RANK: Record<StatusIndicator, number> = { none: 0, maintenance: 0.5, minor: 1, major: 2, critical: 3 };

export function worstStatus(statuses: Iterable<ComponentStatus>): ComponentStatus {
  let worst: ComponentStatus = "operational";
  for (const status of statuses) if (SEVERITY[status] > SEVERITY[worst]) worst = status;
  return worst;
}

/** Statuspage's incident impact from the statuses an incident gives its components. */
export function impactOf(statuses: Iterable<ComponentStatus>): IncidentImpact {
  const worst = worstStatus(statuses);
  if (worst === "major_outage") return "critical";
  if (worst === "partial_outage") return "major";
  if (worst === "degraded_performance") return "minor";
  return "none";
}

export function worseImpact(a: IncidentImpact, b: IncidentImpact): IncidentImpact {
  return IMPACT_RANK[a] >= IMPACT_RANK[b] ? a : b;
}

/**
 * The page's top-level status, following Statuspage's published rules
 * ("Top-level status and incident impact calculations"): the worst component
 * status decides, blended by whether all components share it —
 * - any major outage: all of them → critical "Major System Outage", else major "Partial System Outage";
 * - any partial outage: all → major "Partial System Outage", some → minor "Minor Service Outage";
 * - any degraded: all (of several) → minor "Degraded System Service", else minor "Partially Degraded Service";
 * - otherwise any under maintenance → maintenance "Service Under Maintenance";
 * - otherwise none "All Systems Operational".
 * Maintenance only shows when nothing is actually broken. A page without
 * components shows "All Systems Operational" unless an incident is active;
 * `incidentImpacts` (impacts of unresolved incidents) covers that case only.
 */
export function overallIndicator(
  statuses: Iterable<ComponentStatus>,
  incidentImpacts: Iterable<IncidentImpact> = [],
): { indicator: StatusIndicator; description: string } {
  const list = [...statuses];
  const count = (status: ComponentStatus) => list.filter((s) => s === status).length;
  const all = (status: ComponentStatus) => list.length > 0 && count(status) === list.length;
  let result: { indicator: StatusIndicator; description: string };
  if (count("major_outage") > 0) {
    result = all("major_outage")
      ? { indicator: "critical", description: STATUS_DESCRIPTIONS.allMajor }
      : { indicator: "major", description: STATUS_DESCRIPTIONS.partial };
  } else if (count("partial_outage") > 0) {
    result = all("partial_outage")
      ? { indicator: "major", description: STATUS_DESCRIPTIONS.partial }
      : { indicator: "minor", description: STATUS_DESCRIPTIONS.somePartial };
  } else if (count("degraded_performance") > 0) {
    result = {
      indicator: "minor",
      description:
        all("degraded_performance") && list.length > 1
          ? STATUS_DESCRIPTIONS.allDegraded
          : STATUS_DESCRIPTIONS.someDegraded,
    };
  } else if (count("under_maintenance") > 0) {
    result = { indicator: "maintenance", description: STATUS_DESCRIPTIONS.maintenance };
  } else {
    result = { indicator: "none", description: STATUS_DESCRIPTIONS.operational };
  }

  let impact: IncidentImpact = "none";
  for (const i of incidentImpacts) impact = worseImpact(impact, i);
  if (list.length === 0 && IMPACT_RANK[impact] > IMPACT_RANK[result.indicator]) {
    const description =
      impact === "critical"
        ? STATUS_DESCRIPTIONS.allMajor
        : impact === "major"
          ? STATUS_DESCRIPTIONS.partial
          : STATUS_DESCRIPTIONS.somePartial;
    result = { indicator: impact, description };
  }
  return result;
}
