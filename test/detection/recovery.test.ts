import { describe, expect, it } from "vitest";
import { DEFAULT_PARAMS } from "../../src/detection/params";
import { assessRecovery } from "../../src/detection/recovery";
import { Replay, type ReplayLine, type ScenarioLine } from "../../src/detection/replay";
import { readPlan } from "../../src/detection/tick";
import type { RollupRow } from "../../src/detection/types";

// "It works again" as evidence for resolving a detected outage (src/detection/recovery.ts).

const MIN = 60_000;
const T0 = Date.UTC(2026, 9, 12, 2, 0);
const REGIONS = ["GD", "ZJ", "JS", "SD", "SC", "HB", "HN", "BJ"];
const OUTAGE_FROM = T0 + 120 * MIN;
const OUTAGE_TO = T0 + 140 * MIN;
const iso = (ms: number) => new Date(ms).toISOString();

/** Three hours of a component: 2 technical reporters a minute, and 20 a minute from many regions for 20 minutes. */
function outageStream(): ScenarioLine[] {
  const lines: ScenarioLine[] = [{ type: "component", id: "online-pay" }];
  let n = 0;
  for (let m = 0; m < 180; m++) {
    const t = T0 + m * MIN;
    const perMinute = t >= OUTAGE_FROM && t < OUTAGE_TO ? 20 : 2;
    for (let k = 0; k < perMinute; k++) {
      n++;
      lines.push({
        type: "report",
        id: `r${n}`,
        at: iso(t + Math.floor((k * MIN) / perMinute)),
        component: "online-pay",
        symptom: "system_busy",
        region: REGIONS[n % REGIONS.length],
        reporter: `u${n}`,
      });
    }
  }
  return lines;
}

function recovery(at: number, reporter: string, component = "online-pay"): ScenarioLine {
  return { type: "recovery", at: iso(at), component, reporter };
}

/** Merges extra lines into a stream in time order (component lines first). */
function withLines(stream: ScenarioLine[], extra: ScenarioLine[]): ScenarioLine[] {
  const at = (l: ScenarioLine) => ("at" in l ? Date.parse(l.at) : 0);
  return [...stream, ...extra]
    .map((l, i) => ({ l, i }))
    .sort((a, b) => at(a.l) - at(b.l) || a.i - b.i)
    .map((x) => x.l);
}

function replay(lines: ScenarioLine[]): ReplayLine[] {
  const r = new Replay();
  const out: ReplayLine[] = [];
  for (const line of lines) out.push(...r.push(line));
  out.push(...r.finish());
  return out;
}

function outages(out: ReplayLine[]) {
  return out.filter((l) => l.type === "episode" && l.kind === "outage") as Extract<ReplayLine, { type: "episode" }>[];
}

describe("assessRecovery", () => {
  const opened = T0 + 100 * MIN;
  const now = T0 + 130 * MIN;
  const tech = (minute: number, reporters: number): RollupRow => ({
    minute: T0 / MIN + minute,
    symptomClass: "technical",
    region: "ZJ",
    reporters,
    reports: reporters,
  });
  const busyThenQuiet = [...Array.from({ length: 25 }, (_, i) => tech(100 + i, 20)), tech(127, 1), tech(128, 1)];
  const stillBusy = Array.from({ length: 30 }, (_, i) => tech(100 + i, 20));
  const recoveries = (n: number) => [{ minute: T0 / MIN + 128, recoveries: n }];

  it("is recovering with many recoveries while reports fall", () => {
    const a = assessRecovery({ nowMs: now, openedAt: opened, rollups: busyThenQuiet, recoveries: recoveries(8) });
    expect(a).toMatchObject({ recoveries: 8, recent: 2, peak: 60, recovering: true });
  });

  it("is not with a few recoveries, however calm", () => {
    const a = assessRecovery({ nowMs: now, openedAt: opened, rollups: busyThenQuiet, recoveries: recoveries(4) });
    expect(a.recovering).toBe(false);
  });

  it("is not with many recoveries while the reports are still strong", () => {
    const a = assessRecovery({ nowMs: now, openedAt: opened, rollups: stillBusy, recoveries: recoveries(30) });
    expect(a.recovering).toBe(false);
    // Even more recoveries than reporters do not help while reports have not fallen.
    const b = assessRecovery({ nowMs: now, openedAt: opened, rollups: stillBusy, recoveries: recoveries(200) });
    expect(b.recovering).toBe(false);
  });

  it("ignores recoveries older than its window", () => {
    const old = [{ minute: T0 / MIN + 100, recoveries: 50 }];
    expect(assessRecovery({ nowMs: now, openedAt: opened, rollups: busyThenQuiet, recoveries: old }).recoveries).toBe(
      0,
    );
  });

  it("is read from the plan's window", () => {
    expect(readPlan(null, now).recoveriesFromMinute).toBe(now / MIN - DEFAULT_PARAMS.recovery.windowMinutes);
  });
});

describe("the detector with recoveries", () => {
  const base = outageStream();
  const without = outages(replay(base));

  it("detects the outage without recoveries and resolves it after the calm wait", () => {
    expect(without).toHaveLength(1);
    expect(Date.parse(without[0]!.started_at)).toBeLessThan(OUTAGE_FROM + 3 * MIN);
    expect(Date.parse(without[0]!.resolved_at!)).toBeGreaterThan(OUTAGE_TO + 8 * MIN);
  });

  it("resolves sooner when many say it works again as reports fall", () => {
    const extra: ScenarioLine[] = [];
    for (let m = 0; m < 15; m++)
      for (let k = 0; k < 4; k++) extra.push(recovery(OUTAGE_TO + m * MIN + k * 1000, `ok-${m}-${k}`));
    const withRecoveries = outages(replay(withLines(base, extra)));
    expect(withRecoveries).toHaveLength(1);
    expect(withRecoveries[0]!.started_at).toBe(without[0]!.started_at);
    const sooner = Date.parse(without[0]!.resolved_at!) - Date.parse(withRecoveries[0]!.resolved_at!);
    expect(sooner).toBeGreaterThanOrEqual(4 * MIN);
    // Never before the outage is over.
    expect(Date.parse(withRecoveries[0]!.resolved_at!)).toBeGreaterThan(OUTAGE_TO);
  });

  it("changes nothing with a few recoveries during the strong signal", () => {
    const few = [1, 2, 3].map((i) => recovery(OUTAGE_FROM + (5 + i) * MIN, `early-${i}`));
    expect(outages(replay(withLines(base, few)))).toEqual(without);
  });

  it("does not close the outage with many recoveries while people still report it broken", () => {
    const many: ScenarioLine[] = [];
    for (let m = 5; m < 18; m++)
      for (let k = 0; k < 10; k++) many.push(recovery(OUTAGE_FROM + m * MIN + k * 1000, `m-${m}-${k}`));
    const result = outages(replay(withLines(base, many)));
    // One episode, open through the whole strong signal (they only help once the reports have fallen).
    expect(result).toHaveLength(1);
    expect(result[0]!.started_at).toBe(without[0]!.started_at);
    expect(Date.parse(result[0]!.resolved_at!)).toBeGreaterThan(OUTAGE_TO);
  });

  it("counts one person once: one reporter saying it 60 times changes nothing", () => {
    const repeats = Array.from({ length: 60 }, (_, i) => recovery(OUTAGE_TO + i * 10_000, "same-person"));
    expect(outages(replay(withLines(base, repeats)))).toEqual(without);
  });

  it("never opens or closes anything on a component without an outage", () => {
    const quiet = base.filter(
      (l) => l.type !== "report" || Date.parse(l.at) < OUTAGE_FROM || Date.parse(l.at) >= OUTAGE_TO,
    );
    const extra = Array.from({ length: 40 }, (_, i) => recovery(T0 + 100 * MIN + i * 20_000, `q-${i}`));
    expect(replay(withLines(quiet, extra))).toEqual(replay(quiet));
  });
});
