import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { createIncident } from "../../../src/data/incident-writes";
import { noticesOf } from "../../../src/notify/notice-of";
import type { NotifyMessage } from "../../../src/notify/queue-messages";
import { adminJson } from "../../admin-helpers";
import { BASE, runCronAt } from "../../helpers";
import { db, reportOf, resetDetector, resetReports, resetStatus, seedReports } from "../../seed";
import { notificationRows, resetSubscribers, subscribe } from "./helpers";

// The real Miniflare queue (vitest.config.ts, as wrangler.toml configures it)
// between the writes and this Worker's queue() handler: admin writes and the
// cron queue notices, the consumer claims a notification per follower and
// queues its delivery, and the delivery is attempted once.
//
// What a delivery through the deployment's own senders ends as: in this branch
// neither the channels (src/notify/channels.ts) nor the links
// (src/notify/links.ts) are wired, so each is a dead letter at its first
// attempt. Once they are, this becomes { state: "sent", attempts: 1, last_error: null }.
const DELIVERED = { state: "sent", attempts: 1, last_error: null };

const MINUTE = 60_000;
/** The cron has no request to take an origin from: notices it makes link to PUBLIC_URL (without one, see consumer.test.ts). */
const PUBLIC = { PUBLIC_URL: BASE };

beforeEach(async () => {
  await resetStatus();
  await resetSubscribers();
});

type Row = Awaited<ReturnType<typeof notificationRows>>[number];

/**
 * Polls until `done` holds for the notification rows with a key starting with
 * `prefix` (the local queue flushes every second, twice: notice, then delivery).
 */
async function settled(prefix: string, done: (rows: Row[]) => boolean): Promise<Row[]> {
  let rows: Row[] = [];
  for (let attempt = 0; attempt < 200; attempt++) {
    rows = await notificationRows("notice_key LIKE ?", `${prefix}%`);
    if (done(rows) && rows.every((row) => row.state !== "sending")) return rows;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the queue never settled for ${prefix}: ${JSON.stringify(rows)}`);
}

describe("notifications through the real queue", () => {
  it("carries an incident written through the admin API to each follower, once", { timeout: 60_000 }, async () => {
    const whole = await subscribe();
    const onlinePay = await subscribe({ componentIds: ["online-pay"] });
    const repayment = await subscribe({ componentIds: ["repayment"] });
    const unconfirmed = await subscribe({ confirmed: false });
    const incident = await adminJson(
      "POST",
      "/api/admin/incidents",
      { incident: { name: "付款失败", body: "正在调查。", components: { "online-pay": "partial_outage" } } },
      201,
    );
    const key = `incident:${incident.id}:${incident.incident_updates[0].id}`;
    const rows = await settled(key, (found) => found.length === 2);
    expect(rows.map((row) => row.subscriber_id).sort()).toEqual([whole.id, onlinePay.id].sort());
    for (const row of rows) expect(row).toMatchObject({ notice_key: key, ...DELIVERED });
    const others = await notificationRows("subscriber_id IN (?, ?)", repayment.id, unconfirmed.id);
    expect(others).toEqual([]);
  });

  it("makes one notification per follower when the same notice comes twice", { timeout: 60_000 }, async () => {
    const people = [await subscribe(), await subscribe({ incidentIds: [], componentIds: ["app-login"] })];
    const { events } = await createIncident(db, {
      serviceId: "huabei",
      name: "登录失败",
      components: { "app-login": "major_outage" },
    });
    const [notice] = await noticesOf(db, { ...env, ...PUBLIC }, events);
    const message: NotifyMessage = { type: "notice", notice: notice!, after: null };
    const queue = env.NOTIFY_QUEUE as Queue<NotifyMessage>;
    await queue.sendBatch([{ body: message }, { body: message }]);
    await queue.send(message);
    const rows = await settled(notice!.key, (found) => found.length === 2);
    expect(rows.map((row) => row.subscriber_id).sort()).toEqual(people.map((p) => p.id).sort());
    // One delivery attempted per row: the copies claimed nothing and queued nothing.
    for (const row of rows) expect(row).toMatchObject(DELIVERED);
  });

  it("carries a detected episode from the cron to a follower", { timeout: 120_000 }, async () => {
    await resetReports();
    await resetDetector();
    const follower = await subscribe({ componentIds: ["online-pay"] });
    const regions = ["ZJ", "GD", "BJ", "SH", "JS", "SC"];
    let now = Math.floor((Date.now() - 30 * MINUTE) / MINUTE) * MINUTE;
    // One quiet report hours ago: the detector's history starts there, so it is warm at once.
    await seedReports([
      reportOf({ component: "online-pay", symptom: "overdue" }, { receivedAt: now - 3 * 60 * MINUTE }),
    ]);
    let detected: { id: string } | null = null;
    for (let minute = 0; minute < 10 && !detected; minute++, now += MINUTE) {
      await seedReports(
        Array.from({ length: 12 }, (_, i) =>
          reportOf(
            { component: "online-pay", symptom: i % 2 ? "system_busy" : "cannot_load", region: regions[i % 6] },
            { receivedAt: now + i * 1000 },
          ),
        ),
      );
      await runCronAt(now + MINUTE - 1000, PUBLIC);
      detected = await env.DB.prepare("SELECT id FROM incidents WHERE source = 'detected'").first<{ id: string }>();
    }
    expect(detected).not.toBeNull();
    const first = await env.DB.prepare(
      "SELECT id FROM incident_updates WHERE incident_id = ? ORDER BY created_at LIMIT 1",
    )
      .bind(detected!.id)
      .first<{ id: string }>();
    const rows = await settled(`incident:${detected!.id}:`, (found) =>
      found.some((row) => row.notice_key === `incident:${detected!.id}:${first!.id}`),
    );
    expect(new Set(rows.map((row) => row.notice_key)).size).toBe(rows.length);
    for (const row of rows) expect(row).toMatchObject({ subscriber_id: follower.id, ...DELIVERED });
  });

  it("carries maintenance scheduled through the admin API, then started and completed by the cron", {
    timeout: 60_000,
  }, async () => {
    const follower = await subscribe({ componentIds: ["repayment"] });
    const bystander = await subscribe({ componentIds: ["offline-pay"] });
    const from = Date.now() + MINUTE;
    const until = from + MINUTE;
    const maintenance = await adminJson(
      "POST",
      "/api/admin/maintenances",
      {
        incident: {
          name: "系统升级",
          scheduled_for: new Date(from).toISOString(),
          scheduled_until: new Date(until).toISOString(),
          component_ids: ["repayment"],
        },
      },
      201,
    );
    const prefix = `maintenance:${maintenance.id}:`;
    await settled(prefix, (found) => found.length === 1);
    await runCronAt(from + 1000, PUBLIC);
    await settled(prefix, (found) => found.length === 2);
    await runCronAt(until + 1000, PUBLIC);
    const rows = await settled(prefix, (found) => found.length === 3);
    expect(new Set(rows.map((row) => row.notice_key)).size).toBe(3);
    for (const row of rows) expect(row).toMatchObject({ subscriber_id: follower.id, ...DELIVERED });
    expect(await notificationRows("subscriber_id = ?", bystander.id)).toEqual([]);
  });
});
