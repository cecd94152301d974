import { env, exports } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createIncident } from "../../src/data/incident-writes";
import { writeInternal } from "../../src/data/publish";
import { storeRecovery } from "../../src/data/recoveries";
import { recoveries } from "../../src/db/schema";
import { adminJson } from "../admin-helpers";
import {
  BASE,
  count,
  type ErrorBody,
  fetchUncached,
  freshIp,
  type PostOptions,
  postAsReporter,
  postReport,
} from "../helpers";
import { db, resetReports, resetStatus } from "../seed";

// "It works again" (恢复了, issue 14): the API, the forms without JavaScript, and the counts on the pages.

interface RecoveryAnswer {
  component: string;
  counted: boolean;
  recoveries: number;
  since: string;
  since_incident: boolean;
}

function postRecovery(body: unknown, options: PostOptions & { path?: string } = {}): Promise<Response> {
  return postAsReporter(options.path ?? "/api/recoveries", body, options);
}

function postRecoveryForm(fields: Record<string, string>, ip = freshIp(), path = "/api/recoveries") {
  return exports.default.fetch(`${BASE}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "text/html",
      "cf-connecting-ip": ip,
      "user-agent": "a browser",
      origin: BASE,
    },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
}

beforeAll(async () => {
  await adminJson("POST", "/api/admin/services", { service: { preset: "wechat-pay" } }, 201);
});

beforeEach(async () => {
  await writeInternal(db, [db.delete(recoveries)]);
  await resetReports();
  await resetStatus();
});

describe("POST /api/recoveries", () => {
  it("stores a recovery with the reporter's hashes, never the address, and answers the count", async () => {
    const ip = "203.0.113.41";
    const response = await postRecovery({ component: "online-pay" }, { ip });
    expect(response.status).toBe(201);
    const body = await response.json<RecoveryAnswer>();
    expect(body).toMatchObject({ component: "online-pay", counted: true, recoveries: 1, since_incident: false });
    expect(Date.parse(body.since)).toBeLessThan(Date.now());
    const row = await env.DB.prepare("SELECT * FROM recoveries").first<Record<string, unknown>>();
    expect(row).toMatchObject({ component_id: "online-pay", counted: 1 });
    expect(String(row?.fingerprint)).toMatch(/^[0-9a-f]{32}$/);
    expect(String(row?.network)).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(row)).not.toContain(ip);
  });

  it("counts one person once per component: repeats are stored, not counted", async () => {
    const ip = freshIp();
    expect((await (await postRecovery({ component: "online-pay" }, { ip })).json<RecoveryAnswer>()).recoveries).toBe(1);
    for (let i = 0; i < 3; i++) {
      const again = await (await postRecovery({ component: "online-pay" }, { ip })).json<RecoveryAnswer>();
      expect(again).toMatchObject({ counted: false, recoveries: 1 });
    }
    // Another person counts; the same person on another component counts there.
    expect((await (await postRecovery({ component: "online-pay" })).json<RecoveryAnswer>()).recoveries).toBe(2);
    const elsewhere = await (await postRecovery({ component: "repayment" }, { ip })).json<RecoveryAnswer>();
    expect(elsewhere).toMatchObject({ counted: true, recoveries: 1 });
    expect(await count("recoveries")).toBe(6);
  });

  it("counts a network rotating its User-Agent as at most two people", async () => {
    const ip = freshIp();
    for (let i = 0; i < 5; i++) await postRecovery({ component: "online-pay" }, { ip, userAgent: `ua-${i}` });
    const last = await (
      await postRecovery({ component: "online-pay" }, { ip, userAgent: "ua-x" })
    ).json<RecoveryAnswer>();
    expect(last).toMatchObject({ counted: false, recoveries: 2 });
  });

  it("refuses bad input with a 400 naming the field, and stores nothing", async () => {
    const cases: Array<[unknown, string]> = [
      [{}, "component"],
      [{ component: "" }, "component"],
      [{ component: "no-such-component" }, "component"],
      [{ component: 42 }, "component"],
      [{ component: "online-pay", report: "not-a-report" }, "report"],
    ];
    for (const [body, field] of cases) {
      const response = await postRecovery(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((await response.json<ErrorBody>()).error.field).toBe(field);
    }
    expect((await postRecovery("{not json")).status).toBe(400);
    expect((await postRecovery("[]")).status).toBe(400);
    const wrongType = await postRecovery("component=online-pay", { headers: { "content-type": "text/plain" } });
    expect(wrongType.status).toBe(415);
    expect((await postRecovery({ component: "x".repeat(10_000) })).status).toBe(413);
    expect(await count("recoveries")).toBe(0);
  });

  it("refuses another site's page (403) and stores nothing", async () => {
    const fromElsewhere = await postRecovery(
      { component: "online-pay" },
      { headers: { origin: "https://evil.example" } },
    );
    expect(fromElsewhere.status).toBe(403);
    expect((await fromElsewhere.json<ErrorBody>()).error.code).toBe("cross_site");
    const fetchMetadata = await postRecovery(
      { component: "online-pay" },
      { headers: { "sec-fetch-site": "cross-site" } },
    );
    expect(fetchMetadata.status).toBe(403);
    expect(await count("recoveries")).toBe(0);
    // The page's own origin passes.
    expect((await postRecovery({ component: "online-pay" }, { headers: { origin: BASE } })).status).toBe(201);
  });

  it("shares the report rate limit of the network (429 with Retry-After), and stores nothing then", async () => {
    const ip = "192.0.2.141";
    for (let i = 0; i < 20; i++) {
      expect(
        (await postReport({ component: "online-pay", symptom: "other" }, { ip, userAgent: `ua-${i}` })).status,
      ).toBe(201);
    }
    const limited = await postRecovery({ component: "online-pay" }, { ip });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.json<ErrorBody>()).error.code).toBe("rate_limited");
    expect(await count("recoveries")).toBe(0);
  });

  it("belongs to one service: a component of another service is a 400 naming the field", async () => {
    const wrong = await postRecovery({ component: "online-pay" }, { path: "/s/wechat-pay/api/recoveries" });
    expect(wrong.status).toBe(400);
    expect((await wrong.json<ErrorBody>()).error).toMatchObject({ code: "unknown_component", field: "component" });
    const wechat = await env.DB.prepare("SELECT id FROM components WHERE service_id = 'wechat-pay' LIMIT 1").first<{
      id: string;
    }>();
    const right = await postRecovery({ component: wechat!.id }, { path: "/s/wechat-pay/api/recoveries" });
    expect(right.status).toBe(201);
    // Huabei's own endpoint does not know the wallet's component either.
    expect((await postRecovery({ component: wechat!.id })).status).toBe(400);
    expect(await count("recoveries")).toBe(1);
  });

  it("is in the OpenAPI document", async () => {
    const doc = await (await exports.default.fetch(`${BASE}/api/openapi.json`)).json<any>();
    expect(doc.paths["/api/recoveries"].post.operationId).toBe("createRecovery");
    expect(Object.keys(doc.paths["/api/recoveries"].post.responses)).toEqual(
      expect.arrayContaining(["201", "303", "400", "403", "429"]),
    );
  });

  it("counts since the open incident started, when there is one", async () => {
    const now = Date.now();
    await createIncident(db, {
      serviceId: "huabei",
      name: "down",
      status: "investigating",
      components: { "online-pay": "major_outage" },
      startedAt: now - 3 * 3600_000,
    });
    const old = { componentId: "online-pay", fingerprint: "f1", network: "n1" };
    await storeRecovery(db, { ...old, id: crypto.randomUUID(), receivedAt: now - 2 * 3600_000 }, { sinceMs: 0 });
    const body = await (await postRecovery({ component: "online-pay" })).json<RecoveryAnswer>();
    expect(body).toMatchObject({ recoveries: 2, since_incident: true });
  });
});

describe("the forms without JavaScript", () => {
  it("status page: 303 back with a thank-you, and the count shows (uncached)", async () => {
    const first = await postRecoveryForm({ component: "online-pay" });
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("/?recovered=online-pay#recovery");
    await postRecoveryForm({ component: "online-pay" });
    const page = await exports.default.fetch(`${BASE}/?recovered=online-pay`, {
      headers: { "accept-language": "zh-CN" },
    });
    expect(page.headers.get("cache-control")).toBe("private, no-store");
    const html = await page.text();
    expect(html).toContain("2 人说已恢复（过去 1 小时）");
    expect(html).toContain("谢谢！已记下：对你已恢复。");
    expect(html).toContain('action="/api/recoveries"');
  });

  it("a repeat is thanked without counting again", async () => {
    const ip = freshIp();
    await postRecoveryForm({ component: "repayment" }, ip);
    const again = await postRecoveryForm({ component: "repayment" }, ip);
    expect(again.headers.get("location")).toBe("/?recovered=repayment&repeat=1#recovery");
    const html = await (await fetchUncached("/?recovered=repayment&repeat=1&lang=en")).text();
    expect(html).toContain("1 person says it works again (in the last hour)");
    expect(html).toContain("You told us already");
  });

  it("verdict page: the box, 303 back to it with a thank-you, the count rises", async () => {
    const report = await (await postReport({ component: "online-pay", symptom: "system_busy" })).json<{ id: string }>();
    const before = await (await exports.default.fetch(`${BASE}/report/${report.id}?lang=en`)).text();
    expect(before).toContain("0 people say it works again (in the last hour)");
    expect(before).toContain(`name="report" value="${report.id}"`);
    const posted = await postRecoveryForm({ component: "online-pay", report: report.id });
    expect(posted.status).toBe(303);
    expect(posted.headers.get("location")).toBe(`/report/${report.id}?recovered=1#recovery`);
    const after = await (await exports.default.fetch(`${BASE}/report/${report.id}?recovered=1`)).text();
    expect(after).toContain("1 人说已恢复（过去 1 小时）");
    expect(after).toContain("谢谢！");
  });

  it("per service: the form of /s/{service} goes back to that service's page", async () => {
    const wechat = await env.DB.prepare("SELECT id FROM components WHERE service_id = 'wechat-pay' LIMIT 1").first<{
      id: string;
    }>();
    const posted = await postRecoveryForm({ component: wechat!.id }, freshIp(), "/s/wechat-pay/api/recoveries");
    expect(posted.headers.get("location")).toBe(`/s/wechat-pay?recovered=${wechat!.id}#recovery`);
    const html = await (await fetchUncached(`/s/wechat-pay?recovered=${wechat!.id}`)).text();
    expect(html).toContain('action="/s/wechat-pay/api/recoveries"');
    expect(html).toContain("1 人说已恢复");
  });

  it("a rate-limited form post gets a page in the visitor's language, not JSON", async () => {
    const ip = "192.0.2.142";
    for (let i = 0; i < 20; i++)
      await postReport({ component: "online-pay", symptom: "other" }, { ip, userAgent: `u${i}` });
    const limited = await postRecoveryForm({ component: "online-pay" }, ip);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toContain("text/html");
    expect(await limited.text()).toContain("提交太频繁");
  });
});
