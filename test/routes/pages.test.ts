import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { addIncidentUpdate, createIncident } from "../../src/data/incident-writes";
import { scheduleMaintenance } from "../../src/data/maintenance-writes";
import { saveDailyRollups } from "../../src/data/probes";
import type { IncidentStatus } from "../../src/domain/status";
import type { ComponentStatus } from "../../src/domain/symptoms";
import { localDay } from "../../src/lib/time";
import { fetchUncached } from "../helpers";
import { db, reportOf, resetReports, resetStatus, seedReports, setComponentStatus } from "../seed";

const BASE = "http://status.test";
// The generated `Exports` type does not know the Worker's default export; it is there at runtime.
const worker = exports as unknown as { default: { fetch: typeof fetch } };
let ip = 0;

function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return worker.default.fetch(`${BASE}${path}`, { headers, redirect: "manual" });
}

function postForm(
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  ip++;
  return worker.default.fetch(`${BASE}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "text/html",
      "cf-connecting-ip": `203.0.113.${ip}`,
      "user-agent": "pages-test",
      ...headers,
    },
    body: new URLSearchParams(fields).toString(),
  });
}

interface IncidentSeed {
  type?: "incident" | "maintenance";
  name: string;
  impact?: "none" | "minor" | "major" | "critical";
  startedAt: number;
  scheduledFor?: number;
  scheduledUntil?: number;
  components: [string, ComponentStatus][];
  /** [status, body, at], oldest first: the first opens it, the others are updates. */
  updates: [string, string, number][];
}

/** An incident or maintenance with its timeline, written as operators write them; returns its id. */
async function seedIncident(seed: IncidentSeed): Promise<string> {
  const [first, ...rest] = seed.updates;
  if (seed.type === "maintenance") {
    const { incident } = await scheduleMaintenance(db, {
      serviceId: "huabei",
      name: seed.name,
      body: first![1],
      scheduledFor: seed.scheduledFor!,
      scheduledUntil: seed.scheduledUntil!,
      components: seed.components.map(([id]) => id),
      now: first![2],
    });
    return incident.id;
  }
  const { incident } = await createIncident(db, {
    serviceId: "huabei",
    name: seed.name,
    status: first![0] as IncidentStatus,
    body: first![1],
    impactOverride: seed.impact,
    components: Object.fromEntries(seed.components),
    startedAt: seed.startedAt,
    now: first![2],
  });
  for (const [status, body, at] of rest) {
    await addIncidentUpdate(db, incident.id, { status: status as IncidentStatus, body, now: at });
  }
  return incident.id;
}

describe("GET / (status page)", () => {
  beforeAll(resetStatus);

  it("renders the banner, components and call to action in Chinese by default", async () => {
    const response = await get("/");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain("所有系统运行正常");
    for (const name of ["线上支付", "线下扫码支付", "还款", "额度与账单", "登录与App"]) expect(html).toContain(name);
    expect(html).toContain("花呗用不了？先看看是不是只有你");
    expect(html).toContain('href="/report"');
    expect(html).toContain("运行正常");
    // A language switch that is visible and keeps the path.
    expect(html).toContain('href="/?lang=en"');
  });

  it("sends security and short caching headers, and no inline script or style", async () => {
    const response = await get("/");
    expect(response.headers.get("cache-control")).toBe("public, max-age=30, stale-while-revalidate=30");
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/<style/);
    expect(html).not.toMatch(/https?:\/\/(?!status\.test)[^"']*\.(css|js)/);
  });

  it("speaks English with ?lang=en or Accept-Language, and ?lang wins", async () => {
    const en = await (await get("/?lang=en")).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain("All systems operational");
    expect(en).toContain("Online checkout");
    expect(en).toContain("Huabei not working? Check whether it&#39;s just you");
    expect(en).toContain('href="/report?lang=en"');
    const accepted = await (await get("/", { "accept-language": "en-US,en;q=0.9" })).text();
    expect(accepted).toContain("All systems operational");
    const forced = await (await get("/?lang=zh-CN", { "accept-language": "en" })).text();
    expect(forced).toContain("所有系统运行正常");
    expect(forced).toContain('href="/report?lang=zh-CN"');
  });

  it("rolls component statuses up into the banner, in words and with a glyph", async () => {
    await setComponentStatus("online-pay", "major_outage");
    await setComponentStatus("repayment", "degraded_performance");
    try {
      const html = await (await get("/")).text();
      expect(html).toContain("重大故障");
      expect(html).toMatch(/data-component="online-pay" data-status="major_outage"/);
      expect(html).toContain('class="status s-major_outage"');
      expect(html).toContain("部分功能变慢或偶尔失败");
      const en = await (await get("/?lang=en")).text();
      expect(en).toContain("Major outage");
      expect(en).toContain("Some features slow or failing at times");
    } finally {
      await setComponentStatus("online-pay", "operational");
      await setComponentStatus("repayment", "operational");
    }
  });

  it("says that accounts are restricted, not that features are slow, while only a restriction wave is open", async () => {
    const now = Date.now();
    await createIncident(db, {
      serviceId: "huabei",
      name: "风控策略调整",
      components: { "credit-account": "degraded_performance" },
      detectedKind: "account_wave",
      now,
    });
    try {
      const html = await (await get("/")).text();
      expect(html).toContain("很多账户同时被限制，系统运行正常");
      expect(html).not.toContain("部分功能变慢或偶尔失败</h1>");
      // With an outage open as well, the outage's words win.
      await createIncident(db, {
        serviceId: "huabei",
        name: "线上支付失败",
        components: { "online-pay": "major_outage" },
      });
      const both = await (await get("/")).text();
      expect(both).not.toContain("很多账户同时被限制，系统运行正常");
      expect(both).toContain("部分功能出现故障");
    } finally {
      await resetStatus();
    }
  });

  it("shows active incidents with their timeline, escaping operator text", async () => {
    const now = Date.now();
    const id = await seedIncident({
      name: "线上支付失败 <script>alert(1)</script>",
      startedAt: now - 40 * 60_000,
      components: [["online-pay", "partial_outage"]],
      updates: [
        ["investigating", "正在调查部分用户付款失败的问题。", now - 40 * 60_000],
        ["identified", "已确认是支付网关故障，正在修复。", now - 10 * 60_000],
      ],
    });
    try {
      const html = await (await get("/")).text();
      expect(html).toContain("正在处理的事件");
      expect(html).toContain("线上支付失败 &lt;script&gt;alert(1)&lt;/script&gt;");
      expect(html).not.toContain("<script>alert(1)</script>");
      expect(html).toContain("已确认是支付网关故障，正在修复。");
      expect(html).toContain("正在调查部分用户付款失败的问题。");
      // Newest update first.
      expect(html.indexOf("已确认是支付网关故障")).toBeLessThan(html.indexOf("正在调查部分用户付款失败"));
      expect(html).toContain(`href="/incidents/${id}"`);
      expect(html).toContain("受影响：线上支付");
    } finally {
      await resetStatus();
    }
  });

  it("shows maintenance in progress and upcoming", async () => {
    const now = Date.now();
    await seedIncident({
      type: "maintenance",
      name: "还款系统升级",
      startedAt: now - 10 * 60_000,
      scheduledFor: now - 10 * 60_000,
      scheduledUntil: now + 50 * 60_000,
      components: [["repayment", "under_maintenance"]],
      updates: [["scheduled", "维护已开始。", now - 10 * 60_000]],
    });
    await seedIncident({
      type: "maintenance",
      name: "账单系统例行维护",
      startedAt: now + 2 * 86_400_000,
      scheduledFor: now + 2 * 86_400_000,
      scheduledUntil: now + 2 * 86_400_000 + 3_600_000,
      components: [["credit-account", "under_maintenance"]],
      updates: [["scheduled", "计划维护一小时。", now]],
    });
    try {
      const html = await (await get("/")).text();
      expect(html).toContain("计划维护");
      expect(html).toContain("维护进行中");
      expect(html).toContain("还款系统升级");
      expect(html).toContain("即将维护");
      expect(html).toContain("账单系统例行维护");
      expect(html.indexOf("还款系统升级")).toBeLessThan(html.indexOf("账单系统例行维护"));
      const en = await (await get("/?lang=en")).text();
      expect(en).toContain("Scheduled maintenance");
      expect(en).toContain("Upcoming");
    } finally {
      await resetStatus();
    }
  });

  it("draws the report chart, top symptoms and regions from the rollups", async () => {
    await resetReports();
    const at = Date.now() - 3 * 60_000;
    const busy = Array.from({ length: 7 }, () =>
      reportOf({ component: "online-pay", symptom: "system_busy", region: "ZJ" }, { receivedAt: at }),
    );
    const limited = Array.from({ length: 2 }, () =>
      reportOf({ component: "online-pay", symptom: "limit_reduced", region: "GD" }, { receivedAt: at }),
    );
    // One reporter twice: stored, counted once.
    const again = reportOf(
      { component: "online-pay", symptom: "system_busy", region: "ZJ" },
      {
        receivedAt: at,
        fingerprint: busy[0]!.fingerprint,
      },
    );
    expect(await seedReports([...busy, ...limited, again])).toBe(10);
    const html = await (await fetchUncached("/")).text();
    expect(html).toContain("过去 24 小时的用户报告");
    expect(html).toMatch(/<svg[^>]*role="img"/);
    expect(html).toContain("过去 24 小时共 9 人报告问题");
    expect(html).toContain('class="a-technical"');
    expect(html).toMatch(/系统繁忙<\/span><span class="r-value">7 人/);
    expect(html).toMatch(/浙江<\/span><span class="r-value">7 人/);
    const ranked = html.slice(html.indexOf('id="region-h"'));
    expect(ranked.indexOf("浙江")).toBeLessThan(ranked.indexOf("广东"));
    const en = await (await fetchUncached("/?lang=en")).text();
    expect(en).toContain("9 people reported problems in the last 24 hours");
    expect(en).toContain("Zhejiang");
  });

  it("renders 90 days of uptime with the day's worst status, uptime and incidents", async () => {
    const now = Date.now();
    const day = localDay(now - 3 * 86_400_000, "Asia/Shanghai");
    await saveDailyRollups(
      db,
      [day],
      [],
      [
        {
          componentId: "offline-pay",
          day,
          checks: 288,
          failures: 4,
          latencyP50: null,
          latencyP95: null,
          uptimePct: 98.5,
          worstStatus: "partial_outage",
          downtimeMinutes: 22,
          degradedMinutes: 0,
        },
      ],
      now,
    );
    const html = await (await fetchUncached("/")).text();
    const component = html.slice(
      html.indexOf('data-component="offline-pay"'),
      html.indexOf('data-component="repayment"'),
    );
    // 90 days, plus the opening tag of the next component's row the slice ends in.
    expect(component.match(/<li/g)?.length).toBe(91);
    expect(component).toMatch(/<li class="p" tabindex="0" aria-label="[^"]*可用率 98\.5%/);
    expect(component).toContain("过去 90 天可用率 99.98%，1 天有异常");
  });
});

describe("/report form and verdict (no JavaScript)", () => {
  beforeAll(resetStatus);

  it("renders a labelled form with every component and symptom in plain language", async () => {
    const response = await get("/report?component=repayment");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<form class="report-form card" method="post" action="/report"');
    expect(html).toContain('<script src="/report.js" defer=""></script>');
    for (const id of ["online-pay", "offline-pay", "repayment", "credit-account", "app-login"])
      expect(html).toContain(`value="${id}"`);
    expect(html).toMatch(/value="repayment" checked=""/);
    expect(html).toContain("额度不足");
    expect(html).toContain("系统繁忙，请稍后再试");
    expect(html).toContain('<label for="message_seen">');
    expect(html).toContain('<select id="region" name="region"');
    expect(html).toContain("<legend>");
  });

  it("shows field errors next to the fields, keeps the input, and stores nothing", async () => {
    const before = await env.DB.prepare("SELECT COUNT(*) AS n FROM reports").first<{ n: number }>();
    const response = await postForm("/report", {
      component: "online-pay",
      message_seen: "余额 <b>不足</b>",
      region: "ZZ",
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const html = await response.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('<p class="field-error" id="symptom-error">');
    expect(html).toContain("请选择你看到的提示。");
    expect(html).toContain("请从列表中选择地区。");
    expect(html).toMatch(/id="symptom-field" class="has-error" aria-invalid="true" aria-describedby="symptom-error"/);
    expect(html).toMatch(/value="online-pay" checked=""/);
    expect(html).toContain("余额 &lt;b&gt;不足&lt;/b&gt;");
    const after = await env.DB.prepare("SELECT COUNT(*) AS n FROM reports").first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
  });

  it("shows the errors in English on the English page", async () => {
    const html = await (await postForm("/report?lang=en", { symptom: "system_busy" })).text();
    expect(html).toContain("Please choose what isn&#39;t working.");
    expect(html).toMatch(/value="system_busy" checked=""/);
  });

  it("rejects an unknown component as a field error", async () => {
    const response = await postForm("/report", { component: "nope", symptom: "system_busy" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("请选择出问题的功能。");
  });

  it("posts, redirects 303 to the verdict page and shows advice for an individual case", async () => {
    const response = await postForm("/report", {
      component: "credit-account",
      symptom: "limit_reduced",
      region: "SH",
      platform: "ios",
      other_methods_work: "yes",
    });
    expect(response.status).toBe(303);
    const location = response.headers.get("location") ?? "";
    expect(location).toMatch(/^\/report\/[0-9a-f-]{36}$/);
    const page = await get(location);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toContain("no-store");
    const html = await page.text();
    expect(html).toContain('id="verdict"');
    expect(html).toContain("个别情况");
    expect(html).toContain("目前没有大范围故障，可能是你的账户的问题");
    expect(html).toContain("中国人民银行征信中心");
    expect(html).toContain("过去 15 分钟内，没有其他人报告“额度与账单”的问题。");
    // Nothing is open: the page does not reload itself or claim to.
    expect(html).not.toContain('http-equiv="refresh"');
    expect(html).not.toContain("自动更新");
    expect(html).toContain("额度不足或被降低");
    const stored = await env.DB.prepare("SELECT region, platform, verdict FROM reports WHERE id = ?")
      .bind(location.split("/").pop())
      .first();
    expect(stored).toEqual({ region: "SH", platform: "ios", verdict: "individual" });
  });

  it("read back later: what it was told then and the situation now, with counts in fixed windows", async () => {
    const now = Date.now();
    const id = crypto.randomUUID();
    await seedReports([
      reportOf({ component: "app-login", symptom: "cannot_load" }, { id, receivedAt: now - 20 * 60_000 }),
      reportOf({ component: "app-login", symptom: "cannot_load" }, { receivedAt: now - 25 * 60_000 }),
      reportOf({ component: "app-login", symptom: "cannot_load" }, { receivedAt: now - 10 * 60_000 }),
      reportOf({ component: "app-login", symptom: "system_busy" }, { receivedAt: now - 5 * 60_000 }),
    ]);
    await seedIncident({
      name: "登录失败",
      startedAt: now - 60_000,
      components: [["app-login", "major_outage"]],
      updates: [["investigating", "正在调查。", now - 60_000]],
    });
    try {
      const html = await (await get(`/report/${id}`)).text();
      expect(html).toContain('class="then-now"');
      expect(html).toMatch(/你报告时（\d+月\d+日 \d{2}:\d{2}）/);
      expect(html).toContain("报告前 15 分钟：2 人报告");
      expect(html).toContain("报告之后：2 人报告");
      expect(html).toContain("情况有变化：报告时是“暂未确认”，现在是“大范围故障”。");
      expect(html).toContain('<meta http-equiv="refresh" content="60;url=/report/');
      expect(html).toContain("你看到的“打不开、一直转圈或超时”正是这次故障的表现。");
    } finally {
      await resetStatus();
    }
  });

  it("tells reporters of an open outage that it is not just them, with how many others reported", async () => {
    const now = Date.now();
    const id = await seedIncident({
      name: "线上支付大面积失败",
      startedAt: now - 5 * 60_000,
      components: [["online-pay", "major_outage"]],
      updates: [["investigating", "正在调查。", now - 5 * 60_000]],
    });
    try {
      await postForm("/report", { component: "online-pay", symptom: "system_busy" });
      await postForm("/report", { component: "online-pay", symptom: "payment_failed" });
      const response = await postForm("/report?lang=en", { component: "online-pay", symptom: "cannot_load" });
      expect(response.status).toBe(303);
      const location = response.headers.get("location") ?? "";
      expect(location).toMatch(/^\/report\/[0-9a-f-]{36}\?lang=en$/);
      const html = await (await get(location)).text();
      expect(html).toContain('<html lang="en">');
      expect(html).toContain("Huabei is having an outage: it&#39;s not just you");
      expect(html).toMatch(
        /\b([2-9]|\d{2,}) other people reported a problem with &quot;Online checkout&quot; in the last 15 minutes\./,
      );
      // An outage is open: the page reloads itself and says so.
      expect(html).toContain(`<meta http-equiv="refresh" content="60;url=${location}"`);
      expect(html).toContain("this page updates itself every 60 seconds");
      expect(html).toContain("WeChat Pay");
      expect(html).toContain("Don&#39;t retry the payment repeatedly");
      expect(html).toContain(`href="/incidents/${id}?lang=en"`);
    } finally {
      await resetStatus();
    }
  });

  it("stores one report for a double-clicked form: the script's Idempotency-Key", async () => {
    const before = await env.DB.prepare("SELECT COUNT(*) AS n FROM reports").first<{ n: number }>();
    const fields = { component: "repayment", symptom: "other" };
    const key = `form-${crypto.randomUUID()}`;
    const first = await postForm("/report", fields, { "idempotency-key": key, "cf-connecting-ip": "203.0.113.250" });
    const again = await postForm("/report", fields, { "idempotency-key": key, "cf-connecting-ip": "203.0.113.250" });
    expect([first.status, again.status]).toEqual([303, 303]);
    expect(again.headers.get("location")).toBe(first.headers.get("location"));
    const after = await env.DB.prepare("SELECT COUNT(*) AS n FROM reports").first<{ n: number }>();
    expect(after!.n).toBe(before!.n + 1);
  });

  it("serves the verdict page for the API's own form redirect", async () => {
    const response = await postForm("/api/reports?lang=en", { component: "app-login", symptom: "other" });
    expect(response.status).toBe(303);
    const location = response.headers.get("location") ?? "";
    const html = await (await get(location)).text();
    expect(html).toContain("No widespread problem confirmed (yet)");
    expect(html).toContain("Not confirmed");
  });

  it("answers an unknown report with a 404 page", async () => {
    const response = await get("/report/00000000-0000-4000-8000-000000000000");
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("找不到这条报告");
    expect((await get("/report/not-an-id")).status).toBe(404);
  });
});

describe("/incidents/:id and /history", () => {
  let pastId = "";
  beforeAll(async () => {
    await resetStatus();
    const now = Date.now();
    pastId = await seedIncident({
      name: "扫码支付延迟",
      impact: "minor",
      startedAt: now - 2 * 3_600_000,
      components: [["offline-pay", "degraded_performance"]],
      updates: [
        ["investigating", "部分门店扫码支付变慢。", now - 2 * 3_600_000],
        ["resolved", "已恢复正常。", now - 3_600_000],
      ],
    });
  });

  it("shows one incident with its full timeline and affected components", async () => {
    const response = await get(`/incidents/${pastId}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("<h1>扫码支付延迟</h1>");
    expect(html).toContain("部分门店扫码支付变慢。");
    expect(html).toContain("已恢复正常。");
    expect(html).toContain("受影响的功能");
    expect(html).toContain("线下扫码支付");
    expect(html).toContain("已解决");
    const en = await (await get(`/incidents/${pastId}?lang=en`)).text();
    expect(en).toContain("Affected components");
    expect(en).toContain("In-store QR payment");
  });

  it("answers an unknown incident with 404", async () => {
    const response = await get("/incidents/nope");
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("找不到这个事件");
  });

  it("lists past incidents by month, with duration", async () => {
    const html = await (await get("/history")).text();
    expect(html).toContain("历史事件与维护");
    expect(html).toMatch(/\d{4} 年 \d{1,2} 月/);
    expect(html).toContain("扫码支付延迟");
    expect(html).toContain("持续 1 小时");
    expect(html).toContain('href="/history?page=1"');
    const older = await (await get("/history?page=1")).text();
    expect(older).not.toContain("扫码支付延迟");
    expect(older).toContain("这个月没有事件。");
  });
});
