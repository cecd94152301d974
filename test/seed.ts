/**
 * Test data written through the project's own functions, so every rule the
 * Worker applies (redaction, repeats, rollups, status holds, the public state
 * version) applies to it too. Cleanup goes through the same write paths.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { PRESETS } from "../src/config/presets";
import { updateComponent } from "../src/data/component-writes";
import { publish, writeInternal } from "../src/data/publish";
import { storeReports } from "../src/data/reports";
import { database } from "../src/db/client";
import {
  baselines,
  components,
  detectorBaselines,
  detectorState,
  episodes,
  incidentComponents,
  incidents,
  incidentUpdates,
  probeResults,
  probes,
  reportRollups,
  reports,
  settings,
  symptomRollups,
  webhookDeliveries,
  webhooks,
} from "../src/db/schema";
import type { Evidence } from "../src/detection";
import { type NewReport, newReport, type ReportFields } from "../src/domain/report";
import { BUILT_IN_SYMPTOM_CLASSES, type ComponentStatus } from "../src/domain/symptoms";

export const db = database(env.DB);

let reporterCounter = 0;

/**
 * A report row as the Worker makes it; each gets its own reporter (and its own
 * network) unless they are given. Without a located region the stated one counts.
 */
export function reportOf(
  fields: ReportFields,
  meta: Partial<Pick<NewReport, "fingerprint" | "network" | "receivedAt" | "occurredAt" | "id">> & {
    locatedRegion?: string | null;
  } = {},
): NewReport {
  const receivedAt = meta.receivedAt ?? Date.now();
  const fingerprint = meta.fingerprint ?? `seed-reporter-${++reporterCounter}`;
  return newReport(fields, {
    id: meta.id,
    // The built-in symptoms' classes (a test's custom symptom counts as "other").
    symptomClass: BUILT_IN_SYMPTOM_CLASSES[fields.symptom] ?? "other",
    occurredAt: meta.occurredAt ?? receivedAt,
    receivedAt,
    fingerprint,
    network: meta.network ?? `network-of-${fingerprint}`,
    locatedRegion: meta.locatedRegion,
    situation: { maintenance: false, outage: false, accountWave: false },
    idempotencyKey: null,
  });
}

/** Stores reports (and their rollups) as the report API does; returns how many were stored. */
export async function seedReports(list: NewReport[]): Promise<number> {
  return (await storeReports(db, list)).stored;
}

/** An operator sets a component's status (declared). */
export async function setComponentStatus(componentId: string, status: ComponentStatus): Promise<void> {
  await updateComponent(db, componentId, { status });
}

/** No incidents, no maintenance, every component operational: through the public write path. */
export async function resetStatus(): Promise<void> {
  await publish(db, [
    db.delete(incidentUpdates),
    db.delete(incidentComponents),
    db.delete(incidents),
    db.update(components).set({ status: "operational", statusSource: "default" }),
  ]);
}

/** No reports and no rollups. */
export async function resetReports(): Promise<void> {
  await writeInternal(db, [db.delete(reports), db.delete(reportRollups), db.delete(symptomRollups)]);
}

/** No webhooks and no deliveries (bookkeeping: the public state version stays). */
export async function resetWebhooks(): Promise<void> {
  await writeInternal(db, [db.delete(webhookDeliveries), db.delete(webhooks)]);
}

/** No probes and no raw probe results (bookkeeping: the public state version stays). */
export async function resetProbes(): Promise<void> {
  await writeInternal(db, [db.delete(probeResults), db.delete(probes)]);
}

/** Forgets which configuration seeded the probes, so the next probe run seeds them again. */
export async function forgetProbeSeed(): Promise<void> {
  await writeInternal(db, [db.delete(settings).where(eq(settings.key, "probes.seed"))]);
}

/** The detector as on its first run: no per-component state, no episodes, no learned baselines. */
export async function resetDetector(): Promise<void> {
  await writeInternal(db, [
    db.delete(detectorState),
    db.delete(detectorBaselines),
    db.delete(episodes),
    db.delete(baselines),
  ]);
}

/** The symptom codes the default service (Huabei) offers. */
export const HUABEI_SYMPTOMS = PRESETS.huabei!.config.symptoms.map((symptom) => symptom.code) as [string, ...string[]];

/** The default service's components (migrations/0001). */
export const HUABEI_COMPONENTS = PRESETS.huabei!.components.map((component) => component.id);

/** A detected outage's evidence as the detector writes it: 17 reporters, 12 of them in Zhejiang and 5 in Henan. */
export const CROWD_EVIDENCE: Evidence = {
  source: "crowd",
  windowMinutes: 15,
  reporters: 17,
  expected: 1.2,
  regions: [
    { region: "ZJ", reporters: 12 },
    { region: "HA", reporters: 5 },
  ],
};
