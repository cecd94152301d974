import { describe, expect, it } from "vitest";
import { assessProbes } from "../../src/detection/probes";
import type { ProbeResultRow } from "../../src/detection/types";

const MIN = 60_000;
const NOW = 1_800_000_000_000 - (1_800_000_000_000 % MIN);

/** One result per minute per location over the last `minutes`, failing where `fails(location, minutesAgo)`. */
function results(locations: string[], minutes: number, fails: (loc: string, ago: number) => boolean): ProbeResultRow[] {
  const rows: ProbeResultRow[] = [];
  for (let ago = minutes; ago >= 1; ago--) {
    for (const location of locations)
      rows.push({ location, at: NOW - ago * MIN + 5_000, ok: !fails(location, ago), latencyMs: 200 });
  }
  return rows;
}

describe("probe assessment", () => {
  const locs = ["probe-hz", "probe-sh", "probe-bj"];

  it("one flapping location never makes an outage", () => {
    const a = assessProbes(
      results(locs, 15, (l) => l === "probe-hz"),
      NOW,
      [],
      null,
    );
    expect(a.down).toEqual(["probe-hz"]);
    expect(a.outage).toBe(false);
    expect(a.major).toBe(false);
  });

  it("two locations down after consecutive failures make a major outage out of three", () => {
    const a = assessProbes(
      results(locs, 15, (l, ago) => l !== "probe-bj" && ago <= 2),
      NOW,
      [],
      null,
    );
    expect(a.down).toEqual(["probe-hz", "probe-sh"]);
    expect(a.outage).toBe(true);
    expect(a.major).toBe(true);
  });

  it("every location failing its latest check opens at once", () => {
    const a = assessProbes(
      results(locs, 15, (_, ago) => ago === 1),
      NOW,
      [],
      null,
    );
    expect(a.down).toEqual([]);
    expect(a.failing).toHaveLength(3);
    expect(a.outage).toBe(true);
  });

  it("failures inside a maintenance window are ignored, and fresh ones must last a while afterwards", () => {
    const endsAt = NOW - 3 * MIN;
    const maintenance = [{ id: "m", startsAt: NOW - 60 * MIN, endsAt }];
    // Failing through the window and for three minutes after it: attributed to the maintenance.
    const lingering = results(locs, 15, () => true);
    expect(assessProbes(lingering, NOW, maintenance, endsAt).outage).toBe(false);
    // Still failing six minutes after the end: a real outage.
    const later = NOW + 3 * MIN;
    const rows = [
      ...lingering,
      ...[1, 2, 3].flatMap((k) => locs.map((location) => ({ location, at: NOW + (k - 1) * MIN + 5_000, ok: false }))),
    ];
    expect(assessProbes(rows, later, maintenance, endsAt).outage).toBe(true);
  });

  it("stale results do not describe a location", () => {
    const old = results(locs, 40, () => true).filter((r) => r.at < NOW - 20 * MIN);
    const a = assessProbes(old, NOW, [], null);
    expect(a.known).toEqual([]);
    expect(a.outage).toBe(false);
  });
});
