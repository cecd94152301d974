/**
 * Every probe-related D1 query: definitions, agents, raw results, daily
 * rollups. Writes that belong together go in one batch (one transaction).
 */
import { and, asc, eq, gte, inArray, isNull, lt, lte } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Database } from "../db/client";
import { componentDaily, components, probeAgents, probeDaily, probeResults, probes, settings } from "../db/schema";
import type { ProbeResultRow } from "../detection/types";
import { type ComponentProbeDay, type ProbeDay, type RawCheck, roundUptime } from "../probes/daily";
import { ANY_LOCATION, defaultLocation, type ProbeInput, type ProbePatch, probeDefaults } from "../probes/definition";
import { hashToken, newAgentToken } from "../probes/token";
import type { CheckOutcome } from "../probes/types";

export type ProbeRow = typeof probes.$inferSelect;
export type ProbeAgentRow = typeof probeAgents.$inferSelect;
/** An agent as it may be shown: never its token hash. */
export type ProbeAgentView = Omit<ProbeAgentRow, "tokenHash">;
export type NewProbeResult = typeof probeResults.$inferInsert;

/** D1 binds at most 100 parameters per statement; multi-row inserts are cut to stay below. */
const MAX_BOUND_PARAMETERS = 100;

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type Batch = [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]];

function asBatch(items: BatchItem<"sqlite">[]): Batch | null {
  return items.length > 0 ? (items as Batch) : null;
}

// ---------------------------------------------------------------- definitions

function probeValues(input: ProbeInput & { id: string }, nowMs: number): typeof probes.$inferInsert {
  const runner = input.runner ?? probeDefaults.runner;
  return {
    id: input.id,
    componentId: input.component,
    name: input.name,
    location: input.location ?? defaultLocation(runner),
    url: input.url,
    method: input.method ?? probeDefaults.method,
    headers: input.headers ?? probeDefaults.headers,
    expectedStatusMin: input.expected_status_min ?? probeDefaults.expected_status_min,
    expectedStatusMax: input.expected_status_max ?? probeDefaults.expected_status_max,
    bodyMustContain: input.body_must_contain ?? probeDefaults.body_must_contain,
    bodyMustNotContain: input.body_must_not_contain ?? probeDefaults.body_must_not_contain,
    timeoutMs: input.timeout_ms ?? probeDefaults.timeout_ms,
    intervalMinutes: input.interval_minutes ?? probeDefaults.interval_minutes,
    latencyThresholdMs: input.latency_threshold_ms ?? probeDefaults.latency_threshold_ms,
    runner,
    enabled: input.enabled ?? probeDefaults.enabled,
    createdAt: nowMs,
    updatedAt: nowMs,
  };
}

function patchValues(patch: ProbePatch, nowMs: number): Partial<typeof probes.$inferInsert> {
  const values: Partial<typeof probes.$inferInsert> = { updatedAt: nowMs };
  if (patch.component !== undefined) values.componentId = patch.component;
  if (patch.name !== undefined) values.name = patch.name;
  if (patch.location !== undefined) values.location = patch.location;
  if (patch.url !== undefined) values.url = patch.url;
  if (patch.method !== undefined) values.method = patch.method;
  if (patch.headers !== undefined) values.headers = patch.headers;
  if (patch.expected_status_min !== undefined) values.expectedStatusMin = patch.expected_status_min;
  if (patch.expected_status_max !== undefined) values.expectedStatusMax = patch.expected_status_max;
  if (patch.body_must_contain !== undefined) values.bodyMustContain = patch.body_must_contain;
  if (patch.body_must_not_contain !== undefined) values.bodyMustNotContain = patch.body_must_not_contain;
  if (patch.timeout_ms !== undefined) values.timeoutMs = patch.timeout_ms;
  if (patch.interval_minutes !== undefined) values.intervalMinutes = patch.interval_minutes;
  if (patch.latency_threshold_ms !== undefined) values.latencyThresholdMs = patch.latency_threshold_ms;
  if (patch.runner !== undefined) values.runner = patch.runner;
  if (patch.enabled !== undefined) values.enabled = patch.enabled;
  return values;
}

export function listProbes(db: Database): Promise<ProbeRow[]> {
  return db.select().from(probes).orderBy(asc(probes.componentId), asc(probes.id));
}

export async function findProbe(db: Database, id: string): Promise<ProbeRow | undefined> {
  const [row] = await db.select().from(probes).where(eq(probes.id, id)).limit(1);
  return row;
}

/**
 * Creates a probe from validated input (probeInputSchema). The component must
 * exist (foreign key): callers check it first to answer a clean 400.
 */
export async function createProbe(db: Database, input: ProbeInput, nowMs: number): Promise<ProbeRow> {
  const [row] = await db
    .insert(probes)
    .values(probeValues({ ...input, id: input.id ?? crypto.randomUUID() }, nowMs))
    .returning();
  return row!;
}

/** Applies a validated patch (probePatchSchema); undefined when there is no such probe. */
export async function updateProbe(
  db: Database,
  id: string,
  patch: ProbePatch,
  nowMs: number,
): Promise<ProbeRow | undefined> {
  const [row] = await db.update(probes).set(patchValues(patch, nowMs)).where(eq(probes.id, id)).returning();
  return row;
}

/** Deletes a probe with its raw results; its daily figures stay, as history. */
export async function deleteProbe(db: Database, id: string): Promise<boolean> {
  const [deleted] = await db.batch([
    db.delete(probes).where(eq(probes.id, id)).returning({ id: probes.id }),
    db.delete(probeResults).where(eq(probeResults.probeId, id)),
  ]);
  return deleted.length > 0;
}

/** Enabled probes the Worker's cron runs itself. */
export function listWorkerProbes(db: Database): Promise<ProbeRow[]> {
  return db
    .select()
    .from(probes)
    .where(and(eq(probes.enabled, true), eq(probes.runner, "worker")));
}

/** Enabled agent probes an agent at `location` runs: its own location's and those for any location. */
export function listAgentProbes(db: Database, location: string): Promise<ProbeRow[]> {
  return db
    .select()
    .from(probes)
    .where(
      and(eq(probes.enabled, true), eq(probes.runner, "agent"), inArray(probes.location, [location, ANY_LOCATION])),
    )
    .orderBy(asc(probes.id));
}

// ----------------------------------------------------------- seeding by config

const SEED_SETTING = "probes.seed";

interface SeedState {
  fingerprint: string;
  ids: string[];
}

/**
 * Brings the config-seeded probes into D1 when the configuration changed
 * since the last time (fingerprint kept in settings): upserts each one and
 * deletes probes an earlier configuration seeded that this one no longer has.
 * Between configuration changes, edits made in D1 (admin API) stand.
 * Probes naming an unknown component are skipped. Returns what it did.
 */
export async function syncSeedProbes(
  db: Database,
  seeds: Array<ProbeInput & { id: string }>,
  fingerprint: string,
  nowMs: number,
): Promise<{ changed: boolean; upserted: string[]; removed: string[] }> {
  const [state] = await db.select().from(settings).where(eq(settings.key, SEED_SETTING)).limit(1);
  const previous = state?.value as SeedState | undefined;
  if (previous?.fingerprint === fingerprint) return { changed: false, upserted: [], removed: [] };

  const known = new Set((await db.select({ id: components.id }).from(components)).map((c) => c.id));
  const usable = seeds.filter((seed) => {
    if (known.has(seed.component)) return true;
    console.warn(`seed probe ${seed.id} names unknown component ${seed.component}; skipped`);
    return false;
  });
  const ids = usable.map((seed) => seed.id);
  const removed = (previous?.ids ?? []).filter((id) => !ids.includes(id));
  const next: SeedState = { fingerprint, ids };

  const items: BatchItem<"sqlite">[] = usable.map((seed) => {
    const { createdAt: _created, id: _id, ...update } = probeValues(seed, nowMs);
    return db.insert(probes).values(probeValues(seed, nowMs)).onConflictDoUpdate({ target: probes.id, set: update });
  });
  if (removed.length > 0) items.push(db.delete(probes).where(inArray(probes.id, removed)));
  items.push(
    db
      .insert(settings)
      .values({ key: SEED_SETTING, value: next, updatedAt: nowMs })
      .onConflictDoUpdate({ target: settings.key, set: { value: next, updatedAt: nowMs } }),
  );
  await db.batch(asBatch(items)!);
  return { changed: true, upserted: ids, removed };
}

// --------------------------------------------------------------------- agents

/** Creates an agent; the token is returned here once and only its hash is stored. */
export async function createProbeAgent(
  db: Database,
  input: { name: string; location: string },
  nowMs: number,
): Promise<{ agent: ProbeAgentView; token: string }> {
  const token = newAgentToken();
  const [row] = await db
    .insert(probeAgents)
    .values({
      id: crypto.randomUUID(),
      name: input.name,
      location: input.location,
      tokenHash: await hashToken(token),
      createdAt: nowMs,
    })
    .returning();
  const { tokenHash: _hash, ...agent } = row!;
  return { agent, token };
}

/** Revokes an agent: its token stops working at once. False when there is no such active agent. */
export async function revokeProbeAgent(db: Database, id: string, nowMs: number): Promise<boolean> {
  const rows = await db
    .update(probeAgents)
    .set({ revokedAt: nowMs })
    .where(and(eq(probeAgents.id, id), isNull(probeAgents.revokedAt)))
    .returning({ id: probeAgents.id });
  return rows.length > 0;
}

/** What an agent looks like outside this module: never its token hash. */
const AGENT_VIEW = {
  id: probeAgents.id,
  name: probeAgents.name,
  location: probeAgents.location,
  createdAt: probeAgents.createdAt,
  lastSeenAt: probeAgents.lastSeenAt,
  revokedAt: probeAgents.revokedAt,
};

export function listProbeAgents(db: Database): Promise<ProbeAgentView[]> {
  return db.select(AGENT_VIEW).from(probeAgents).orderBy(asc(probeAgents.name));
}

/** The active agent holding `token`, if any. Looked up by hash: the token itself is never stored or compared. */
export async function findAgentByToken(db: Database, token: string): Promise<ProbeAgentView | undefined> {
  const [row] = await db
    .select(AGENT_VIEW)
    .from(probeAgents)
    .where(and(eq(probeAgents.tokenHash, await hashToken(token)), isNull(probeAgents.revokedAt)))
    .limit(1);
  return row;
}

export async function touchAgent(db: Database, agentId: string, nowMs: number): Promise<void> {
  await db.update(probeAgents).set({ lastSeenAt: nowMs }).where(eq(probeAgents.id, agentId));
}

// -------------------------------------------------------------------- results

function insertResults(db: Database, rows: NewProbeResult[]): BatchItem<"sqlite">[] {
  const perRow = 11;
  return chunk(rows, Math.floor(MAX_BOUND_PARAMETERS / perRow)).map((part) =>
    db.insert(probeResults).values(part).onConflictDoNothing(),
  );
}

/**
 * Stores one cron run: its results, and the run time of every probe that ran
 * (even one that produced no result, so a misconfigured probe is not retried
 * every minute). One batch.
 */
export async function storeCronRun(
  db: Database,
  ran: readonly ProbeRow[],
  outcomes: readonly CheckOutcome[],
  nowMs: number,
): Promise<void> {
  if (ran.length === 0) return;
  const byId = new Map(ran.map((p) => [p.id, p]));
  const rows: NewProbeResult[] = outcomes.map((o) => {
    const probe = byId.get(o.probeId)!;
    return { ...o, componentId: probe.componentId, location: probe.location, agentId: null };
  });
  const items = insertResults(db, rows);
  items.push(
    db
      .update(probes)
      .set({ lastRunAt: nowMs })
      .where(inArray(probes.id, [...byId.keys()])),
  );
  await db.batch(asBatch(items)!);
}

/** Stores an agent's validated push and marks the agent seen, all or nothing. */
export async function storeAgentResults(
  db: Database,
  agent: ProbeAgentView,
  rows: readonly Omit<NewProbeResult, "agentId" | "location">[],
  nowMs: number,
): Promise<void> {
  const items = insertResults(
    db,
    rows.map((r) => ({ ...r, location: agent.location, agentId: agent.id })),
  );
  items.push(db.update(probeAgents).set({ lastSeenAt: nowMs }).where(eq(probeAgents.id, agent.id)));
  await db.batch(asBatch(items)!);
}

/** Raw checks in [fromMs, toMs), for the daily rollups. */
export function checksBetween(db: Database, fromMs: number, toMs: number): Promise<RawCheck[]> {
  return db
    .select({
      probeId: probeResults.probeId,
      componentId: probeResults.componentId,
      checkedAt: probeResults.checkedAt,
      ok: probeResults.ok,
      degraded: probeResults.degraded,
      latencyMs: probeResults.latencyMs,
    })
    .from(probeResults)
    .where(and(gte(probeResults.checkedAt, fromMs), lt(probeResults.checkedAt, toMs)));
}

/** One component's checks since `sinceMs`, in the shape the detector reads. */
export function componentProbeResultsSince(
  db: Database,
  componentId: string,
  sinceMs: number,
): Promise<ProbeResultRow[]> {
  return db
    .select({
      location: probeResults.location,
      at: probeResults.checkedAt,
      ok: probeResults.ok,
      latencyMs: probeResults.latencyMs,
    })
    .from(probeResults)
    .where(and(eq(probeResults.componentId, componentId), gte(probeResults.checkedAt, sinceMs)))
    .orderBy(asc(probeResults.checkedAt));
}

/** Deletes raw results checked before `cutoffMs`; daily rollups are untouched. Returns how many went. */
export async function deleteResultsBefore(db: Database, cutoffMs: number): Promise<number> {
  const deleted = await db
    .delete(probeResults)
    .where(lt(probeResults.checkedAt, cutoffMs))
    .returning({ id: probeResults.id });
  return deleted.length;
}

// -------------------------------------------------------------------- rollups

export type ProbeDayRow = typeof probeDaily.$inferSelect & { uptimePct: number };

/** Per-probe daily figures for local days in [fromDay, toDay] (YYYY-MM-DD), with uptime %, oldest first. */
export async function listProbeDays(
  db: Database,
  fromDay: string,
  toDay: string,
  probeIds?: readonly string[],
): Promise<ProbeDayRow[]> {
  const conditions = [gte(probeDaily.day, fromDay), lte(probeDaily.day, toDay)];
  if (probeIds) conditions.push(inArray(probeDaily.probeId, [...probeIds]));
  const rows = await db
    .select()
    .from(probeDaily)
    .where(and(...conditions))
    .orderBy(asc(probeDaily.probeId), asc(probeDaily.day));
  return rows.map((row) => ({
    ...row,
    uptimePct: row.checks > 0 ? roundUptime((100 * (row.checks - row.failures)) / row.checks) : 100,
  }));
}

/**
 * Writes recomputed daily figures for the given days: each (probe, day) and
 * (component, day) row is replaced, and rows of those days that no longer
 * have any checks (a probe deleted since) are removed. One batch.
 */
export async function saveDailyRollups(
  db: Database,
  days: readonly string[],
  probeDays: readonly ProbeDay[],
  componentDays: readonly ComponentProbeDay[],
  nowMs: number,
): Promise<void> {
  if (days.length === 0) return;
  const items: BatchItem<"sqlite">[] = [
    db.delete(probeDaily).where(inArray(probeDaily.day, [...days])),
    db.delete(componentDaily).where(inArray(componentDaily.day, [...days])),
  ];
  for (const part of chunk(probeDays, 12)) {
    items.push(db.insert(probeDaily).values([...part]));
  }
  for (const part of chunk(componentDays, 8)) {
    items.push(db.insert(componentDaily).values(part.map((d) => ({ ...d, updatedAt: nowMs }))));
  }
  await db.batch(asBatch(items)!);
}
