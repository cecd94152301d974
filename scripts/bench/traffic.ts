/**
 * The default service's report traffic for the detector bench (issue 15: the
 * tick reads bounded windows only), stored through the project's own write
 * path: rows made by `newReport` and written by `storeReports` (repeat and
 * network rules, per-minute rollups by class and province, symptom rollups),
 * 200 per call as the admin import writes them, oldest first. The 10^3 and the
 * 10^6 databases get exactly the same recent traffic; the 10^6 one also gets
 * its long history before it, at the same rate, and a detector that has
 * learned its usual level from all of it (as `npm run demo` does).
 *
 * Drawn from a seeded PRNG, so every seeding writes the same rows relative to
 * its time. Not drawn here: a daily rhythm (the rate is flat, so the windows a
 * tick reads hold the same number of rows whatever the hour), incidents,
 * probes, recoveries.
 */
import { listComponents } from "../../src/data/components";
import { saveRecordStatement } from "../../src/data/detector";
import { writeInternal } from "../../src/data/publish";
import { storeReports } from "../../src/data/reports";
import { type Database, database } from "../../src/db/client";
import { type DetectorRecord, emptyBaseline, initialState } from "../../src/detection";
import { type NewReport, newReport } from "../../src/domain/report";
import { BUILT_IN_SYMPTOM_CLASSES, type Symptom, type SymptomClass } from "../../src/domain/symptoms";
import { REGION_WEIGHTS } from "../scenarios/generate";
import { Rng } from "../scenarios/prng";

/** A default-service day: the backtest's quiet days draw 1,500–8,000 reports (scripts/scenarios/generate.ts). */
export const REPORTS_PER_DAY = 4_000;
/** Reports per storeReports call, as the admin import (IMPORT_CHUNK) and `npm run demo` write them. */
const CHUNK = 200;

/** Shares of the default components, and of the symptom classes, in the backtest's quiet days (their means). */
const COMPONENT_WEIGHTS = {
  "online-pay": 0.35,
  "offline-pay": 0.25,
  repayment: 0.12,
  "credit-account": 0.18,
  "app-login": 0.1,
};
const CLASS_WEIGHTS: Record<SymptomClass, number> = { account: 0.5, technical: 0.18, merchant: 0.15, other: 0.17 };
const SYMPTOMS_BY_CLASS: Record<SymptomClass, Symptom[]> = { technical: [], account: [], merchant: [], other: [] };
for (const [symptom, cls] of Object.entries(BUILT_IN_SYMPTOM_CLASSES)) SYMPTOMS_BY_CLASS[cls].push(symptom as Symptom);
/** Some reporters report twice (a repeat: stored, not counted); some share a network (a carrier's gateway). */
const REPEAT_SHARE = 0.06;
const SHARED_NETWORK_SHARE = 0.15;
const SHARED_NETWORKS = 500;
/** Where Cloudflare cannot place the request, no province counts. */
const UNLOCATED_SHARE = 0.12;

interface Reporter {
  componentId: string;
  symptom: Symptom;
  province: string | null;
  statesProvince: boolean;
  fingerprint: string;
  network: string;
}

/**
 * Stores `count` reports received over [fromMs, untilMs), spread as a
 * Poisson process (exactly `count` arrivals: the sorted uniform times), with
 * repeats by recent reporters. `seed` decides every draw.
 */
export async function storeTraffic(
  d1: D1Database,
  count: number,
  fromMs: number,
  untilMs: number,
  seed: number,
): Promise<void> {
  const db = database(d1);
  const rng = new Rng(seed);
  const times = arrivals(rng, count, fromMs, untilMs);
  const hex = () =>
    Array.from({ length: 4 }, () =>
      Math.floor(rng.next() * 2 ** 32)
        .toString(16)
        .padStart(8, "0"),
    ).join("");
  const sharedNetworks = Array.from({ length: SHARED_NETWORKS }, hex);
  const recent: Reporter[] = [];
  let batch: NewReport[] = [];
  for (let i = 0; i < count; i++) {
    const receivedAt = times[i]!;
    // A repeat comes from one of the last 40 reporters: at the default rate, within the repeat rule's 30 minutes.
    const again = recent.length > 0 && rng.chance(REPEAT_SHARE);
    const reporter = again ? rng.pick(recent) : newReporter(rng, hex, sharedNetworks);
    if (!again) {
      recent.push(reporter);
      if (recent.length > 40) recent.shift();
    }
    batch.push(
      newReport(
        {
          component: reporter.componentId,
          symptom: reporter.symptom,
          region: reporter.statesProvince && reporter.province ? reporter.province : undefined,
          platform: rng.weighted({ ios: 4, android: 5, miniapp: 1, web: 0.5, other: 0.2 }),
          other_methods_work: rng.weighted({ yes: 5, no: 1, unknown: 2 }),
        },
        {
          id: `bench-${seed}-${i}`,
          symptomClass: BUILT_IN_SYMPTOM_CLASSES[reporter.symptom]!,
          occurredAt: receivedAt - Math.floor(rng.next() * 20_000),
          receivedAt,
          fingerprint: reporter.fingerprint,
          network: reporter.network,
          locatedRegion: reporter.province,
          situation: { maintenance: false, outage: false, accountWave: false },
          idempotencyKey: null,
        },
      ),
    );
    if (batch.length === CHUNK) {
      await storeReports(db, batch);
      batch = [];
    }
  }
  if (batch.length) await storeReports(db, batch);
}

function newReporter(rng: Rng, hex: () => string, sharedNetworks: string[]): Reporter {
  const cls = rng.weighted(CLASS_WEIGHTS);
  const fingerprint = hex();
  return {
    componentId: rng.weighted(COMPONENT_WEIGHTS),
    symptom: rng.pick(SYMPTOMS_BY_CLASS[cls]),
    province: rng.chance(UNLOCATED_SHARE) ? null : rng.weighted(REGION_WEIGHTS),
    statesProvince: rng.chance(0.5),
    fingerprint,
    network: rng.chance(SHARED_NETWORK_SHARE) ? rng.pick(sharedNetworks) : hex(),
  };
}

/** `count` sorted arrival times in [fromMs, untilMs): normalised sums of exponential gaps, i.e. sorted uniforms. */
function arrivals(rng: Rng, count: number, fromMs: number, untilMs: number): Float64Array {
  const sums = new Float64Array(count + 1);
  let total = 0;
  for (let i = 0; i <= count; i++) {
    total += -Math.log(1 - rng.next());
    sums[i] = total;
  }
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) times[i] = Math.floor(fromMs + ((untilMs - fromMs) * sums[i]!) / total);
  return times;
}

/**
 * The detector of a deployment that has been running since `sinceMs`: a
 * record per component starting there, with nothing learned yet, so the next
 * tick learns the usual level from every stored minute since (as `npm run
 * demo` sets it up), and saves it to `baselines` as the hourly refresh does.
 */
export async function runningSince(d1: D1Database, sinceMs: number): Promise<void> {
  const db: Database = database(d1);
  const components = await listComponents(db);
  const record = (): DetectorRecord => ({ state: initialState(sinceMs), baseline: emptyBaseline(), profile: null });
  await writeInternal(
    db,
    components.map((component) => saveRecordStatement(db, component.id, record(), sinceMs)),
  );
}
