import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { createIncident, dismissIncident } from "../../src/data/incident-writes";
import { scheduleMaintenance, updateMaintenance } from "../../src/data/maintenance-writes";
import { createProbe, storeCronRun } from "../../src/data/probes";
import { findReport } from "../../src/data/reports";
import { app } from "../../src/index";
import { queuedReportSchema } from "../../src/schemas/report";
import { reporterIdentity } from "../../src/services/reporter";
import { admin } from "../admin-helpers";
import { BASE, count, type ErrorBody, freshIp, postReport } from "../helpers";
import { check } from "../probe-history";
import { db, reportOf, resetProbes, resetReports, resetStatus, seedReports } from "../seed";

interface ReportResponse {
  id: string;
  component: string;
  verdict: { kind: string; title: string; advice: string[] };
  reporters_last_15m: number;
}

const valid = { component: "online-pay", symptom: "system_busy" };

async function storedTotals() {
  return {
    reports: await count("reports"),
    rollups: await count("report_rollups"),
    symptoms: await count("symptom_rollups"),
  };
}

beforeEach(async () => {
  // Storage is shared by the tests of this file: start each from no reports and no incidents.
  await resetReports();
  await resetStatus();
  await resetProbes();
});

describe("POST /api/reports accepts a valid report", () => {
  it("stores it and answers 201 with a verdict", async () => {
    const response = await postReport({ ...valid, region: "ZJ", platform: "ios", other_methods_work: "yes" });
    expect(response.status).toBe(201);
    const body = await response.json<ReportResponse>();
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.verdict.kind).toBe("unconfirmed");
    expect(body.verdict.title.length).toBeGreaterThan(0);
    expect(body.verdict.advice.length).toBeGreaterThan(0);
    expect(body.reporters_last_15m).toBe(1);

    const row = await env.DB.prepare("SELECT * FROM reports WHERE id = ?")
      .bind(body.id)
      .first<Record<string, unknown>>();
    expect(row).toMatchObject({
      component_id: "online-pay",
      symptom: "system_busy",
      symptom_class: "technical",
      region: "ZJ",
      platform: "ios",
      other_methods_work: "yes",
      is_repeat: 0,
    });
    expect(String(row?.fingerprint)).toMatch(/^[0-9a-f]{32}$/);
    const rollup = await env.DB.prepare("SELECT * FROM report_rollups WHERE component_id = 'online-pay'").first<
      Record<string, unknown>
    >();
    expect(rollup).toMatchObject({ symptom_class: "technical", region: "ZJ", reporters: 1, reports: 1 });
  });

  it("accepts an HTML form post and redirects (303) to the verdict page", async () => {
    const response = await exports.default.fetch(`${BASE}/api/reports?lang=en`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        accept: "text/html",
        "cf-connecting-ip": freshIp(),
      },
      body: new URLSearchParams({
        component: "repayment",
        symptom: "overdue",
        region: "",
        platform: "android",
        message_seen: "",
      }).toString(),
      redirect: "manual",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/^\/report\/[0-9a-f-]{36}\?lang=en$/);
    const row = await env.DB.prepare("SELECT * FROM reports").first<Record<string, unknown>>();
    expect(row).toMatchObject({ component_id: "repayment", symptom: "overdue", region: null, message_seen: null });
  });

  it("answers a form post from script (no text/html in Accept) with JSON", async () => {
    const response = await exports.default.fetch(`${BASE}/api/reports`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: "component=online-pay&symptom=limit_reduced",
    });
    expect(response.status).toBe(201);
    expect((await response.json<ReportResponse>()).verdict.kind).toBe("individual");
  });

  it("never stores the IP address, and the fingerprint depends on IP and User-Agent", async () => {
    await postReport(valid, { ip: "203.0.113.7", userAgent: "A" });
    await postReport(valid, { ip: "203.0.113.8", userAgent: "A" });
    await postReport({ ...valid, component: "repayment" }, { ip: "203.0.113.7", userAgent: "B" });
    const rows = await env.DB.prepare("SELECT * FROM reports").all<Record<string, unknown>>();
    expect(JSON.stringify(rows.results)).not.toContain("203.0.113");
    expect(new Set(rows.results.map((r) => r.fingerprint)).size).toBe(3);
  });

  it("answers in English with ?lang=en or Accept-Language, in Chinese by default", async () => {
    const zh = await (await postReport({ ...valid, symptom: "overdue" })).json<ReportResponse>();
    const en = await (await postReport({ ...valid, symptom: "overdue" }, { query: "?lang=en" })).json<ReportResponse>();
    const accept = await (
      await postReport({ ...valid, symptom: "overdue" }, { headers: { "accept-language": "en-US,en;q=0.9" } })
    ).json<ReportResponse>();
    expect(zh.verdict.title).toMatch(/[\u4e00-\u9fff]/);
    expect(en.verdict.title).toMatch(/^[\x20-\x7e]+$/);
    expect(accept.verdict.title).toBe(en.verdict.title);
  });
});

describe("validation: every field, 4xx with one error shape, nothing stored", () => {
  const now = Date.now();
  const cases: [string, Record<string, unknown>, string][] = [
    ["missing component", { symptom: "system_busy" }, "component"],
    ["unknown component", { component: "nope", symptom: "system_busy" }, "component"],
    ["non-string component", { component: 42, symptom: "system_busy" }, "component"],
    ["missing symptom", { component: "online-pay" }, "symptom"],
    ["unknown symptom", { component: "online-pay", symptom: "broken" }, "symptom"],
    ["message over 500 characters", { ...valid, message_seen: "字".repeat(501) }, "message_seen"],
    ["non-string message", { ...valid, message_seen: { a: 1 } }, "message_seen"],
    ["unknown region", { ...valid, region: "XX" }, "region"],
    ["unknown platform", { ...valid, platform: "symbian" }, "platform"],
    ["unknown other_methods_work", { ...valid, other_methods_work: "maybe" }, "other_methods_work"],
    ["malformed occurred_at", { ...valid, occurred_at: "yesterday" }, "occurred_at"],
    ["occurred_at in the future", { ...valid, occurred_at: new Date(now + 3_600_000).toISOString() }, "occurred_at"],
    [
      "occurred_at over 24 h ago",
      { ...valid, occurred_at: new Date(now - 25 * 3_600_000).toISOString() },
      "occurred_at",
    ],
  ];
  for (const [name, body, field] of cases) {
    it(`rejects ${name}`, async () => {
      const response = await postReport(body);
      expect(response.status).toBe(400);
      const error = await response.json<ErrorBody>();
      expect(error.error.field).toBe(field);
      expect(error.error.message.length).toBeGreaterThan(0);
      expect(await storedTotals()).toEqual({ reports: 0, rollups: 0, symptoms: 0 });
    });
  }

  it("accepts region with a CN- prefix or in lower case, and occurred_at within 24 h", async () => {
    const response = await postReport({
      ...valid,
      region: "cn-gd",
      occurred_at: new Date(now - 3_600_000).toISOString(),
    });
    expect(response.status).toBe(201);
    const row = await env.DB.prepare("SELECT region, occurred_at, received_at FROM reports").first<
      Record<string, number | string>
    >();
    expect(row?.region).toBe("GD");
    expect(Number(row?.received_at) - Number(row?.occurred_at)).toBeGreaterThan(3_500_000);
  });

  it("rejects invalid JSON with 400", async () => {
    const response = await postReport("{not json");
    expect(response.status).toBe(400);
    expect((await response.json<ErrorBody>()).error.code).toBe("invalid_json");
  });

  it("rejects a JSON array or scalar with 400", async () => {
    expect((await postReport("[1,2]")).status).toBe(400);
    expect((await postReport("42")).status).toBe(400);
  });

  it("rejects deeply nested JSON with 400", async () => {
    const deep = "[".repeat(40) + "]".repeat(40);
    const response = await postReport(`{"component":"online-pay","symptom":"other","x":${deep}}`);
    expect(response.status).toBe(400);
  });

  it("rejects a wrong content type with 415", async () => {
    const response = await postReport(JSON.stringify(valid), { headers: { "content-type": "text/plain" } });
    expect(response.status).toBe(415);
    expect((await response.json<ErrorBody>()).error.code).toBe("unsupported_media_type");
  });

  it("rejects a body over 8 KB with 413", async () => {
    const response = await postReport({ ...valid, padding: "x".repeat(9000) });
    expect(response.status).toBe(413);
    expect((await response.json<ErrorBody>()).error.code).toBe("payload_too_large");
  });

  it("rejects malformed UTF-8 with 400", async () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('{"component":"online-pay","symptom":"other","message_seen":"'),
      0xff,
      0xfe,
      ...new TextEncoder().encode('"}'),
    ]);
    const response = await exports.default.fetch(`${BASE}/api/reports`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: bytes,
    });
    expect(response.status).toBe(400);
    expect((await response.json<ErrorBody>()).error.code).toBe("invalid_encoding");
  });

  it("rejects a malformed Idempotency-Key", async () => {
    const response = await postReport(valid, { headers: { "idempotency-key": "short" } });
    expect(response.status).toBe(400);
    expect(await count("reports")).toBe(0);
  });

  it("stores nothing for any rejected request, each otherwise a storable report", async () => {
    const utf8 = new Uint8Array([
      ...new TextEncoder().encode('{"component":"online-pay","symptom":"other","message_seen":"'),
      0xff,
      ...new TextEncoder().encode('"}'),
    ]);
    const rejected: [string, Promise<Response>, number][] = [
      ["an unknown region", postReport({ ...valid, region: "XX" }), 400],
      [
        "occurred_at in the future",
        postReport({ ...valid, occurred_at: new Date(now + 3_600_000).toISOString() }),
        400,
      ],
      [
        "deep nesting",
        postReport(`{"component":"online-pay","symptom":"other","x":${"[".repeat(40)}${"]".repeat(40)}}`),
        400,
      ],
      ["a wrong content type", postReport(JSON.stringify(valid), { headers: { "content-type": "text/plain" } }), 415],
      ["a body over 8 KB", postReport({ ...valid, padding: "x".repeat(9000) }), 413],
      ["a malformed Idempotency-Key", postReport(valid, { headers: { "idempotency-key": "short" } }), 400],
      [
        "malformed UTF-8",
        exports.default.fetch(`${BASE}/api/reports`, {
          method: "POST",
          headers: { "content-type": "application/json", "cf-connecting-ip": freshIp() },
          body: utf8,
        }),
        400,
      ],
    ];
    for (const [name, sent, status] of rejected) {
      const response = await sent;
      expect(response.status, name).toBe(status);
      await response.arrayBuffer();
    }
    expect(await storedTotals()).toEqual({ reports: 0, rollups: 0, symptoms: 0 });
    // The same count sees a report that is accepted: nothing above was stored because each was refused.
    expect((await postReport(valid)).status).toBe(201);
    expect(await storedTotals()).toEqual({ reports: 1, rollups: 1, symptoms: 1 });
  });
});

describe("redaction before storage", () => {
  it("removes phones, ID cards, bank cards and e-mail from message_seen", async () => {
    const message =
      "提示系统繁忙 手机 138 1234 5678 身份证 11010519491231002X 卡 6222 0200 0000 0000 000 邮箱 someone@example.com 订单 12345";
    const response = await postReport({ ...valid, message_seen: message });
    expect(response.status).toBe(201);
    const row = await env.DB.prepare("SELECT message_seen FROM reports").first<{ message_seen: string }>();
    const stored = row!.message_seen;
    expect(stored).not.toMatch(/138 1234 5678|11010519491231002X|6222 0200|someone@example\.com/);
    expect(stored).toContain("提示系统繁忙");
    expect(stored).toContain("订单 12345");
    expect(stored).toContain("[phone]");
    expect(stored).toContain("[id-card]");
    expect(stored).toContain("[email]");
    expect(stored).toContain("[bank-card]");
  });
});

describe("repeat marking: one reporter counts once per component per 30 minutes", () => {
  it("stores repeats but does not count them as distinct reporters", async () => {
    const ip = "192.0.2.10";
    for (let i = 0; i < 3; i++) expect((await postReport(valid, { ip })).status).toBe(201);
    await postReport({ ...valid, component: "repayment" }, { ip });
    await postReport(valid, { ip: "192.0.2.11" });

    const flags = await env.DB.prepare(
      "SELECT component_id, is_repeat, COUNT(*) AS n FROM reports GROUP BY component_id, is_repeat ORDER BY component_id, is_repeat",
    ).all();
    expect(flags.results).toEqual([
      { component_id: "online-pay", is_repeat: 0, n: 2 },
      { component_id: "online-pay", is_repeat: 1, n: 2 },
      { component_id: "repayment", is_repeat: 0, n: 1 },
    ]);
    const rollup = await env.DB.prepare(
      "SELECT SUM(reporters) AS reporters, SUM(reports) AS reports FROM report_rollups WHERE component_id = 'online-pay'",
    ).first();
    expect(rollup).toEqual({ reporters: 2, reports: 4 });
    const last = await (await postReport(valid, { ip })).json<ReportResponse>();
    expect(last.reporters_last_15m).toBe(2);
  });

  it("counts the same reporter again once 30 minutes have passed since their last report, and not before", async () => {
    const userAgent = "vitest";
    const now = Date.now();
    /** The reporter behind `ip` reported `minutesAgo` minutes ago, as stored by the report API. */
    const reportedBefore = async (ip: string, minutesAgo: number) => {
      const reporter = await reporterIdentity(db, env.FINGERPRINT_SECRET, { ip, userAgent }, now);
      const earlier = reportOf(
        { component: "online-pay", symptom: "system_busy" },
        { ...reporter, receivedAt: now - minutesAgo * 60_000 },
      );
      expect(await seedReports([earlier])).toBe(1);
    };
    const isRepeatNow = async (ip: string) => {
      const response = await postReport(valid, { ip, userAgent });
      expect(response.status).toBe(201);
      return (await findReport(db, (await response.json<ReportResponse>()).id))!.isRepeat;
    };

    await reportedBefore("192.0.2.20", 31);
    expect(await isRepeatNow("192.0.2.20")).toBe(false);
    await reportedBefore("192.0.2.21", 29);
    expect(await isRepeatNow("192.0.2.21")).toBe(true);
  });
});

describe("idempotency", () => {
  it("stores one report for retries with the same Idempotency-Key", async () => {
    const headers = { "idempotency-key": "client-retry-0001" };
    const ip = freshIp();
    const first = await postReport(valid, { headers, ip });
    const second = await postReport(valid, { headers, ip });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect((await second.json<ReportResponse>()).id).toBe((await first.json<ReportResponse>()).id);
    expect(await count("reports")).toBe(1);
    const rollup = await env.DB.prepare("SELECT SUM(reports) AS n FROM report_rollups").first<{ n: number }>();
    expect(rollup?.n).toBe(1);
  });

  it("treats someone else's Idempotency-Key as that reporter's own new report", async () => {
    const headers = { "idempotency-key": "shared-key-0001" };
    const mine = await postReport({ component: "online-pay", symptom: "system_busy" }, { headers });
    const theirs = await postReport({ component: "repayment", symptom: "overdue" }, { headers });
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    const [a, b] = [await mine.json<ReportResponse>(), await theirs.json<ReportResponse>()];
    expect(b.id).not.toBe(a.id);
    // Neither learns about the other's report: each gets their own component back.
    expect(a.component).toBe("online-pay");
    expect(b.component).toBe("repayment");
    expect(await count("reports")).toBe(2);
  });
});

describe("verdict precedence: maintenance, outage, account_wave, individual, unconfirmed", () => {
  const now = Date.now();

  /** An operator's outage on online-pay. */
  const declareOutage = (name: string) =>
    createIncident(db, {
      serviceId: "huabei",
      name,
      status: "investigating",
      components: { "online-pay": "major_outage" },
    });

  /** What the detector opens for a wave of account restrictions. */
  const detectAccountWave = () =>
    createIncident(db, {
      serviceId: "huabei",
      name: "wave",
      components: { "online-pay": "operational" },
      source: "detected",
      detectedKind: "account_wave",
      impactOverride: "minor",
    });

  const maintenance = (scheduledFor: number, scheduledUntil: number) =>
    scheduleMaintenance(db, {
      serviceId: "huabei",
      name: "upgrade",
      scheduledFor,
      scheduledUntil,
      components: ["online-pay"],
    });

  async function verdictFor(symptom: string, component = "online-pay") {
    const response = await postReport({ component, symptom }, { query: "?lang=en" });
    expect(response.status).toBe(201);
    return (await response.json<ReportResponse>()).verdict;
  }

  it("with nothing open: account and merchant symptoms are individual, technical and other unconfirmed", async () => {
    expect((await verdictFor("limit_reduced")).kind).toBe("individual");
    expect((await verdictFor("merchant_unsupported")).kind).toBe("individual");
    expect((await verdictFor("payment_failed")).kind).toBe("unconfirmed");
    expect((await verdictFor("other")).kind).toBe("unconfirmed");
  });

  it("an account wave turns every report on that component into account_wave", async () => {
    await detectAccountWave();
    expect((await verdictFor("account_frozen")).kind).toBe("account_wave");
    expect((await verdictFor("account_frozen", "repayment")).kind).toBe("individual");
  });

  it("an outage beats an account wave", async () => {
    await detectAccountWave();
    await declareOutage("down");
    const verdict = await verdictFor("risk_warning");
    expect(verdict.kind).toBe("outage");
    expect(verdict.advice.join(" ")).toMatch(/WeChat Pay/);
  });

  it("a dismissed detected incident does not count", async () => {
    const { incident } = await createIncident(db, {
      serviceId: "huabei",
      name: "false alarm",
      components: { "online-pay": "partial_outage" },
      source: "detected",
      detectedKind: "outage",
    });
    await dismissIncident(db, incident.id);
    expect((await verdictFor("system_busy")).kind).toBe("unconfirmed");
  });

  it("maintenance in its window beats an outage and says when it ends", async () => {
    await declareOutage("down");
    await maintenance(now - 60_000, now + 3_600_000);
    const verdict = await verdictFor("system_busy");
    expect(verdict.kind).toBe("maintenance");
    expect(verdict.advice.join(" ")).toMatch(/\d{2}:\d{2}/);
  });

  it("maintenance scheduled for later or already completed does not apply", async () => {
    await maintenance(now + 3_600_000, now + 7_200_000);
    const { incident } = await maintenance(now - 7_200_000, now + 3_600_000);
    // Finished early by an operator.
    await updateMaintenance(db, incident.id, { status: "completed" });
    expect((await verdictFor("system_busy")).kind).toBe("unconfirmed");
  });
});

describe("storage failure", () => {
  it("answers 503 with Retry-After and leaves no half-written report", async () => {
    // Make the second statement of the report's batch fail: the whole batch must roll back.
    await env.DB.exec("ALTER TABLE symptom_rollups RENAME TO symptom_rollups_away");
    try {
      const response = await postReport(valid);
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBeTruthy();
      expect((await response.json<ErrorBody>()).error.code).toBe("storage_unavailable");
      expect(await count("reports")).toBe(0);
      expect(await count("report_rollups")).toBe(0);
    } finally {
      await env.DB.exec("ALTER TABLE symptom_rollups_away RENAME TO symptom_rollups");
    }
  });
});

describe("GET /api/reports/:id", () => {
  it("returns the stored verdict, and 404 for unknown ids", async () => {
    const created = await (await postReport({ ...valid, symptom: "overdue" })).json<ReportResponse>();
    const again = await exports.default.fetch(`${BASE}/api/reports/${created.id}`);
    expect(again.status).toBe(200);
    expect((await again.json<ReportResponse>()).verdict.kind).toBe("individual");
    expect((await exports.default.fetch(`${BASE}/api/reports/00000000-0000-0000-0000-000000000000`)).status).toBe(404);
    expect((await exports.default.fetch(`${BASE}/api/reports/%3Cscript%3E`)).status).toBe(404);
  });
});

describe("the verdict in two parts, with its evidence", () => {
  it("reads an overdue notice during an outage as unrelated to it, and says both", async () => {
    await createIncident(db, {
      serviceId: "huabei",
      name: "线上支付失败",
      components: { "online-pay": "major_outage" },
    });
    const response = await postReport({ component: "online-pay", symptom: "overdue", other_methods_work: "yes" });
    expect(response.status).toBe(201);
    const { verdict } = await response.json<any>();
    expect(verdict.kind).toBe("outage");
    expect(verdict.situation.title).toBe(verdict.title);
    expect(verdict.personal).toMatchObject({ symptom: "overdue", relation: "unrelated", nothing_else_works: false });
    expect(verdict.personal.reading).toContain("与这次故障无关");
    // Situation first, then the personal advice, then the alternatives line.
    expect(verdict.advice.slice(0, verdict.situation.advice.length)).toEqual(verdict.situation.advice);
    expect(verdict.advice).toEqual(expect.arrayContaining(verdict.personal.advice));
    expect(verdict.advice.at(-1)).toMatch(/^需要付款请改用：/);
    expect(verdict.evidence).toMatchObject({ reporters: 1, maintenance: null, regions: null });
    expect(verdict.be_ready.length).toBeGreaterThan(0);
  });

  it("tells someone for whom nothing works to check the phone, the network and the app", async () => {
    const response = await postReport({ component: "online-pay", symptom: "cannot_load", other_methods_work: "no" });
    const { verdict } = await response.json<any>();
    expect(verdict.kind).toBe("unconfirmed");
    expect(verdict.personal.nothing_else_works).toBe(true);
    expect(verdict.advice.join("")).toContain("Wi-Fi 和移动数据");
  });

  it("counts reporters and provinces in the window, and the probe locations by their latest check", async () => {
    // A component no other test here reports on: the evidence of a component is remembered for a second.
    const now = Date.now();
    await seedReports([
      reportOf({ component: "app-login", symptom: "system_busy", region: "GD" }, { receivedAt: now - 60_000 }),
      reportOf({ component: "app-login", symptom: "system_busy", region: "GD" }, { receivedAt: now - 60_000 }),
      reportOf({ component: "app-login", symptom: "cannot_load", region: "BJ" }, { receivedAt: now - 120_000 }),
      // Outside the 15 minutes: not counted.
      reportOf({ component: "app-login", symptom: "cannot_load", region: "SH" }, { receivedAt: now - 40 * 60_000 }),
    ]);
    const failing = await createProbe(
      db,
      { id: "evidence-a", component: "app-login", name: "A", url: "https://a.example/", enabled: false },
      0,
    );
    await storeCronRun(db, [failing], [{ ...check(now - 30_000, false, null), probeId: failing.id }], now - 30_000);
    const response = await postReport({ component: "app-login", symptom: "system_busy", region: "ZJ" });
    const { verdict } = await response.json<any>();
    expect(verdict.evidence.reporters).toBe(4);
    expect(verdict.evidence.provinces).toBe(3);
    expect(verdict.evidence.probes).toEqual({ failing: [failing.location], passing: [] });
    expect(Date.parse(verdict.evidence.to) - Date.parse(verdict.evidence.from)).toBe(15 * 60_000);
  });

  it("says when a covering maintenance began and that its end is not announced", async () => {
    const now = Date.now();
    await scheduleMaintenance(db, {
      serviceId: "huabei",
      name: "升级",
      scheduledFor: now - 60_000,
      scheduledUntil: now + 3_600_000,
      components: ["offline-pay"],
      now: now - 120_000,
    });
    const { verdict } = await (await postReport({ component: "offline-pay", symptom: "system_busy" })).json<any>();
    expect(verdict.kind).toBe("maintenance");
    expect(verdict.personal.relation).toBe("explained");
    expect(verdict.evidence.maintenance.starts_at).toBe(new Date(now - 60_000).toISOString());
    expect(Date.parse(verdict.evidence.maintenance.ends_at)).toBe(now + 3_600_000);
  });
});

describe("a verdict read again later", () => {
  it("keeps the stored kind apart from the kind now, and counts in fixed windows", async () => {
    const now = Date.now();
    const id = crypto.randomUUID();
    // A report ten minutes ago (stored as the API stores it), and two more on the component five minutes later.
    await seedReports([
      reportOf({ component: "online-pay", symptom: "overdue" }, { id, receivedAt: now - 10 * 60_000 }),
      reportOf({ component: "online-pay", symptom: "system_busy" }, { receivedAt: now - 5 * 60_000 }),
      reportOf({ component: "online-pay", symptom: "system_busy" }, { receivedAt: now - 5 * 60_000 }),
    ]);
    expect((await findReport(db, id))?.verdict).toBe("individual");
    await createIncident(db, { serviceId: "huabei", name: "故障", components: { "online-pay": "major_outage" } });

    const view = await (await exports.default.fetch(`${BASE}/api/reports/${id}`)).json<any>();
    expect(view.reported_kind).toBe("individual");
    expect(view.verdict.kind).toBe("outage");
    expect(view.verdict.personal.relation).toBe("unrelated");
    // The 15 minutes before the report hold only the reporter; the two later ones count "since".
    expect(view.reporters_last_15m).toBe(1);
    expect(view.reporters_since).toBe(2);
    expect(view.verdict.evidence.reporters).toBe(2);
  });
});

describe("declared account restrictions", () => {
  it("gives reporters of its components the account-restriction verdict, not the outage one", async () => {
    const response = await admin("POST", "/api/admin/incidents", {
      incident: {
        name: "风控策略调整",
        cause: "account_restriction",
        components: { "credit-account": "degraded_performance" },
      },
    });
    expect(response.status).toBe(201);
    const incident = await response.json<any>();
    expect(incident.cause).toBe("account_restriction");
    const frozen = await (await postReport({ component: "credit-account", symptom: "account_frozen" })).json<any>();
    expect(frozen.verdict.kind).toBe("account_wave");
    expect(frozen.verdict.personal.relation).toBe("explained");
    const busy = await (await postReport({ component: "credit-account", symptom: "system_busy" })).json<any>();
    expect(busy.verdict.kind).toBe("account_wave");
    expect(busy.verdict.personal.relation).toBe("unrelated");

    const bad = await admin("POST", "/api/admin/incidents", { incident: { name: "x", cause: "weather" } });
    expect(bad.status).toBe(400);
    expect((await bad.json<ErrorBody>()).error.field).toBe("incident.cause");
  });
});

describe("GET /api/reports/stats", () => {
  it("counts distinct reporters per 5 minutes by symptom class, with the usual level", async () => {
    expect(
      (await postReport({ component: "online-pay", symptom: "system_busy", region: "ZJ" }, { ip: "198.51.100.1" }))
        .status,
    ).toBe(201);
    expect(
      (await postReport({ component: "online-pay", symptom: "payment_failed", region: "ZJ" }, { ip: "198.51.100.2" }))
        .status,
    ).toBe(201);
    expect(
      (await postReport({ component: "online-pay", symptom: "payment_failed", region: "ZJ" }, { ip: "198.51.100.2" }))
        .status,
    ).toBe(201); // a repeat: counted once
    expect(
      (
        await postReport(
          { component: "credit-account", symptom: "limit_reduced", region: "ZJ" },
          { ip: "198.51.100.3" },
        )
      ).status,
    ).toBe(201);
    const response = await exports.default.fetch(`${BASE}/api/reports/stats?window=24h`, {
      headers: { origin: "https://x.example" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("cache-control")).toBe("public, max-age=60");
    expect(response.headers.get("etag")).toBeTruthy();
    const stats = await response.json<any>();
    expect(stats.bucket_minutes).toBe(5);
    expect(stats.buckets).toHaveLength(288);
    const last = stats.buckets.at(-1);
    expect(Object.keys(last).sort()).toEqual(["account", "other", "start", "technical", "usual"]);
    const sum = (key: string) => stats.buckets.reduce((n: number, b: any) => n + b[key], 0);
    expect(sum("technical")).toBe(2);
    expect(sum("account")).toBe(1);
    expect(stats.total).toBe(3);
    expect(stats.regions).toEqual([{ region: "ZJ", reporters: 3 }]);

    const one = await (
      await exports.default.fetch(`${BASE}/api/reports/stats?window=1h&component=credit-account`)
    ).json<any>();
    expect(one.component).toBe("credit-account");
    expect(one.buckets).toHaveLength(12);
    expect(one.buckets.reduce((n: number, b: any) => n + b.technical + b.account, 0)).toBe(1);
  });

  it("rejects bad windows and unknown components with 400 JSON", async () => {
    for (const query of ["window=forever", "window=30m", "window=8d", "component=nope"]) {
      const response = await exports.default.fetch(`${BASE}/api/reports/stats?${query}`);
      expect(response.status, query).toBe(400);
      expect((await response.json<any>()).error.code).toBeTypeOf("string");
    }
  });
});

describe("where a report comes from", () => {
  it("counts the region Cloudflare locates the request in, and keeps the region the reporter stated", async () => {
    const ctx = createExecutionContext();
    const response = await app.fetch(
      new Request(`${BASE}/api/reports`, {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": freshIp() },
        body: JSON.stringify({ ...valid, region: "ZJ" }),
        cf: { country: "CN", regionCode: "GD", region: "Guangdong" },
      }),
      env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(201);
    const stored = await env.DB.prepare("SELECT region, counted_region, network FROM reports WHERE id = ?")
      .bind((await response.json<ReportResponse>()).id)
      .first<{ region: string; counted_region: string; network: string }>();
    expect(stored).toMatchObject({ region: "ZJ", counted_region: "GD" });
    expect(stored!.network).toMatch(/^[0-9a-f]{32}$/);
    const rollup = await env.DB.prepare("SELECT region FROM report_rollups WHERE component_id = 'online-pay'").all();
    expect(rollup.results).toEqual([{ region: "GD" }]);
  });

  it("accepts a queued message from before networks were counted, each reporter its own network", () => {
    const old = {
      id: crypto.randomUUID(),
      componentId: "online-pay",
      symptom: "system_busy",
      symptomClass: "technical",
      messageSeen: null,
      region: "SH",
      platform: null,
      otherMethodsWork: "unknown",
      occurredAt: 1,
      receivedAt: 1,
      fingerprint: "f".repeat(32),
      verdict: "unconfirmed",
      idempotencyKey: null,
    };
    expect(queuedReportSchema.parse(old)).toMatchObject({ network: "f".repeat(32), countedRegion: "SH" });
  });
});
