import { describe, expect, it } from "vitest";
import { generateScenario } from "../../scripts/scenarios/generate";
import { scoreReplay } from "../../scripts/scenarios/score";
import { Replay, type ReplayLine, type ScenarioLine } from "../../src/detection/replay";

const MIN = 60_000;
const T0 = Date.UTC(2026, 9, 12, 2, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const REGIONS = ["ZJ", "GD", "BJ", "SH", "JS", "SC"];

function replayAll(lines: ScenarioLine[]): ReplayLine[] {
  const r = new Replay();
  return [...lines.flatMap((l) => r.push(l)), ...r.finish()];
}

describe("replay contract", () => {
  it("answers every report with a verdict line and reports episodes with ISO times", () => {
    const lines: ScenarioLine[] = [
      { type: "component", id: "online-pay", name: "线上支付" },
      {
        type: "maintenance",
        id: "m1",
        components: ["online-pay"],
        starts_at: iso(T0 + 30 * MIN),
        ends_at: iso(T0 + 40 * MIN),
        title: "系统升级",
      },
    ];
    let n = 0;
    // Two quiet hours, then 20 people a minute from many regions say payments fail, until the end.
    for (let m = 0; m < 150; m++) {
      const perMinute = m < 120 ? (m % 3 === 0 ? 1 : 0) : 20;
      for (let k = 0; k < perMinute; k++) {
        lines.push({
          type: "report",
          id: `r${++n}`,
          at: iso(T0 + m * MIN + k * 2_000),
          component: "online-pay",
          symptom: m < 120 && m % 2 === 0 ? "overdue" : "system_busy",
          region: REGIONS[(n + k) % REGIONS.length],
          reporter: `u-${n}`,
          platform: "ios",
          other_methods_work: "yes",
        });
      }
    }
    const out = replayAll(lines);
    const verdicts = out.filter((l) => l.type === "verdict");
    expect(verdicts).toHaveLength(n);
    expect(verdicts.map((v) => v.report)).toEqual(Array.from({ length: n }, (_, i) => `r${i + 1}`));

    const maintenanceReport = lines.find((l) => l.type === "report" && Date.parse(l.at) >= T0 + 30 * MIN) as {
      id: string;
    };
    expect(verdicts.find((v) => v.report === maintenanceReport.id)!.verdict).toBe("maintenance");
    expect(verdicts.find((v) => v.report === "r1")!.verdict).toBe("individual");
    expect(verdicts.at(-1)!.verdict).toBe("outage");

    const episodes = out.filter((l) => l.type === "episode");
    expect(episodes).toContainEqual({
      type: "episode",
      kind: "maintenance",
      component: "online-pay",
      started_at: iso(T0 + 30 * MIN),
      resolved_at: iso(T0 + 40 * MIN),
    });
    const outage = episodes.find((e) => e.kind === "outage")!;
    expect(outage.resolved_at).toBeNull();
    expect(Date.parse(outage.started_at) - (T0 + 120 * MIN)).toBeLessThanOrEqual(2 * MIN);
    expect(outage.started_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("meets the targets on a generated sharp outage and on spam", () => {
    for (const family of ["sharp-outage", "spam"] as const) {
      const scenario = generateScenario(family, 1, { days: 2 });
      const score = scoreReplay(replayAll(scenario.lines), scenario.truth);
      expect(score.matchedEpisodes).toBe(score.truthEpisodes);
      expect(score.falseEpisodes).toBe(0);
      expect(score.correctVerdicts / score.verdicts).toBeGreaterThanOrEqual(0.98);
      for (const ttd of score.targetTtdMinutes) expect(ttd).toBeLessThanOrEqual(6);
    }
  });
});
