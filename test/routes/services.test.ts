import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { PRESETS } from "../../src/config/presets";
import { admin, adminJson, BASE } from "../admin-helpers";
import { count, type ErrorBody, fetchUncached, postReport } from "../helpers";
import { HUABEI_COMPONENTS } from "../seed";

// Several services in one deployment: routing, what each surface shows, and
// that one service's reports and incidents never move another's.

const get = (path: string, init?: RequestInit) => exports.default.fetch(`${BASE}${path}`, init);
const componentsOf = (id: string) => PRESETS[id]!.components.map((c) => c.id);

beforeAll(async () => {
  await adminJson("POST", "/api/admin/services", { service: { preset: "wechat-pay" } }, 201);
  await adminJson("POST", "/api/admin/services", { service: { preset: "unionpay" } }, 201);
});

describe("paths", () => {
  it("keeps the default service at the root and serves every service at /s/{id}/", async () => {
    const root = await (await get("/api/v2/summary.json")).json<any>();
    expect(root.page.id).toBe("huabei");
    expect(root.components.filter((c: any) => !c.group).map((c: any) => c.id)).toEqual(HUABEI_COMPONENTS);

    const scoped = await (await get("/s/huabei/api/v2/summary.json")).json<any>();
    expect(scoped.components).toEqual(root.components);
    expect(scoped.page.url).toBe(`${BASE}/s/huabei`);

    const wechat = await (await get("/s/wechat-pay/api/v2/summary.json")).json<any>();
    expect(wechat.page).toMatchObject({ id: "wechat-pay", url: `${BASE}/s/wechat-pay`, time_zone: "Asia/Shanghai" });
    expect(wechat.components.filter((c: any) => !c.group).map((c: any) => c.id)).toEqual(componentsOf("wechat-pay"));
    expect(wechat.components.every((c: any) => c.page_id === "wechat-pay")).toBe(true);

    const page = await (await get("/s/wechat-pay", { headers: { "accept-language": "zh-CN" } })).text();
    expect(page).toContain("微信支付服务状态");
    expect(page).not.toContain("花呗");
    // Links stay inside the service.
    expect(page).toContain('href="/s/wechat-pay/report"');
    const form = await (await get("/s/wechat-pay/report", { headers: { "accept-language": "zh-CN" } })).text();
    expect(form).toContain('value="wechat-pay-pay"');
    expect(form).not.toContain('value="online-pay"');
    // A wallet's symptoms, not a credit line's.
    expect(form).toContain('value="card_declined"');
    expect(form).not.toContain('value="overdue"');
    for (const path of ["/s/wechat-pay/history.atom", "/s/wechat-pay/badge.svg", "/s/wechat-pay/history"]) {
      expect((await get(path)).status, path).toBe(200);
    }
  });

  it("answers an unknown or disabled service with 404: a page for pages, the JSON error for the API", async () => {
    const slash = await get("/s/wechat-pay/?lang=en", { redirect: "manual" });
    expect([slash.status, slash.headers.get("location")]).toEqual([301, "/s/wechat-pay?lang=en"]);
    const page = await get("/s/nope");
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toContain("text/html");
    const api = await get("/s/nope/api/v2/summary.json");
    expect(api.status).toBe(404);
    expect(await api.json<ErrorBody>()).toMatchObject({ error: { code: "unknown_service" } });
    // A preset that was never added is unknown too.
    expect((await get("/s/alipay/api/v2/status.json")).status).toBe(404);
  });

  it("maps a host name to its service (SERVICE_HOSTS)", async () => {
    const response = await exports.default.fetch("http://wx.example/api/v2/status.json");
    // Without SERVICE_HOSTS any host shows the default service.
    expect((await response.json<any>()).page.id).toBe("huabei");
    const { app } = await import("../../src/index");
    const hosted = await app.fetch(new Request("http://wx.example/api/v2/status.json"), {
      ...env,
      SERVICE_HOSTS: "wx.example=wechat-pay",
      EDGE_CACHE_TTL: "0",
    });
    expect((await hosted.json<any>()).page).toMatchObject({ id: "wechat-pay", url: "http://wx.example" });
  });
});

describe("reports", () => {
  it("refuses a component of another service and a symptom the service does not offer, naming the field", async () => {
    const before = await count("reports");
    // Huabei's component, sent to WeChat Pay's report API.
    const foreign = await exports.default.fetch(`${BASE}/s/wechat-pay/api/reports`, {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": "198.18.0.1" },
      body: JSON.stringify({ component: "online-pay", symptom: "system_busy" }),
    });
    expect(foreign.status).toBe(400);
    expect(await foreign.json<ErrorBody>()).toMatchObject({ error: { code: "unknown_component", field: "component" } });

    const creditSymptom = await exports.default.fetch(`${BASE}/s/wechat-pay/api/reports`, {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": "198.18.0.2" },
      body: JSON.stringify({ component: "wechat-pay-pay", symptom: "overdue" }),
    });
    expect(creditSymptom.status).toBe(400);
    expect(await creditSymptom.json<ErrorBody>()).toMatchObject({
      error: { code: "unknown_symptom", field: "symptom" },
    });
    expect(await count("reports")).toBe(before);
  });

  it("counts a service's reports on its own page only", async () => {
    const stats = async (prefix: string) =>
      (await (await fetchUncached(`${prefix}/api/reports/stats?window=1h`)).json<any>()).total as number;
    const [huabeiBefore, wechatBefore] = [await stats(""), await stats("/s/wechat-pay")];
    for (let i = 0; i < 3; i++) {
      const response = await exports.default.fetch(`${BASE}/s/wechat-pay/api/reports`, {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": `198.18.1.${i + 1}` },
        body: JSON.stringify({ component: "wechat-pay-online", symptom: "card_declined" }),
      });
      expect(response.status).toBe(201);
    }
    expect(await stats("/s/wechat-pay")).toBe(wechatBefore + 3);
    expect(await stats("")).toBe(huabeiBefore);
  });
});

describe("incidents and live alternatives", () => {
  it("keeps an incident on its own service, and tells Huabei reporters which alternatives work now", async () => {
    const incident = await adminJson(
      "POST",
      "/api/admin/incidents",
      { incident: { service_id: "unionpay", name: "云闪付无法付款", components: { "unionpay-pay": "major_outage" } } },
      201,
    );
    expect(incident.service_id).toBe("unionpay");
    expect(incident.shortlink).toBe(`${BASE}/s/unionpay/incidents/${incident.id}`);

    const huabei = await (await get("/api/v2/summary.json")).json<any>();
    expect(huabei.incidents).toEqual([]);
    expect(huabei.status.indicator).toBe("none");
    const unionpay = await (await get("/s/unionpay/api/v2/summary.json")).json<any>();
    expect(unionpay.incidents.map((i: any) => i.id)).toEqual([incident.id]);
    // Another service's incident is not on this page.
    expect((await get(`/incidents/${incident.id}`)).status).toBe(404);
    expect((await get(`/s/unionpay/incidents/${incident.id}`)).status).toBe(200);

    const answer = await postReport({ component: "online-pay", symptom: "system_busy" });
    expect(answer.status).toBe(201);
    const { verdict } = await answer.json<any>();
    expect(verdict.alternatives.slice(0, 2)).toEqual([
      { service: "wechat-pay", name: "微信支付", status: "operational", recommended: true },
      // Built in but not enabled here: recommended, status unknown.
      { service: "jd-pay", name: "京东支付/白条", status: null, recommended: true },
    ]);
    expect(verdict.alternatives.at(-1)).toEqual({
      service: "unionpay",
      name: "云闪付",
      status: "major_outage",
      recommended: false,
    });
    expect(verdict.advice.join("")).not.toContain("云闪付");

    // The board agrees.
    const board = await (await fetchUncached("/api/services.json")).json<any>();
    expect(board.services.map((s: any) => s.id)).toEqual(["huabei", "wechat-pay", "unionpay"]);
    const union = board.services.find((s: any) => s.id === "unionpay");
    expect(union).toMatchObject({ open_incidents: 1, url: `${BASE}/s/unionpay` });
    expect(union.status.indicator).not.toBe("none");
    const hb = board.services.find((s: any) => s.id === "huabei");
    expect(hb.can_use_instead.map((a: any) => a.id)).toEqual(["wechat-pay"]);

    await adminJson("PATCH", `/api/admin/incidents/${incident.id}`, { incident: { status: "resolved" } });
  });

  it("refuses an incident naming another service's component, naming the field, and writes nothing", async () => {
    const before = await count("incidents");
    const response = await admin("POST", "/api/admin/incidents", {
      incident: { service_id: "wechat-pay", name: "x", components: { "online-pay": "major_outage" } },
    });
    expect(response.status).toBe(400);
    expect(await response.json<ErrorBody>()).toMatchObject({
      error: { code: "wrong_service", field: "incident.components.online-pay" },
    });
    const unknown = await admin("POST", "/api/admin/incidents", { incident: { service_id: "alipay", name: "x" } });
    expect(await unknown.json<ErrorBody>()).toMatchObject({
      error: { code: "unknown_service", field: "incident.service_id" },
    });
    expect(await count("incidents")).toBe(before);
  });
});

describe("service configuration through the admin API", () => {
  it("answers invalid configuration with a 400 naming the field, and stores nothing", async () => {
    const [services, components] = [await count("services"), await count("components")];
    const cases: [unknown, string][] = [
      [{ service: { preset: "alipay", overrides: { timeZone: "Mars/Base" } } }, "service.overrides.timeZone"],
      [{ service: { preset: "alipay", overrides: { nmae: "typo" } } }, "service.overrides"],
      [
        { service: { preset: "alipay", overrides: { alternatives: [{ service: "nope" }] } } },
        "service.overrides.alternatives.0.service",
      ],
      [{ service: { id: "my-bank", preset: null } }, "service.overrides.name"],
      [{ service: { preset: "nope" } }, "service.preset"],
      [{ service: { id: "Bad Id", preset: "alipay" } }, "service.id"],
    ];
    for (const [body, field] of cases) {
      const response = await admin("POST", "/api/admin/services", body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const error = (await response.json<ErrorBody>()).error;
      expect(error.field?.startsWith(field), `${error.field} for ${JSON.stringify(body)}`).toBe(true);
    }
    expect([await count("services"), await count("components")]).toEqual([services, components]);
    // A taken preset is a conflict, not a second copy.
    expect((await admin("POST", "/api/admin/services", { service: { preset: "wechat-pay" } })).status).toBe(409);
  });

  it("changes a service's words at once, and never disables the default service", async () => {
    await adminJson("PATCH", "/api/admin/services/wechat-pay", {
      service: { overrides: { name: { "zh-CN": "微信钱包" } } },
    });
    const status = await (
      await get("/s/wechat-pay/api/v2/status.json", { headers: { "accept-language": "zh-CN" } })
    ).json<any>();
    expect(status.page.id).toBe("wechat-pay");
    const page = await (await get("/s/wechat-pay", { headers: { "accept-language": "zh-CN" } })).text();
    expect(page).toContain("微信钱包用不了？");

    const bad = await admin("PATCH", "/api/admin/services/wechat-pay", { service: { overrides: { symptoms: [] } } });
    expect(await bad.json<ErrorBody>()).toMatchObject({ error: { field: "service.overrides.symptoms" } });
    const off = await admin("PATCH", "/api/admin/services/huabei", { service: { enabled: false } });
    expect(await off.json<ErrorBody>()).toMatchObject({ error: { code: "default_service", field: "service.enabled" } });

    await adminJson("PATCH", "/api/admin/services/wechat-pay", { service: { enabled: false, overrides: null } });
    expect((await get("/s/wechat-pay/api/v2/status.json")).status).toBe(404);
    const board = await (await fetchUncached("/api/services.json")).json<any>();
    expect(board.services.map((s: any) => s.id)).not.toContain("wechat-pay");
    await adminJson("PATCH", "/api/admin/services/wechat-pay", { service: { enabled: true } });
  });
});

describe("invalid deployment configuration", () => {
  it("is a clear 503 naming the setting, never Huabei's texts on another service's page", async () => {
    const { app } = await import("../../src/index");
    for (const [vars, field] of [
      [{ SERVICE_CONFIG: "{not json" }, "SERVICE_CONFIG"],
      [{ SERVICE_ID: "nope" }, "SERVICE_ID"],
      [{ SERVICE_HOSTS: "x.example=alipay" }, "SERVICE_HOSTS"],
    ] as const) {
      const response = await app.fetch(new Request(`${BASE}/api/v2/summary.json`), {
        ...env,
        ...vars,
        EDGE_CACHE_TTL: "0",
      });
      expect(response.status).toBe(503);
      const error = (await response.json<ErrorBody>()).error;
      expect(error.code).toBe("invalid_configuration");
      expect(error.message).toContain(field);
    }
    // Liveness does not depend on the configuration.
    const health = await app.fetch(new Request(`${BASE}/healthz`), { ...env, SERVICE_CONFIG: "{not json" });
    expect(health.status).toBe(200);
  });
});
