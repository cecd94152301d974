import { env } from "cloudflare:workers";
import { asc } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { listComponents } from "../../src/data/components";
import {
  joinRecord,
  loadDetectorRecords,
  loadLearnedStats,
  regionalNetworksBetween,
  saveRecordStatement,
} from "../../src/data/detector";
import { createProbe, findProbe, storeCronRun } from "../../src/data/probes";
import { writeInternal } from "../../src/data/publish";
import { detectorBaselines, detectorState } from "../../src/db/schema";
import { type DetectorRecord, emptyBaseline, initialState, minuteOf, readPlan } from "../../src/detection";
import { detectorJob } from "../../src/jobs/detector";
import type { CheckOutcome } from "../../src/probes/types";
import { postReport, runCronAt } from "../helpers";
import { db, reportOf, resetDetector, resetReports, resetStatus, seedReports } from "../seed";

const MINUTE = 60_000;
const REGIONS = ["ZJ", "GD", "BJ", "SH", "JS", "SC"];

const tick = runCronAt;

async function detectedIncidents() {
  const rows = await env.DB.prepare(
    "SELECT id, status, source, detected_kind, resolved_at FROM incidents WHERE source = 'detected' ORDER BY created_at",
  ).all<{
    id: string;
    status: string;
    source: string;
    detected_kind: string;
    resolved_at: number | null;
  }>();
  return rows.results;
}

async function componentStatus(id: string) {
  return env.DB.prepare("SELECT status, status_source FROM components WHERE id = ?")
    .bind(id)
    .first<{ status: string; status_source: string }>();
}

let ip = 0;
/** `count` distinct people report a symptom in the minute starting at `at`, through the public API. */
async function crowd(at: number, count: number, symptom: string) {
  for (let i = 0; i < count; i++) {
    ip++;
    const response = await postReport(
      {
        component: "online-pay",
        symptom,
        region: REGIONS[i % REGIONS.length],
        occurred_at: new Date(at + i * 1000).toISOString(),
      },
      { ip: `203.0.${ip >> 8}.${ip & 255}` },
    );
    expect(response.status).toBe(201);
  }
}

/** `count` distinct people report a technical symptom during `minute`, from six regions. */
async function seedCrowd(minute: number, count: number) {
  const reports = Array.from({ length: count }, (_, i) =>
    reportOf(
      { component: "online-pay", symptom: "system_busy", region: REGIONS[i % REGIONS.length] },
      { receivedAt: minute * MINUTE + i * 1000 },
    ),
  );
  expect(await seedReports(reports)).toBe(count);
}

/** Two probes of online-pay in two locations each fail a check at `at`, stored as the probe cron stores them. */
async function seedFailedChecks(at: number) {
  const ran = [];
  for (const location of ["hangzhou", "shenzhen"]) {
    const id = `bounded-${location}`;
    ran.push(
      (await findProbe(db, id)) ??
        (await createProbe(
          db,
          { id, component: "online-pay", name: id, url: "https://pay.example/", location, enabled: false },
          0,
        )),
    );
  }
  const failed: Omit<CheckOutcome, "probeId"> = {
    checkedAt: at,
    ok: false,
    degraded: false,
    httpStatus: null,
    latencyMs: null,
    errorClass: "connect",
  };
  await storeCronRun(
    db,
    ran,
    ran.map((probe) => ({ ...failed, probeId: probe.id })),
    at,
  );
}

/**
 * The D1 binding with a count of the rows each SELECT on the given tables
 * returns, to see what a job reads (drizzle reads through prepare/bind/raw|all).
 */
function readCounter<Table extends string>(tables: Table[]) {
  const counts = Object.fromEntries(tables.map((t) => [t, 0])) as Record<Table, number>;
  const counted = (statement: D1PreparedStatement, table: Table): D1PreparedStatement =>
    ({
      bind: (...values: unknown[]) => counted(statement.bind(...values), table),
      all: async () => {
        const result = await statement.all();
        counts[table] += result.results.length;
        return result;
      },
      raw: async () => {
        const rows = await statement.raw();
        counts[table] += rows.length;
        return rows;
      },
    }) as unknown as D1PreparedStatement;
  const DB = new Proxy(env.DB, {
    get(target, property) {
      if (property === "prepare")
        return (sql: string) => {
          const table = tables.find((t) => /^select/i.test(sql) && sql.includes(`from "${t}"`));
          return table ? counted(target.prepare(sql), table) : target.prepare(sql);
        };
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return {
    env: { ...env, DB },
    rows: () => ({ ...counts }),
    reset: () => {
      for (const t of tables) counts[t] = 0;
    },
  };
}

// Each test starts from no reports, no incidents and a detector that never ran.
beforeEach(async () => {
  await resetReports();
  await resetStatus();
  await resetDetector();
});

describe("the detector in the Worker's cron", () => {
  it("opens a detected outage incident from a crowd of reports and resolves it when calm", {
    timeout: 120_000,
  }, async () => {
    // Simulated clock: two hours ago up to now, one cron tick per minute.
    const start = Math.floor((Date.now() - 120 * MINUTE) / MINUTE) * MINUTE;
    let now = start;

    // A quiet hour: a report now and then.
    for (; now < start + 60 * MINUTE; now += MINUTE) {
      if ((now / MINUTE) % 10 === 0) await crowd(now, 1, "overdue");
      await tick(now);
    }
    expect(await detectedIncidents()).toHaveLength(0);
    expect((await componentStatus("online-pay"))?.status).toBe("operational");

    // A sharp outage: 12 people a minute in six regions for ten minutes.
    let openedAfter: number | null = null;
    for (let minute = 0; minute < 10; minute++, now += MINUTE) {
      await crowd(now, 12, minute % 2 ? "system_busy" : "cannot_load");
      await tick(now + MINUTE - 1000);
      if (openedAfter === null && (await detectedIncidents()).length > 0) openedAfter = minute + 1;
    }
    const opened = await detectedIncidents();
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({
      source: "detected",
      detected_kind: "outage",
      status: "investigating",
      resolved_at: null,
    });
    expect(openedAfter).not.toBeNull();
    expect(openedAfter!).toBeLessThanOrEqual(6);
    // Crowd reports alone raise a component to partial_outage at most.
    expect(await componentStatus("online-pay")).toEqual({ status: "partial_outage", status_source: "detected" });
    const evidence = await env.DB.prepare("SELECT evidence FROM incidents WHERE id = ?")
      .bind(opened[0]!.id)
      .first<{ evidence: string }>();
    expect(JSON.parse(evidence!.evidence).reporters).toBeGreaterThanOrEqual(8);

    // A reporter now is told it is an outage, not their account.
    const verdict = await (await postReport({ component: "online-pay", symptom: "limit_reduced" })).json<{
      verdict: { kind: string };
    }>();
    expect(verdict.verdict.kind).toBe("outage");

    // Calm again: the incident resolves on its own and the component recovers.
    for (let minute = 0; minute < 30; minute++, now += MINUTE) await tick(now);
    const resolved = await detectedIncidents();
    expect(resolved).toHaveLength(1);
    expect(resolved[0]!.status).toBe("resolved");
    expect(resolved[0]!.resolved_at).not.toBeNull();
    expect((await componentStatus("online-pay"))?.status).toBe("operational");
    const episodes = await env.DB.prepare(
      "SELECT kind, resolved_at FROM episodes WHERE component_id = 'online-pay'",
    ).all<{ kind: string; resolved_at: number | null }>();
    expect(episodes.results).toHaveLength(1);
    expect(episodes.results[0]!.resolved_at).not.toBeNull();
  });

  it("keeps one state row per component, and never reads rows older than its windows", async () => {
    const now = Math.floor(Date.now() / MINUTE) * MINUTE;
    // online-pay's detector has run for 100 minutes (past its warm-up), nothing learned yet.
    const record: DetectorRecord = {
      state: initialState(now - 100 * MINUTE),
      baseline: emptyBaseline(),
      profile: null,
    };
    const plan = readPlan(record, now);
    expect(plan.learn).toBeNull();
    const componentIds = (await listComponents(db)).map((c) => c.id).sort();
    const reads = readCounter(["report_rollups", "probe_results"]);
    /** One tick at `now` from online-pay's record above: its new state, and the rows it read. */
    const evaluate = async () => {
      await writeInternal(db, [saveRecordStatement(db, "online-pay", record, now - MINUTE)]);
      reads.reset();
      await detectorJob(reads.env, { scheduledTime: now });
      const states = await db.select().from(detectorState).orderBy(asc(detectorState.componentId));
      // One row per component, each evaluated at this tick.
      expect(states.map((row) => [row.componentId, row.evaluatedAt])).toEqual(componentIds.map((id) => [id, now]));
      return { state: states.find((row) => row.componentId === "online-pay")!.state, read: reads.rows() };
    };
    await evaluate(); // every other component's first run, which looks for where its data begin
    const quiet = await evaluate();

    // A crowd in the minute before the rollup window, failed checks just before the probe window:
    // never read, and the tick's result is the same.
    await seedCrowd(plan.rollupsFromMinute - 1, 40);
    await seedFailedChecks(plan.probesFromMs - 1);
    expect(await evaluate()).toEqual(quiet);
    expect(await detectedIncidents()).toEqual([]);
    expect((await componentStatus("online-pay"))?.status).toBe("operational");

    // The same inside the windows is read (one rollup row per region, the failed checks) and opens an outage.
    await seedCrowd(minuteOf(now) - 1, 40);
    await seedFailedChecks(plan.probesFromMs);
    const busy = await evaluate();
    expect(busy.read).toEqual({
      report_rollups: quiet.read.report_rollups + REGIONS.length,
      probe_results: quiet.read.probe_results + 2,
    });
    expect(busy.state).not.toEqual(quiet.state);
    expect(await detectedIncidents()).toMatchObject([{ detected_kind: "outage", resolved_at: null }]);
  });
});

describe("the detector's learned statistics", () => {
  /** Every component's record, made whole from its row and its statistics' row. */
  async function wholeRecords(): Promise<Record<string, DetectorRecord>> {
    const stored = await loadDetectorRecords(db);
    const learned = await loadLearnedStats(db, [...stored.keys()]);
    return Object.fromEntries(
      [...stored].map(([id, { head, learned: inline }]) => [id, joinRecord(head, inline ?? learned.get(id)!)]),
    );
  }

  it("are read and written at the hourly refresh only, and the ticks decide as with whole records", {
    timeout: 120_000,
  }, async () => {
    const HOUR = 60 * MINUTE;
    // Twenty ticks across an hour boundary (a refresh at the tenth), after four hours of quiet reports.
    const first = Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR + 50 * MINUTE;
    const ticks = Array.from({ length: 21 }, (_, i) => first + i * MINUTE);
    const symptoms = ["system_busy", "limit_reduced", "merchant_unsupported", "overdue"];
    await seedReports(
      Array.from({ length: 100 }, (_, i) =>
        reportOf(
          { component: i % 3 ? "online-pay" : "offline-pay", symptom: symptoms[i % 4]!, region: REGIONS[i % 6] },
          { receivedAt: first - 4 * HOUR + i * 3 * MINUTE },
        ),
      ),
    );
    const withReports = ["offline-pay", "online-pay"];

    // As the cron runs: each record's statistics in a row of their own.
    const reads = readCounter(["detector_baselines"]);
    const apart: Record<string, DetectorRecord>[] = [];
    const statsRead: number[] = [];
    for (const at of ticks) {
      reads.reset();
      await detectorJob(reads.env, { scheduledTime: at });
      statsRead.push(reads.rows().detector_baselines);
      apart.push(await wholeRecords());
    }
    // Read once, at the refresh, and written then; components without reports began at the first tick, have
    // nothing to refresh yet, and keep the empty statistics their first run wrote.
    expect(statsRead).toEqual(ticks.map((_, i) => (i === 10 ? withReports.length : 0)));
    const rows = await db.select().from(detectorBaselines).orderBy(asc(detectorBaselines.componentId));
    expect(rows.length).toBeGreaterThan(withReports.length);
    for (const row of rows)
      expect([row.componentId, row.updatedAt]).toEqual([
        row.componentId,
        withReports.includes(row.componentId) ? ticks[10] : ticks[0],
      ]);
    // The minute's row holds no statistics.
    for (const row of await db.select().from(detectorState)) expect(row.state).not.toHaveProperty("baseline.stats");
    const learned = apart.at(-1)!["online-pay"]!.baseline;
    expect(learned.stats.account.reporters.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(learned).not.toEqual(apart[9]!["online-pay"]!.baseline);

    // The same ticks on records stored whole after every minute, as before the statistics had a table.
    await resetDetector();
    const whole: Record<string, DetectorRecord>[] = [];
    for (const at of ticks) {
      await detectorJob(env, { scheduledTime: at });
      const records = await wholeRecords();
      whole.push(records);
      await writeInternal(
        db,
        Object.entries(records).map(([id, record]) => saveRecordStatement(db, id, record, at)),
      );
    }
    expect(apart).toEqual(whole);
  });
});

describe("distinct networks per province (the regional floor's read)", () => {
  beforeEach(resetReports);

  it("reads counted technical reports' networks per minute and province, within the windows only", async () => {
    const minute = minuteOf(Date.UTC(2026, 2, 2, 4, 0));
    const at = (m: number, s = 0) => m * MINUTE + s * 1000;
    const report = (symptom: string, region: string, network: string, receivedAt: number, fingerprint?: string) =>
      reportOf({ component: "online-pay", symptom, region }, { network, receivedAt, fingerprint });
    await seedReports([
      // Two people behind one network and one behind another, in Zhejiang, the same minute.
      report("system_busy", "ZJ", "net-a", at(minute, 1)),
      report("payment_failed", "ZJ", "net-a", at(minute, 2)),
      report("system_busy", "ZJ", "net-b", at(minute, 3), "same-person"),
      // A repeat (not counted), an account symptom and a report before the windows: not read.
      report("system_busy", "ZJ", "net-c", at(minute, 30), "same-person"),
      report("account_frozen", "ZJ", "net-d", at(minute, 4)),
      report("system_busy", "ZJ", "net-e", at(minute - 20)),
      // Another province, the minute before.
      report("cannot_load", "GD", "net-f", at(minute - 1, 5)),
    ]);
    const rows = (await regionalNetworksBetween(db, minute - 15, minute + 1, ["online-pay"])).get("online-pay") ?? [];
    expect(rows.map((r) => `${r.minute - minute}|${r.region}|${r.network}`).sort()).toEqual([
      "-1|GD|net-f",
      "0|ZJ|net-a",
      "0|ZJ|net-b",
    ]);
    expect((await regionalNetworksBetween(db, minute - 15, minute + 1, ["offline-pay"])).size).toBe(0);
  });
});
