import type { ComponentStatus } from "./symptoms";

export type StatusIndicator = "none" | "minor" | "major" | "critical" | "maintenance";

const SEVERITY: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

const INDICATOR: Record<ComponentStatus, StatusIndicator> = {
  operational: "none",
  under_maintenance: "maintenance",
  degraded_performance: "minor",
  partial_outage: "major",
  major_outage: "critical",
};

/** The words Statuspage uses for each overall indicator (its API's `status.description`). */
export const INDICATOR_DESCRIPTION: Record<StatusIndicator, string> = {
  none: "All Systems Operational",
  minor: "Partially Degraded Service",
  major: "Partial System Outage",
  critical: "Major System Outage",
  maintenance: "Service Under Maintenance",
};

export function worstStatus(statuses: Iterable<ComponentStatus>): ComponentStatus {
  let worst: ComponentStatus = "operational";
  for (const status of statuses) if (SEVERITY[status] > SEVERITY[worst]) worst = status;
  return worst;
}

/**
 * The page's overall indicator, as Statuspage rolls it up: the worst component
 * wins; maintenance shows only when nothing is actually broken.
 */
export function overallIndicator(statuses: Iterable<ComponentStatus>): { indicator: StatusIndicator; description: string } {
  const indicator = INDICATOR[worstStatus(statuses)];
  return { indicator, description: INDICATOR_DESCRIPTION[indicator] };
}
