import { describe, expect, it } from "vitest";
import { PRESET_IDS, PRESETS } from "../../src/config/presets";
import { buildRegistry, checkAlternatives, resolveService, type ServiceRecord } from "../../src/config/registry";
import { DomainError } from "../../src/domain/errors";

const huabeiRow: ServiceRecord = { id: "huabei", preset: "huabei", overrides: null, enabled: true, position: 0 };

function errorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a DomainError");
}

describe("presets", () => {
  it("are each a valid configuration whose alternatives name known services, never themselves", () => {
    const known = new Set(PRESET_IDS);
    for (const id of PRESET_IDS) {
      const config = resolveService(id, id, []);
      expect(config).toEqual({ ...PRESETS[id]!.config, id });
      checkAlternatives(config, known);
      // Every component a preset creates sits in one of its own groups.
      const groups = new Set(PRESETS[id]!.groups.map((g) => g.id));
      for (const component of PRESETS[id]!.components) expect(groups.has(component.group!)).toBe(true);
    }
  });

  it("give credit products credit symptoms and wallets wallet symptoms", () => {
    const codes = (id: string) => PRESETS[id]!.config.symptoms.map((s) => s.code);
    expect(codes("huabei")).toContain("overdue");
    expect(codes("jd-pay")).toContain("limit_reduced");
    expect(codes("wechat-pay")).not.toContain("overdue");
    expect(codes("wechat-pay")).toContain("card_declined");
  });
});

describe("buildRegistry", () => {
  it("serves the default service from its preset when it has no row", () => {
    const registry = buildRegistry([], {});
    expect(registry.defaultId).toBe("huabei");
    expect(registry.enabled.map((s) => s.id)).toEqual(["huabei"]);
    expect(registry.byId.get("huabei")!.name.en).toBe("Huabei");
  });

  it("keeps disabled services off, orders by position and applies each row's overrides", () => {
    const registry = buildRegistry(
      [
        huabeiRow,
        { id: "wechat-pay", preset: "wechat-pay", overrides: null, enabled: true, position: 2 },
        { id: "alipay", preset: "alipay", overrides: null, enabled: false, position: 1 },
        {
          id: "my-bank",
          preset: null,
          overrides: { name: { "zh-CN": "某银行", en: "Some Bank" } },
          enabled: true,
          position: 1,
        },
      ],
      {},
    );
    expect(registry.enabled.map((s) => s.id)).toEqual(["huabei", "my-bank", "wechat-pay"]);
    expect(registry.byId.get("my-bank")!.pageTitle).toEqual({
      "zh-CN": "某银行服务状态",
      en: "Some Bank service status",
    });
    expect(registry.byId.has("alipay")).toBe(false);
  });

  it("applies SERVICE_CONFIG and TIME_ZONE to the default service only", () => {
    const registry = buildRegistry(
      [huabeiRow, { id: "alipay", preset: "alipay", overrides: null, enabled: true, position: 1 }],
      {
        SERVICE_CONFIG: JSON.stringify({ name: { "zh-CN": "白条" } }),
        TIME_ZONE: "Asia/Hong_Kong",
      },
    );
    expect(registry.byId.get("huabei")!.name).toEqual({ "zh-CN": "白条", en: "Huabei" });
    expect(registry.byId.get("huabei")!.timeZone).toBe("Asia/Hong_Kong");
    expect(registry.byId.get("alipay")!.timeZone).toBe("Asia/Shanghai");
  });

  it("refuses a broken SERVICE_CONFIG instead of falling back to Huabei's texts", () => {
    const broken = errorOf(() => buildRegistry([huabeiRow], { SERVICE_CONFIG: "{broken" }));
    expect(broken).toMatchObject({ kind: "unavailable", code: "invalid_configuration", field: "SERVICE_CONFIG" });
    const misspelt = errorOf(() => buildRegistry([huabeiRow], { SERVICE_CONFIG: JSON.stringify({ nmae: "x" }) }));
    expect(misspelt.code).toBe("invalid_configuration");
    expect(misspelt.message).toMatch(/nmae/);
    const badZone = errorOf(() => buildRegistry([huabeiRow], { TIME_ZONE: "Mars/Olympus" }));
    expect(badZone.message).toMatch(/timeZone/);
  });

  it("refuses an unknown SERVICE_ID and SERVICE_HOSTS naming services that are not enabled", () => {
    expect(errorOf(() => buildRegistry([], { SERVICE_ID: "nope" })).field).toBe("SERVICE_ID");
    expect(errorOf(() => buildRegistry([huabeiRow], { SERVICE_HOSTS: "pay.example=alipay" })).field).toBe(
      "SERVICE_HOSTS",
    );
    expect(errorOf(() => buildRegistry([huabeiRow], { SERVICE_HOSTS: "not a pair" })).field).toBe("SERVICE_HOSTS");
    const hosts = buildRegistry([huabeiRow], {
      SERVICE_HOSTS: "Status.Example.com=huabei, x.example:8787=huabei",
    }).hosts;
    expect([...hosts]).toEqual([
      ["status.example.com", "huabei"],
      ["x.example:8787", "huabei"],
    ]);
  });
});

describe("resolveService", () => {
  it("names the field of an invalid override", () => {
    expect(errorOf(() => resolveService("alipay", "alipay", [{ symptoms: [] }])).field).toBe("symptoms");
    expect(
      errorOf(() =>
        resolveService("alipay", "alipay", [
          {
            symptoms: [
              {
                code: "Bad Code",
                class: "technical",
                label: { "zh-CN": "x", en: "x" },
                seen: { "zh-CN": "x", en: "x" },
              },
            ],
          },
        ]),
      ).field,
    ).toBe("symptoms.0.code");
    expect(errorOf(() => resolveService("x", null, [{}])).field).toBe("name");
    expect(errorOf(() => resolveService("x", "nope", [])).field).toBe("preset");
    expect(
      errorOf(() => resolveService("alipay", "alipay", [{ advice: { outage: { title: { en: "" } } } }])).field,
    ).toBe("advice.outage.title.en");
    // The verdict's personal advice is configuration too, checked the same way.
    const lines = { "zh-CN": ["x"], en: ["x"] };
    expect(
      errorOf(() =>
        resolveService("huabei", "huabei", [
          { componentAdvice: { "Not An Id": { advice: lines, payAnotherWay: true } } },
        ]),
      ).field,
    ).toBe("componentAdvice.Not An Id");
    expect(
      errorOf(() => resolveService("huabei", "huabei", [{ componentAdvice: { repayment: { advice: lines } } }])).field,
    ).toBe("componentAdvice.repayment.payAnotherWay");
    expect(errorOf(() => resolveService("huabei", "huabei", [{ accountAdvice: { en: [] } }])).field).toBe(
      "accountAdvice.en",
    );
    expect(errorOf(() => resolveService("huabei", "huabei", [{ beReady: { fr: ["x"] } }])).field).toBe("beReady");
  });

  it("switches symptoms and advice with the symptom profile, and keeps an operator's own list", () => {
    const switched = resolveService("huabei", "huabei", [{ symptomProfile: "wallet" }]);
    expect(switched.symptoms).toEqual(PRESETS["wechat-pay"]!.config.symptoms);
    const own = [
      {
        code: "qr_expired",
        class: "technical" as const,
        label: { "zh-CN": "码过期", en: "Code expired" },
        seen: { "zh-CN": "二维码已过期", en: "QR expired" },
      },
    ];
    expect(resolveService("huabei", "huabei", [{ symptomProfile: "custom", symptoms: own }]).symptoms).toEqual(own);
    expect(errorOf(() => resolveService("huabei", "huabei", [{ symptomProfile: "custom" }])).field).toBe("symptoms");
  });

  it("refuses alternatives naming unknown services or the service itself", () => {
    const self = resolveService("alipay", "alipay", [{ alternatives: [{ service: "alipay" }] }]);
    expect(errorOf(() => checkAlternatives(self, new Set(["alipay"]))).field).toBe("alternatives.0.service");
    const unknown = resolveService("alipay", "alipay", [{ alternatives: [{ service: "nope" }] }]);
    expect(errorOf(() => checkAlternatives(unknown, new Set(["alipay"]))).field).toBe("alternatives.0.service");
  });
});
