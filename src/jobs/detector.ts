import { applyStatusChanges, heldStatuses } from "../data/component-status";
import { type ComponentRow, listComponents } from "../data/components";
import {
  firstRollupMinute,
  insertEpisode,
  joinRecord,
  type LearnedStats,
  loadDetectorRecords,
  loadLearnedStats,
  maintenanceWindows,
  openEpisode,
  probeResultsBetween,
  regionalNetworksBetween,
  resolveEpisodeStatement,
  rollupsBetween,
  saveBaselineRows,
  splitRecord,
  tickRecordStatements,
} from "../data/detector";
import { addIncidentUpdate, createIncident, resolveIncident } from "../data/incident-writes";
import { findIncident } from "../data/incidents";
import { publish, type Statement, writeInternal } from "../data/publish";
import { recoveriesBetween } from "../data/recoveries";
import { type Database, database } from "../db/client";
import {
  baselineRows,
  type DetectorRecord,
  type EpisodeEvent,
  emptyBaseline,
  initialState,
  minuteOf,
  readPlan,
  regionalNetworkWindowMinutes,
  runTick,
} from "../detection";
import type { DomainEvent } from "../domain/events";
import { isPublic } from "../domain/incidents";
import type { ComponentStatus } from "../domain/symptoms";
import type { Env } from "../env";
import { detectedIncidentBody, detectedIncidentName, detectedResolvedBody, provincesOf } from "../i18n/evidence-text";
import { newId } from "../lib/id";
import { MINUTE_MS } from "../lib/time";
import { statusBoard } from "../read-model";
import { dispatch } from "../webhooks/deliver";

/** On its first run the detector learns from at most this much existing history. */
const BOOTSTRAP_DAYS = 7;

/**
 * Cron job, every minute: runs the detector (src/detection, pure) for every
 * component on the rows its read plan names, then turns its decisions into
 * state: detected incidents opened and resolved, component statuses, episodes.
 * The replay command runs the same `runTick`.
 */
export async function detectorJob(env: Env, controller: Pick<ScheduledController, "scheduledTime">): Promise<void> {
  const now = controller.scheduledTime;
  const db = database(env.DB);
  const [all, board] = await Promise.all([listComponents(db), statusBoard(db, env, now)]);
  // Components of a disabled service are not watched; each enabled service's cost is its own components'.
  // Every read below names the watched components, so a disabled service's data costs nothing.
  const components = all.filter((component) => board.registry.byId.has(component.serviceId));
  if (components.length === 0) return;
  const watched = components.map((component) => component.id);
  const stored = await loadDetectorRecords(db, watched);

  const prepared = await Promise.all(
    components.map(async (component) => {
      const found = stored.get(component.id);
      // First run: its (empty) statistics are written too, over any an earlier component of this id left.
      if (!found) return { component, ...splitRecord(await firstRecord(db, component.id, now)), saveLearned: true };
      // Statistics found inline move to a row of their own.
      return { component, ...found, saveLearned: found.learned !== null };
    }),
  );
  // The learned statistics matter only to the hourly refresh (readPlan reads the state and how far the
  // baseline has learned, never the statistics): they are read when one is due, and a minute without one
  // runs on empty placeholders, which runTick then leaves as they are and which are never stored.
  const due = prepared.filter((p) => !p.learned && readPlan(joinRecord(p.head, placeholderStats()), now).learn);
  const loaded = await loadLearnedStats(
    db,
    due.map((p) => p.component.id),
  );
  const plans = prepared.map(({ component, head, learned, saveLearned }) => {
    const record = joinRecord(head, learned ?? loaded.get(component.id) ?? placeholderStats());
    return { component, saveLearned, record, plan: readPlan(record, now) };
  });
  const [rollups, probes, maintenances, recoveries, networks] = await Promise.all([
    rollupsBetween(db, Math.min(...plans.map((p) => p.plan.rollupsFromMinute)), minuteOf(now), watched),
    probeResultsBetween(db, Math.min(...plans.map((p) => p.plan.probesFromMs)), now, watched),
    maintenanceWindows(db, Math.min(...plans.map((p) => p.plan.maintenancesEndingAfterMs)), now + MINUTE_MS),
    // People saying "it works again": evidence that an open outage is over (src/detection/recovery.ts).
    recoveriesBetween(db, Math.min(...plans.map((p) => p.plan.recoveriesFromMinute)), minuteOf(now), watched),
    // Distinct networks per province over the regional windows only: the regional floor on networks.
    regionalNetworksBetween(db, minuteOf(now) - regionalNetworkWindowMinutes(), minuteOf(now), watched),
  ]);

  const saves: Statement[] = [];
  const events: DomainEvent[] = [];
  for (const { component, record, plan, saveLearned } of plans) {
    try {
      const learningRollups = plan.learn
        ? ((await rollupsBetween(db, plan.learn.fromMinute, plan.learn.untilMinute, [component.id])).get(
            component.id,
          ) ?? [])
        : [];
      const result = runTick(record, {
        now,
        rollups: (rollups.get(component.id) ?? []).filter((row) => row.minute >= plan.rollupsFromMinute),
        probes: probes.get(component.id) ?? [],
        maintenances: maintenances.get(component.id) ?? [],
        recoveries: (recoveries.get(component.id) ?? []).filter((row) => row.minute >= plan.recoveriesFromMinute),
        regionalNetworks: networks.get(component.id) ?? [],
        learningRollups,
      });
      for (const event of result.events)
        events.push(...(await applyEpisodeEvent(db, component, event, result.status, now)));
      events.push(...(await syncComponentStatus(db, component, result.status, result.state.open.outage !== null, now)));
      saves.push(...tickRecordStatements(db, component.id, result.record, now, saveLearned || plan.learn !== null));
      if (plan.learn) await saveBaselineRows(db, component.id, baselineRows(result.record.baseline), now);
    } catch (error) {
      // One component's failure must not stop the others' evaluation.
      console.error(`detector failed for ${component.id}`, error);
    }
  }
  await writeInternal(db, saves);
  if (events.length) await dispatch(env, events);
}

/** Nothing learned: what a record holds before its first refresh. */
function placeholderStats(): LearnedStats {
  const { stats, regions } = emptyBaseline();
  return { stats, regions };
}

/** First run: begin where this component's data begin (at most BOOTSTRAP_DAYS back), so history is learned at once. */
async function firstRecord(db: Database, componentId: string, now: number): Promise<DetectorRecord> {
  const first = await firstRollupMinute(db, componentId, minuteOf(now) - BOOTSTRAP_DAYS * 1440);
  const dataStart = first != null ? Math.min(first * MINUTE_MS, now) : now;
  return { state: initialState(dataStart), baseline: emptyBaseline(), profile: null };
}

async function applyEpisodeEvent(
  db: Database,
  component: ComponentRow,
  event: EpisodeEvent,
  status: ComponentStatus,
  now: number,
): Promise<DomainEvent[]> {
  if (event.type === "open") {
    const { incident, events } = await createIncident(db, {
      serviceId: component.serviceId,
      name: detectedIncidentName(event.kind, component.nameZh, "zh-CN", provincesOf(event.evidence)),
      status: "investigating",
      body: detectedIncidentBody(event.kind, event.evidence, "zh-CN"),
      // An account wave or a merchant restriction is news, not a broken system: the component keeps its status.
      components: {
        [component.id]: event.kind === "outage" ? worseThanOperational(status) : (component.status as ComponentStatus),
      },
      impactOverride: event.kind === "outage" ? undefined : "minor",
      source: "detected",
      detectedKind: event.kind,
      evidence: event.evidence,
      startedAt: event.at,
      now,
    });
    await writeInternal(db, [
      insertEpisode(db, {
        id: newId(),
        componentId: component.id,
        kind: event.kind,
        startedAt: event.at,
        incidentId: incident.id,
        evidence: event.evidence,
      }),
    ]);
    return events;
  }

  const episode = await openEpisode(db, component.id, event.kind);
  if (!episode) return [];
  await writeInternal(db, [resolveEpisodeStatement(db, episode.id, event.at)]);
  const incident = episode.incidentId ? await findIncident(db, episode.incidentId) : undefined;
  if (!incident || incident.resolvedAt != null || !isPublic(incident)) return [];
  if (incident.review === "confirmed") {
    // An operator owns a confirmed incident: say the signal is calm, let them resolve it.
    return (
      await addIncidentUpdate(db, incident.id, {
        status: "monitoring",
        body: detectedResolvedBody(event.kind, "zh-CN"),
        source: "detected",
        now,
      })
    ).events;
  }
  return (
    await resolveIncident(db, incident.id, { body: detectedResolvedBody(event.kind, "zh-CN"), source: "detected", now })
  ).events;
}

function worseThanOperational(status: ComponentStatus): ComponentStatus {
  return status === "operational" || status === "under_maintenance" ? "partial_outage" : status;
}

/**
 * Keeps the component's status in step with the detector: through the open
 * outage incident while there is one, directly otherwise, and never over an
 * operator's word or another open incident or maintenance.
 */
async function syncComponentStatus(
  db: Database,
  component: ComponentRow,
  status: ComponentStatus,
  outageOpen: boolean,
  now: number,
): Promise<DomainEvent[]> {
  if (outageOpen) {
    const episode = await openEpisode(db, component.id, "outage");
    const incident = episode?.incidentId ? await findIncident(db, episode.incidentId) : undefined;
    if (!incident || incident.resolvedAt != null || !isPublic(incident)) return [];
    const imposed = incident.components.find((c) => c.componentId === component.id)?.status;
    const wanted = worseThanOperational(status);
    if (imposed === wanted) return [];
    return (
      await addIncidentUpdate(db, incident.id, { components: { [component.id]: wanted }, source: "detected", now })
    ).events;
  }
  if (component.statusSource === "declared" || component.status === status) return [];
  const held = await heldStatuses(db, [component.id], "", now);
  if (held.has(component.id)) return [];
  const applied = applyStatusChanges(
    db,
    new Map([[component.id, component]]),
    [{ componentId: component.id, status, source: "detected" }],
    now,
  );
  await publish(db, applied.statements, now);
  return applied.events;
}
