import { describe, expect, it } from "vitest";
import { impactOf, overallIndicator } from "../../src/domain/status";
import type { ComponentStatus } from "../../src/domain/symptoms";

const op = "operational";

describe("overallIndicator follows Statuspage's top-level status rules", () => {
  const cases: [ComponentStatus[], string, string][] = [
    [[op, op, op], "none", "All Systems Operational"],
    [[op, "under_maintenance", op], "maintenance", "Service Under Maintenance"],
    [["under_maintenance", "under_maintenance"], "maintenance", "Service Under Maintenance"],
    [[op, "degraded_performance"], "minor", "Partially Degraded Service"],
    [["degraded_performance", "degraded_performance"], "minor", "Degraded System Service"],
    [[op, "partial_outage"], "minor", "Minor Service Outage"],
    [["partial_outage", "partial_outage"], "major", "Partial System Outage"],
    [[op, "major_outage"], "major", "Partial System Outage"],
    [["major_outage", "major_outage"], "critical", "Major System Outage"],
    // The worst status decides; maintenance shows only when nothing is broken.
    [["under_maintenance", "degraded_performance"], "minor", "Partially Degraded Service"],
    [["degraded_performance", "partial_outage", "major_outage"], "major", "Partial System Outage"],
    [["partial_outage", "major_outage"], "major", "Partial System Outage"],
    // A single component.
    [["degraded_performance"], "minor", "Partially Degraded Service"],
    [["partial_outage"], "major", "Partial System Outage"],
    [["major_outage"], "critical", "Major System Outage"],
    [["under_maintenance"], "maintenance", "Service Under Maintenance"],
    [[], "none", "All Systems Operational"],
  ];
  for (const [statuses, indicator, description] of cases) {
    it(`${JSON.stringify(statuses)} → ${indicator} "${description}"`, () => {
      expect(overallIndicator(statuses)).toEqual({ indicator, description });
    });
  }

  it("lets an active incident speak only for a page without components", () => {
    expect(overallIndicator([], ["major"])).toEqual({ indicator: "major", description: "Partial System Outage" });
    expect(overallIndicator([op], ["critical"])).toEqual({ indicator: "none", description: "All Systems Operational" });
  });
});

describe("impactOf maps component statuses to incident impact", () => {
  it.each([
    [["major_outage", "degraded_performance"], "critical"],
    [["partial_outage"], "major"],
    [["degraded_performance", op], "minor"],
    [["under_maintenance"], "none"],
    [[], "none"],
  ] as [ComponentStatus[], string][])("%j → %s", (statuses, impact) => {
    expect(impactOf(statuses)).toBe(impact);
  });
});
