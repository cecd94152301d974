import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { database } from "../../src/db/client";
import { statusBoard } from "../../src/read-model";

// Data stored by a single-service release keep working after migrations/0006
// (services): every row belongs to the default service, untouched.

const NOW = Date.UTC(2026, 10, 30, 12);

async function rows(db: D1Database, sql: string) {
  return (await db.prepare(sql).all<Record<string, unknown>>()).results;
}

describe("migration 0006: services", () => {
  it("moves existing single-service data to the default service untouched", async () => {
    const db = env.MIGRATION_DB;
    const all = env.TEST_MIGRATIONS;
    const services = all.findIndex((m) => m.name.startsWith("0006"));
    expect(services).toBeGreaterThan(0);
    await applyD1Migrations(db, all.slice(0, services));

    // What an operator of the earlier release had: their own component and group, an open incident, a webhook, reports.
    await db.batch([
      db.prepare(
        `INSERT INTO component_groups (id, name_zh, name_en, position, created_at, updated_at) VALUES ('stores', '门店', 'Stores', 3, ${NOW}, ${NOW})`,
      ),
      db.prepare(
        `INSERT INTO components (id, name_zh, name_en, group_id, position, status, status_source, created_at, updated_at)
         VALUES ('mall-pay', '商场支付', 'Mall payments', 'stores', 6, 'partial_outage', 'declared', ${NOW}, ${NOW})`,
      ),
      db.prepare(
        `INSERT INTO incidents (id, type, name, status, impact, source, created_at, updated_at, started_at)
         VALUES ('inc-1', 'incident', 'Mall payments failing', 'investigating', 'major', 'declared', ${NOW}, ${NOW}, ${NOW})`,
      ),
      db.prepare(
        `INSERT INTO incident_components (incident_id, component_id, status) VALUES ('inc-1', 'mall-pay', 'partial_outage')`,
      ),
      db.prepare(
        `INSERT INTO incident_updates (id, incident_id, status, body, created_at, updated_at, display_at)
         VALUES ('upd-1', 'inc-1', 'investigating', 'Looking into it', ${NOW}, ${NOW}, ${NOW})`,
      ),
      db.prepare(
        `INSERT INTO webhooks (id, url, secret, enabled, consecutive_failures, created_at, updated_at)
         VALUES ('hook-1', 'https://hooks.example/x', 'whsec_x', 1, 0, ${NOW}, ${NOW})`,
      ),
      db.prepare(
        `INSERT INTO reports (id, component_id, symptom, symptom_class, other_methods_work, occurred_at, received_at, fingerprint, verdict)
         VALUES ('00000000-0000-4000-8000-000000000001', 'mall-pay', 'system_busy', 'technical', 'unknown', ${NOW}, ${NOW}, 'fp', 'outage')`,
      ),
    ]);
    const before = {
      components: await rows(db, "SELECT * FROM components ORDER BY id"),
      groups: await rows(db, "SELECT * FROM component_groups ORDER BY id"),
      incidents: await rows(db, "SELECT * FROM incidents"),
      webhooks: await rows(db, "SELECT * FROM webhooks"),
      reports: await rows(db, "SELECT * FROM reports"),
    };

    await applyD1Migrations(db, all);

    const withService = (list: Record<string, unknown>[]) => list.map((row) => ({ ...row, service_id: "huabei" }));
    expect(await rows(db, "SELECT * FROM components ORDER BY id")).toEqual(withService(before.components));
    expect(await rows(db, "SELECT * FROM component_groups ORDER BY id")).toEqual(withService(before.groups));
    expect(await rows(db, "SELECT * FROM incidents")).toEqual(withService(before.incidents));
    expect(await rows(db, "SELECT * FROM webhooks")).toEqual(withService(before.webhooks));
    // Reports belong to a service through their component: unchanged.
    expect(await rows(db, "SELECT * FROM reports")).toEqual(before.reports);
    expect(await rows(db, "SELECT id, preset, overrides, enabled FROM services")).toEqual([
      { id: "huabei", preset: "huabei", overrides: null, enabled: 1 },
    ]);

    // And the page reads them as before: Huabei, with the operator's component and open incident.
    const board = await statusBoard(database(db), {}, NOW, { versionMemoMs: 0 });
    const huabei = board.snapshots.get("huabei")!;
    expect(huabei.componentsById.get("mall-pay")?.status).toBe("partial_outage");
    expect(huabei.incidents.map((i) => i.id)).toEqual(["inc-1"]);
    expect([...board.snapshots.keys()]).toEqual(["huabei"]);
  });
});
