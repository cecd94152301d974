import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createIncident } from "../../src/data/incident-writes";
import { DEFAULT_PARAMS } from "../../src/detection/params";
import { DEFAULT_NETWORK_REPORTER_CAP } from "../../src/detection/repeat";
import { detectedIncidentBody, detectedIncidentName } from "../../src/i18n/evidence-text";
import { DEFAULT_REPORT_RETENTION_DAYS, REPORTER_KEY_DAYS } from "../../src/jobs/report-retention";
import { fetchUncached } from "../helpers";
import { CROWD_EVIDENCE, db, resetStatus } from "../seed";

const BASE = "http://status.test";
const worker = exports as unknown as { default: { fetch: typeof fetch } };
const get = (path: string, headers: Record<string, string> = {}) =>
  worker.default.fetch(`${BASE}${path}`, { headers, redirect: "manual" });

/** The content of every `<meta property="og:…">` of a page. */
function ogTags(html: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const m of html.matchAll(/<meta property="(og:[a-z_]+)" content="([^"]*)"/g)) tags[m[1]!] = m[2]!;
  return tags;
}

const evidence = CROWD_EVIDENCE;

describe("detected incidents speak the page's language", () => {
  let fresh = "";
  let legacy = "";
  beforeAll(async () => {
    await resetStatus();
    const now = Date.now();
    // As the detector now stores one (zh-CN).
    fresh = (
      await createIncident(db, {
        serviceId: "huabei",
        name: detectedIncidentName("outage", "线上支付", "zh-CN"),
        body: detectedIncidentBody("outage", evidence, "zh-CN"),
        components: { "online-pay": "partial_outage" },
        source: "detected",
        detectedKind: "outage",
        evidence,
        startedAt: now - 600_000,
        now: now - 600_000,
      })
    ).incident.id;
    // As the detector stored one before: both languages in one string.
    legacy = (
      await createIncident(db, {
        serviceId: "huabei",
        name: "额度与账单：大量账户受限（非技术故障）/ Credit line and bills: many accounts restricted (not a technical outage)",
        body: "大量用户同时反映额度降低、冻结或风控拦截，可能是政策或风控调整，不是技术故障。地区：ZJ 12\n\nMany people report lowered limits, freezes or risk-control blocks at once: likely a policy or risk-model change, not a technical outage. regions: ZJ 12.",
        components: { "credit-account": "operational" },
        impactOverride: "minor",
        source: "detected",
        detectedKind: "account_wave",
        evidence: { ...evidence, regions: [{ region: "ZJ", reporters: 12 }] },
        startedAt: now - 300_000,
        now: now - 300_000,
      })
    ).incident.id;
  });

  it("shows names and evidence in Chinese only on the Chinese pages, with province names", async () => {
    const page = await (await get(`/incidents/${fresh}`)).text();
    expect(page).toContain("<h1>线上支付疑似故障（自动检测）</h1>");
    expect(page).toContain("地区：浙江 12 人、河南 5 人");
    expect(page).not.toContain("suspected outage");
    expect(page).not.toContain("ZJ 12");
    const status = await (await get("/")).text();
    expect(status).toContain("线上支付疑似故障（自动检测）");
    expect(status).toContain("额度与账单：大量账户受限（非技术故障）");
    expect(status).not.toContain("/ Credit line");
    expect(status).not.toContain("many accounts restricted");
  });

  it("shows them in English only on the English pages", async () => {
    const page = await (await get(`/incidents/${fresh}?lang=en`)).text();
    expect(page).toContain("<h1>Online checkout: suspected outage (detected)</h1>");
    expect(page).toContain("regions: Zhejiang 12, Henan 5");
    expect(page).not.toContain("疑似故障");
    const old = await (await get(`/incidents/${legacy}?lang=en`)).text();
    expect(old).toContain("<h1>Credit line &amp; bills: many accounts restricted (not a technical outage)</h1>");
    expect(old).toContain("regions: Zhejiang 12.");
    expect(old).not.toContain("大量账户受限");
  });

  it("gives the Statuspage API zh-CN by default and the requested language with ?lang=en", async () => {
    const zh = await (await get("/api/v2/incidents/unresolved.json")).json<any>();
    const names = zh.incidents.map((i: any) => i.name);
    expect(names).toContain("线上支付疑似故障（自动检测）");
    expect(names.join()).not.toMatch(/suspected|\//);
    const en = await (await get("/api/v2/incidents/unresolved.json?lang=en")).json<any>();
    const english = en.incidents.find((i: any) => i.id === fresh);
    expect(english.name).toBe("Online checkout: suspected outage (detected)");
    expect(english.incident_updates[0].body).toContain("Zhejiang 12");
    expect(english.impact).toBe("major");
  });
});

describe("copy a person reads", () => {
  it("labels the form's fields in plain words, in both languages", async () => {
    const zh = await (await get("/report")).text();
    expect(zh).toContain("使用的设备或入口（可选）");
    expect(zh).toContain("综合评估暂不满足开通条件");
    expect(zh).toContain("商户或商品");
    expect(zh).toContain("浙江");
    const en = await (await get("/report?lang=en")).text();
    expect(en).toContain("Device or entry point (optional)");
    expect(en).toContain("Merchant or item");
  });
});

describe("/how", () => {
  it("explains the verdicts in both languages with the detector's own numbers", async () => {
    const response = await get("/how");
    expect(response.status).toBe(200);
    const zh = await response.text();
    const t = DEFAULT_PARAMS.technical;
    const a = DEFAULT_PARAMS.account;
    expect(zh).toContain("<h1>我们如何判断</h1>");
    for (const label of ["计划维护", "大范围故障", "大量账户受限", "个别情况", "暂未确认"]) expect(zh).toContain(label);
    expect(zh).toContain("计划维护 &gt; 大范围故障 &gt; 大量账户受限 &gt; 部分商户受限 &gt; 个别情况 &gt; 暂未确认");
    expect(zh).toContain(`至少 ${t.minReporters} 人报告、分布在至少 ${t.minRegions} 个省份`);
    expect(zh).toContain(`至少 ${a.minReporters} 人报告、分布在至少 ${a.minRegions} 个省份`);
    expect(zh).toContain(`最长 ${Math.max(...t.windows)} 分钟`);
    expect(zh).toContain(`连续 ${t.calmMinutes} 分钟回到平常水平`);
    expect(zh).toContain(`为 ${a.calmMinutes} 分钟`);
    expect(zh).toContain(`最多算 ${DEFAULT_NETWORK_REPORTER_CAP} 人`);
    expect(zh).toContain(`至少 ${DEFAULT_PARAMS.probes.minDownLocations} 个地点不可用`);
    expect(zh).toContain(`维护结束后 ${DEFAULT_PARAMS.maintenanceGraceMinutes} 分钟内`);
    expect(zh).toContain(`每天的密钥 ${REPORTER_KEY_DAYS} 天后删除`);
    expect(zh).toContain(`原始报告 ${DEFAULT_REPORT_RETENTION_DAYS} 天后删除`);
    expect(zh).toContain("不保存 IP 地址");
    expect(zh).toContain("手机号、身份证号和银行卡号");
    const en = await (await get("/how?lang=en")).text();
    expect(en).toContain("<h1>How we decide</h1>");
    expect(en).toContain(`at least ${t.minReporters} people`);
    expect(en).toContain(`at most ${DEFAULT_NETWORK_REPORTER_CAP} people per feature`);
    expect(en).toContain("never store IP addresses");
  });

  it("takes its numbers from the parameters, not from its text", async () => {
    const saved = { ...DEFAULT_PARAMS.technical };
    DEFAULT_PARAMS.technical.minReporters = 97;
    DEFAULT_PARAMS.technical.calmMinutes = 43;
    try {
      const html = await (await fetchUncached("/how")).text();
      expect(html).toContain("至少 97 人报告");
      expect(html).toContain("连续 43 分钟回到平常水平");
      const capped = await (await fetchUncached("/how?lang=en", { headers: {} })).text();
      expect(capped).toContain("at least 97 people");
    } finally {
      Object.assign(DEFAULT_PARAMS.technical, saved);
    }
  });

  it("is served per service, edge-cached, and linked from every page's footer", async () => {
    const scoped = await get("/s/huabei/how");
    expect(scoped.status).toBe(200);
    expect(scoped.headers.get("cache-control")).toContain("public");
    const html = await scoped.text();
    expect(html).toContain("花呗");
    expect(html).toContain('href="/s/huabei"');
    const again = await get("/how");
    expect(again.headers.get("x-cache") ?? "").toBe("HIT");
    expect(await (await get("/")).text()).toContain('href="/how"');
    expect(await (await get("/?lang=en")).text()).toContain('href="/how?lang=en"');
  });
});

describe("sharing: link previews and the copy-link box", () => {
  it("describes the status page and an incident, with the page's absolute address", async () => {
    const status = ogTags(await (await get("/")).text());
    expect(status["og:title"]).toContain("花呗");
    expect(status["og:description"]).toBeTruthy();
    expect(status["og:type"]).toBe("website");
    expect(status["og:url"]).toBe(`${BASE}/`);
    const en = ogTags(await (await get("/?lang=en")).text());
    expect(en["og:url"]).toBe(`${BASE}/?lang=en`);
    const html = await (await get("/history")).text();
    const id = html.match(/href="\/incidents\/([^"?]+)"/)?.[1];
    expect(id).toBeTruthy();
    const incident = ogTags(await (await get(`/incidents/${id}`)).text());
    expect(incident["og:type"]).toBe("article");
    expect(incident["og:url"]).toBe(`${BASE}/incidents/${id}`);
  });

  it("shows the link as text with a copy button the script reveals", async () => {
    const html = await (await get("/")).text();
    expect(html).toContain(`<input id="share-url" class="share-url" type="text" readonly="" value="${BASE}/"`);
    expect(html).toMatch(/<button type="button" class="button share-copy" data-copy="share-url"[^>]* hidden/);
    expect(html).toContain("复制链接");
    expect(html).toContain('<script src="/share.js" defer=""></script>');
    expect(await (await get("/?lang=en")).text()).toContain("Copy link");
  });

  it("describes a verdict page by the component's situation, never by the report", async () => {
    const marker = "独特的提示词qz7";
    const response = await worker.default.fetch(`${BASE}/report`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        accept: "text/html",
        "cf-connecting-ip": "203.0.113.201",
        "user-agent": "words-test",
      },
      body: new URLSearchParams({
        component: "credit-account",
        symptom: "account_frozen",
        message_seen: `${marker} 13800138000`,
        region: "ZJ",
        other_methods_work: "no",
      }).toString(),
    });
    expect(response.status).toBe(303);
    const page = await (await get(response.headers.get("location")!)).text();
    const og = ogTags(page);
    expect(og["og:title"]).toContain("额度与账单");
    expect(og["og:description"]).toContain("额度与账单：大量账户受限");
    const head = page.slice(0, page.indexOf("</head>"));
    for (const personal of [marker, "13800138000", "冻结", "浙江", "我的"]) expect(head).not.toContain(personal);
    expect(page).toContain('href="/how"');
  });
});
