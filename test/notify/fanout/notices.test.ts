import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { applyStatusChanges } from "../../../src/data/component-status";
import { listComponents } from "../../../src/data/components";
import { publish } from "../../../src/data/publish";
import type { DomainEvent } from "../../../src/domain/events";
import { detectorJob } from "../../../src/jobs/detector";
import { maintenanceClockJob } from "../../../src/jobs/maintenance-clock";
import type { Notice } from "../../../src/notify/notice";
import { NOTICE_BODY_MAX, noticeForKey, noticesOf } from "../../../src/notify/notice-of";
import { BASE } from "../../admin-helpers";
import { db, reportOf, resetDetector, resetReports, resetStatus, seedReports } from "../../seed";
import { adminWith, holdingQueue, noticesIn } from "./helpers";

// Notices are what subscribers are told: one per change, keyed by the change,
// worded in both languages from the pages' own words. They are read here from
// a holding NOTIFY_QUEUE, as dispatch (src/webhooks/deliver.ts) queues them
// after each write.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let held = holdingQueue();
/** The Worker's env with the notices kept for the test, and links to the page at BASE. */
let over: Partial<Cloudflare.Env> = {};

beforeEach(async () => {
  await resetStatus();
  held = holdingQueue();
  over = { NOTIFY_QUEUE: held.queue as unknown as Queue, PUBLIC_URL: BASE };
});

async function adminOk(method: string, path: string, body?: unknown, status = 200) {
  const response = await adminWith(over, method, path, body);
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text);
}

/** The one notice a write made (and that it made exactly one). */
function onlyNotice(): Notice {
  const notices = noticesIn(held.take());
  expect(notices).toHaveLength(1);
  return notices[0]!;
}

describe("notices of incidents written through the admin API", () => {
  it("tells the creation and each update that says something once, keyed by the update, in both languages", async () => {
    const incident = await adminOk(
      "POST",
      "/api/admin/incidents",
      {
        incident: {
          name: "线上支付付款失败",
          status: "investigating",
          body: "部分用户付款失败，我们正在调查。",
          components: { "online-pay": "partial_outage" },
        },
      },
      201,
    );
    // The component's change is part of the incident's notice, not a second one.
    const created = onlyNotice();
    expect(created).toMatchObject({
      key: `incident:${incident.id}:${incident.incident_updates[0].id}`,
      serviceId: "huabei",
      kind: "incident",
      incidentId: incident.id,
      componentIds: ["online-pay"],
      level: "major",
      url: `${BASE}/incidents/${incident.id}`,
      at: Date.parse(incident.created_at),
    });
    expect(created.text["zh-CN"]).toEqual({
      service: "花呗",
      title: "花呗 · 线上支付付款失败（正在调查）",
      body: "部分用户付款失败，我们正在调查。\n\n受影响：线上支付（部分故障）",
      status: "正在调查",
    });
    expect(created.text.en).toEqual({
      service: "Huabei",
      title: "Huabei · 线上支付付款失败 (Investigating)",
      body: "部分用户付款失败，我们正在调查。\n\nAffects: Online checkout (partial outage)",
      status: "Investigating",
    });

    const identified = await adminOk("PATCH", `/api/admin/incidents/${incident.id}`, {
      incident: { status: "identified", body: "已找到原因，正在修复。 / We found the cause and are fixing it." },
    });
    const update = onlyNotice();
    expect(update.key).toBe(`incident:${incident.id}:${identified.incident_updates[0].id}`);
    expect(update.key).not.toBe(created.key);
    // A text written in both languages goes to each reader in theirs.
    expect(update.text["zh-CN"].body).toBe("已找到原因，正在修复。");
    expect(update.text.en.body).toBe("We found the cause and are fixing it.");
    expect(update.text.en.title).toBe("Huabei · 线上支付付款失败 (Identified)");

    // An update that says nothing new (no text, same status, no component changing) is not told.
    await adminOk("PATCH", `/api/admin/incidents/${incident.id}`, {
      incident: { name: "线上支付付款失败（部分地区）" },
    });
    expect(noticesIn(held.take())).toEqual([]);

    // Components changing status are news even without text.
    const worse = await adminOk("PATCH", `/api/admin/incidents/${incident.id}`, {
      incident: { components: { "online-pay": "major_outage" } },
    });
    const escalated = onlyNotice();
    expect(escalated.key).toBe(`incident:${incident.id}:${worse.incident_updates[0].id}`);
    expect(escalated.level).toBe("critical");
    expect(escalated.text["zh-CN"].body).toBe("受影响：线上支付（重大故障）");
    expect(escalated.text.en.body).toBe("Affects: Online checkout (major outage)");

    const resolved = await adminOk("PATCH", `/api/admin/incidents/${incident.id}`, {
      incident: { status: "resolved", body: "已恢复。" },
    });
    const over_ = onlyNotice();
    expect(over_).toMatchObject({
      key: `incident:${incident.id}:${resolved.incident_updates[0].id}`,
      level: "resolved",
    });
    expect(over_.text["zh-CN"]).toMatchObject({
      title: "花呗 · 线上支付付款失败（部分地区）（已解决）",
      body: "已恢复。",
    });
    expect(over_.text.en.status).toBe("Resolved");
  });

  it("makes the same notice, with the same key, however often the same events are told, and rebuilds it from its key", async () => {
    const incident = await adminOk(
      "POST",
      "/api/admin/incidents",
      { incident: { name: "还款延迟", body: "还款到账变慢。", components: { repayment: "degraded_performance" } } },
      201,
    );
    const queued = onlyNotice();
    const events: DomainEvent[] = [
      { type: "incident.created", incidentId: incident.id, at: Date.parse(incident.created_at) },
      {
        type: "component.status_changed",
        componentId: "repayment",
        oldStatus: "operational",
        newStatus: "degraded_performance",
        at: Date.parse(incident.created_at),
      },
    ];
    const again = await noticesOf(db, { ...env, PUBLIC_URL: BASE }, events);
    const thrice = await noticesOf(db, { ...env, PUBLIC_URL: BASE }, events);
    expect(again).toEqual([queued]);
    expect(thrice).toEqual([queued]);
    expect(await noticeForKey(db, { ...env, PUBLIC_URL: BASE }, queued.key)).toEqual(queued);
    expect(await noticeForKey(db, env, "incident:nothing-here:x")).toBeUndefined();
    expect(await noticeForKey(db, env, "not a key")).toBeUndefined();
  });

  it("cuts a long text short for the notice, in whole characters", async () => {
    const body = "长".repeat(NOTICE_BODY_MAX + 200);
    await adminOk(
      "POST",
      "/api/admin/incidents",
      { incident: { name: "长文本", body, components: { "app-login": "partial_outage" } } },
      201,
    );
    const notice = onlyNotice();
    const text = notice.text["zh-CN"].body;
    expect(Array.from(text)).toHaveLength(NOTICE_BODY_MAX);
    expect(text.endsWith("……（详情见页面）")).toBe(true);
  });
});

describe("notices of maintenance", () => {
  it("tells it when scheduled, and when the clock job starts and completes it", async () => {
    const from = Math.ceil((Date.now() + HOUR) / MINUTE) * MINUTE;
    const until = from + 2 * HOUR;
    const maintenance = await adminOk(
      "POST",
      "/api/admin/maintenances",
      {
        incident: {
          name: "系统升级",
          body: "升级期间无法还款。",
          scheduled_for: new Date(from).toISOString(),
          scheduled_until: new Date(until).toISOString(),
          component_ids: ["repayment"],
        },
      },
      201,
    );
    const scheduled = onlyNotice();
    expect(scheduled).toMatchObject({
      key: `maintenance:${maintenance.id}:${maintenance.incident_updates[0].id}`,
      kind: "maintenance",
      incidentId: maintenance.id,
      componentIds: ["repayment"],
      level: "maintenance",
      url: `${BASE}/incidents/${maintenance.id}`,
    });
    expect(scheduled.text["zh-CN"].title).toBe("花呗 · 系统升级（已计划）");
    expect(scheduled.text["zh-CN"].body).toMatch(/^计划维护时间：.+ 至 .+。\n\n升级期间无法还款。\n\n受影响：还款$/);
    expect(scheduled.text.en.body).toMatch(
      /^Scheduled maintenance: .+ to .+\.\n\n升级期间无法还款。\n\nAffects: Repayment$/,
    );

    // The cron's maintenance clock, at the window's start and end.
    const jobEnv = { ...env, ...over } as Cloudflare.Env;
    expect(await maintenanceClockJob(jobEnv, from + 1000)).toBe(2); // started, and the component's change
    const started = onlyNotice();
    expect(started.key).toMatch(new RegExp(`^maintenance:${maintenance.id}:`));
    expect(started.key).not.toBe(scheduled.key);
    expect(started.level).toBe("maintenance");
    expect(started.text["zh-CN"].title).toBe("花呗 · 系统升级（进行中）");
    // The clock's own bilingual line is worded per language instead.
    expect(started.text["zh-CN"].body).toMatch(/^维护已开始，预计 .+ 结束。\n\n受影响：还款$/);
    expect(started.text.en.body).toMatch(/^Maintenance has begun; it is expected to end .+\.\n\nAffects: Repayment$/);

    await maintenanceClockJob(jobEnv, until + 1000);
    const completed = onlyNotice();
    expect(completed.level).toBe("resolved");
    expect(completed.text.en.title).toBe("Huabei · 系统升级 (Completed)");
    expect(completed.text["zh-CN"].body).toBe("维护已完成。\n\n受影响：还款");
    expect(new Set([scheduled.key, started.key, completed.key]).size).toBe(3);

    // Nothing left to tell: the next tick sends nothing.
    await maintenanceClockJob(jobEnv, until + 2 * MINUTE);
    expect(held.take()).toEqual([]);
  });

  it("tells a maintenance whose window has already begun once, as started", async () => {
    await adminOk(
      "POST",
      "/api/admin/maintenances",
      {
        incident: {
          name: "紧急维护",
          scheduled_for: new Date(Date.now() - MINUTE).toISOString(),
          scheduled_until: new Date(Date.now() + HOUR).toISOString(),
          component_ids: ["offline-pay"],
        },
      },
      201,
    );
    const notice = onlyNotice();
    expect(notice.text["zh-CN"].status).toBe("进行中");
  });
});

describe("notices of component statuses", () => {
  it("tells an operator's direct change, and not the detector's own", async () => {
    await adminOk("PATCH", "/api/admin/components/online-pay", { component: { status: "major_outage" } });
    const notice = onlyNotice();
    expect(notice).toMatchObject({
      kind: "component",
      incidentId: null,
      componentIds: ["online-pay"],
      level: "critical",
      url: BASE,
    });
    expect(notice.key).toMatch(/^component:online-pay:\d+:operational:major_outage$/);
    expect(notice.text["zh-CN"]).toEqual({
      service: "花呗",
      title: "花呗 · 线上支付（重大故障）",
      body: "线上支付现在的状态：重大故障（之前：运行正常）。",
      status: "重大故障",
    });
    expect(notice.text.en.body).toBe("Online checkout is now: major outage (was: operational).");
    expect(await noticeForKey(db, { ...env, PUBLIC_URL: BASE }, notice.key)).toEqual(notice);

    // What the detector sets directly (a short rise, no episode) comes and goes: not told.
    const rows = new Map((await listComponents(db)).map((row) => [row.id, row]));
    const applied = applyStatusChanges(
      db,
      rows,
      [{ componentId: "app-login", status: "degraded_performance", source: "detected" }],
      Date.now(),
    );
    await publish(db, applied.statements);
    expect(applied.events).toHaveLength(1);
    expect(await noticesOf(db, env, applied.events)).toEqual([]);
  });
});

describe("notices of a detected episode", () => {
  it("tells the detected incident once, in the detector's words in both languages, and its end", {
    timeout: 120_000,
  }, async () => {
    await resetReports();
    await resetDetector();
    const jobEnv = { ...env, ...over } as Cloudflare.Env;
    const regions = ["ZJ", "GD", "BJ", "SH", "JS", "SC"];
    // One quiet report three hours ago: the detector's history starts there, so it is warm at once.
    let now = Math.floor((Date.now() - 40 * MINUTE) / MINUTE) * MINUTE;
    await seedReports([reportOf({ component: "online-pay", symptom: "overdue" }, { receivedAt: now - 3 * HOUR })]);
    let detected: Notice | undefined;
    for (let minute = 0; minute < 10 && !detected; minute++, now += MINUTE) {
      const crowd = Array.from({ length: 12 }, (_, i) =>
        reportOf(
          { component: "online-pay", symptom: i % 2 ? "system_busy" : "cannot_load", region: regions[i % 6] },
          { receivedAt: now + i * 1000 },
        ),
      );
      await seedReports(crowd);
      await detectorJob(jobEnv, { scheduledTime: now + MINUTE - 1000 });
      [detected] = noticesIn(held.take());
    }
    expect(detected, "the detector opened an incident and it was told").toBeDefined();
    const incident = await env.DB.prepare("SELECT id FROM incidents WHERE source = 'detected'").first<{ id: string }>();
    expect(detected).toMatchObject({ kind: "incident", incidentId: incident!.id, componentIds: ["online-pay"] });
    expect(detected!.text["zh-CN"].title).toBe("花呗 · 线上支付疑似故障（自动检测）（正在调查）");
    expect(detected!.text["zh-CN"].body).toMatch(/^自动检测到疑似故障，正在调查。过去 \d+ 分钟内 \d+ 人报告问题/);
    expect(detected!.text.en.title).toBe("Huabei · Online checkout: suspected outage (detected) (Investigating)");
    expect(detected!.text.en.body).toMatch(/^An outage was detected automatically; we are investigating\./);

    // Calm: the detector resolves it; that is told too (the component's recovery is part of it).
    let resolved: Notice | undefined;
    const told: Notice[] = [];
    for (let minute = 0; minute < 40 && !resolved; minute++, now += MINUTE) {
      await detectorJob(jobEnv, { scheduledTime: now });
      const notices = noticesIn(held.take());
      told.push(...notices);
      resolved = notices.find((n) => n.level === "resolved");
    }
    expect(resolved, "the detector resolved the incident and it was told").toBeDefined();
    expect(resolved!.incidentId).toBe(incident!.id);
    expect(resolved!.text.en.body).toBe(
      "Reports and probes have been back to normal for a while; resolved automatically.",
    );
    expect(told.every((n) => n.kind === "incident")).toBe(true);
  });
});
