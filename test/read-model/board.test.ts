import { describe, expect, it } from "vitest";
import { PRESETS } from "../../src/config/presets";
import { buildRegistry, type ServiceRecord } from "../../src/config/registry";
import type { ComponentRow } from "../../src/data/components";
import type { IncidentView } from "../../src/data/incidents";
import type { ComponentStatus } from "../../src/domain/symptoms";
import { buildBoard, liveAlternatives, snapshotOfComponent, summarizeBoard } from "../../src/read-model";

// The board read model, pure: every service's snapshot at one version, the
// live alternatives of each, and the board's figures.

const NOW = Date.UTC(2026, 11, 1, 4);

function row(id: string, preset: string, position: number): ServiceRecord {
  return { id, preset, overrides: null, enabled: true, position };
}

function component(id: string, serviceId: string, status: ComponentStatus = "operational"): ComponentRow {
  return {
    id,
    serviceId,
    nameZh: id,
    nameEn: id,
    descriptionZh: null,
    descriptionEn: null,
    groupId: null,
    position: 1,
    status,
    statusSource: status === "operational" ? "default" : "declared",
    showcase: true,
    onlyShowIfDegraded: false,
    createdAt: NOW - 1000,
    updatedAt: NOW - 1000,
  };
}

function incident(id: string, serviceId: string, componentId: string): IncidentView {
  return {
    id,
    serviceId,
    type: "incident",
    name: id,
    status: "investigating",
    impact: "critical",
    source: "declared",
    detectedKind: null,
    review: null,
    mergedInto: null,
    evidence: null,
    createdAt: NOW - 500,
    updatedAt: NOW - 500,
    startedAt: NOW - 500,
    monitoringAt: null,
    resolvedAt: null,
    scheduledFor: null,
    scheduledUntil: null,
    updates: [],
    components: [{ componentId, status: "major_outage" }],
  };
}

function board(statuses: Partial<Record<string, ComponentStatus>>, open: IncidentView[] = []) {
  const registry = buildRegistry(
    [row("huabei", "huabei", 0), row("wechat-pay", "wechat-pay", 1), row("unionpay", "unionpay", 2)],
    {},
  );
  return buildBoard(
    {
      version: 7,
      registry,
      components: [
        component("online-pay", "huabei", statuses["online-pay"]),
        component("wechat-pay-pay", "wechat-pay", statuses["wechat-pay-pay"]),
        component("unionpay-pay", "unionpay", statuses["unionpay-pay"]),
      ],
      groups: [],
      open,
      lastIncidentChange: new Map(open.map((i) => [i.serviceId, i.updatedAt])),
    },
    NOW,
  );
}

describe("buildBoard", () => {
  it("gives each service only its own components and incidents", () => {
    const b = board({ "unionpay-pay": "major_outage" }, [incident("i1", "unionpay", "unionpay-pay")]);
    expect([...b.snapshots.keys()]).toEqual(["huabei", "wechat-pay", "unionpay"]);
    expect(b.snapshots.get("huabei")!.components.map((c) => c.id)).toEqual(["online-pay"]);
    expect(b.snapshots.get("huabei")!.incidents).toEqual([]);
    expect(b.snapshots.get("huabei")!.overall.indicator).toBe("none");
    expect(b.snapshots.get("unionpay")!.incidents.map((i) => i.id)).toEqual(["i1"]);
    expect(b.snapshots.get("unionpay")!.overall.indicator).toBe("critical");
    expect(snapshotOfComponent(b, "wechat-pay-pay")!.service.id).toBe("wechat-pay");
    expect(snapshotOfComponent(b, "nope")).toBeUndefined();
  });
});

describe("liveAlternatives", () => {
  it("puts working tracked services first, then untracked ones, then those in an outage or maintenance", () => {
    const huabei = PRESETS.huabei!.config;
    const calm = liveAlternatives(board({}), huabei);
    expect(calm.map((a) => [a.service, a.status, a.recommended])).toEqual([
      ["wechat-pay", "operational", true],
      ["unionpay", "operational", true],
      // JD Pay is built in but not enabled here: named, status unknown.
      ["jd-pay", null, true],
      [null, null, true],
      [null, null, true],
      [null, null, true],
    ]);
    const troubled = liveAlternatives(
      board({ "wechat-pay-pay": "under_maintenance", "unionpay-pay": "degraded_performance" }),
      huabei,
    );
    expect(troubled.map((a) => [a.service, a.status, a.recommended])).toEqual([
      // Slow but working is still recommended.
      ["unionpay", "degraded_performance", true],
      ["jd-pay", null, true],
      [null, null, true],
      [null, null, true],
      [null, null, true],
      ["wechat-pay", "under_maintenance", false],
    ]);
  });

  it("names a built-in service that is not enabled, without a status", () => {
    const alipay = PRESETS.alipay!.config;
    const live = liveAlternatives(board({}), { ...alipay, alternatives: [{ service: "jd-pay" }] });
    expect(live).toEqual([
      { service: "jd-pay", name: PRESETS["jd-pay"]!.config.name, status: null, recommended: true },
    ]);
  });
});

describe("summarizeBoard", () => {
  it("sums each service's reporters against usual and lists what can be used instead", () => {
    const b = board({ "unionpay-pay": "major_outage" }, [incident("i1", "unionpay", "unionpay-pay")]);
    const recent = new Map([
      ["unionpay-pay", { reporters: 40, usual: 2.04 }],
      ["online-pay", { reporters: 3, usual: 1 }],
    ]);
    const summaries = summarizeBoard(b, recent);
    expect(
      summaries.map((s) => [
        s.service.id,
        s.reportersLastHour,
        s.usualLastHour,
        s.openIncidents,
        s.canUseInstead.map((a) => a.service),
      ]),
    ).toEqual([
      ["huabei", 3, 1, 0, ["wechat-pay"]],
      // Its alternatives: Alipay is not tracked here, UnionPay is down.
      ["wechat-pay", 0, 0, 0, []],
      ["unionpay", 40, 2, 1, ["wechat-pay"]],
    ]);
  });
});
