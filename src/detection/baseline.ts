/**
 * Seasonal baseline of distinct reporters per minute, per symptom class and
 * 15-minute slot of the week, learned incrementally from rollups.
 *
 * Storage is sufficient statistics (minutes observed, reporters summed) per
 * slot, so a refresh only reads the rollups it has not learned yet: cost per
 * refresh is one hour of rollups, never the history. Minutes inside episodes
 * and maintenance windows (padded) are skipped so an outage does not teach the
 * detector that outages are normal. Estimates are shrunk: slot of the week
 * toward its time of day (all weekdays, ±1 neighbouring slot), time of day
 * toward the overall mean, so a young baseline is usable and an old one sharp.
 */
import { DEFAULT_PARAMS, type DetectorParams } from "./params";
import { MINUTE_MS, SLOTS_PER_DAY, SLOTS_PER_WEEK, slotOfWeek } from "./time";
import { DRIVING_CLASSES, type DrivingClass, type Interval, type RollupRow } from "./types";

export interface ClassStats {
  /** Per slot of the week: minutes learned (an integer: forgetting caps it and scales the sum). */
  minutes: number[];
  /** Per slot of the week: distinct reporters summed over those minutes. */
  reporters: number[];
}

/**
 * One component's learned statistics. Per slot it maps one to one onto the
 * `baselines` table (samples = minutes, mean = reporters / minutes); only the
 * slots touched by a refresh change. `learnedUntilMinute` is kept beside it.
 */
export interface ComponentBaseline {
  version: 1;
  /** Minutes before this epoch minute have been learned (null: nothing yet). */
  learnedUntilMinute: number | null;
  /** Per class; `merchant` is absent in baselines stored before merchant restrictions (read as empty). */
  stats: Record<DrivingClass, ClassStats>;
  /**
   * Technical reporters learned per province (and in all, with or without a
   * province): each province's share of the component's reporters, for the
   * regional test. Absent in baselines stored before it (read as nothing learned).
   */
  regions?: RegionStats;
}

export interface RegionStats {
  /** Reporters per province code. */
  reporters: Record<string, number>;
  /** All reporters learned, with a province or without. */
  total: number;
}

/** Region statistics are down-weighted past this many reporters (forgetting, like the slots). */
const MAX_REGION_REPORTERS = 20_000;

/**
 * What the minute evaluation reads: expected distinct reporters per minute for
 * each slot of the week, recomputed from the statistics at each refresh.
 * Plain JSON (about 15 KB); persist it with the detector state so a minute
 * reads one row per component, not 1,344 baseline rows.
 */
export interface BaselineProfile {
  /** Minutes learned per class (how much to trust the profile). */
  learnedMinutes: Record<DrivingClass, number>;
  /** Per class, 672 expected rates (slot 0 = Monday 00:00 Asia/Shanghai), or null when nothing is learned. */
  rates: Record<DrivingClass, number[] | null>;
  /** Technical reporters per province and in all, as learned (see `ComponentBaseline.regions`). */
  regions?: RegionStats;
}

export function emptyBaseline(): ComponentBaseline {
  const empty = (): ClassStats => ({
    minutes: new Array(SLOTS_PER_WEEK).fill(0),
    reporters: new Array(SLOTS_PER_WEEK).fill(0),
  });
  return {
    version: 1,
    learnedUntilMinute: null,
    stats: { technical: empty(), account: empty(), merchant: empty() },
    regions: { reporters: {}, total: 0 },
  };
}

function emptyStats(): ClassStats {
  return { minutes: new Array(SLOTS_PER_WEEK).fill(0), reporters: new Array(SLOTS_PER_WEEK).fill(0) };
}

/** A class's statistics; a baseline stored before the class existed has none yet. */
const statsOf = (baseline: ComponentBaseline, cls: DrivingClass): ClassStats => baseline.stats[cls] ?? emptyStats();

/**
 * The epoch minute up to which a refresh at `nowMs` may learn (exclusive),
 * aligned to the hour so the Worker and the replay learn the same minutes.
 */
export function learnableUntilMinute(nowMs: number, params: DetectorParams = DEFAULT_PARAMS): number {
  const hourStart = Math.floor(nowMs / 3_600_000) * 60;
  return hourStart - Math.ceil(params.baseline.learnLagMinutes / 60) * 60;
}

/**
 * Intervals to keep out of learning: detected episodes (from a while before
 * they opened, since the rise went unnoticed at first, until after they
 * resolved) and declared maintenance windows with their tail.
 */
export function learningExclusions(
  episodes: ReadonlyArray<{ openedAt: number; resolvedAt: number | null }>,
  maintenances: ReadonlyArray<{ startsAt: number; endsAt: number }>,
  params: DetectorParams = DEFAULT_PARAMS,
): Interval[] {
  const before = params.baseline.excludeBeforeEpisodeMinutes * MINUTE_MS;
  const after = params.baseline.excludeAfterMinutes * MINUTE_MS;
  return [
    ...episodes.map((e) => ({ from: e.openedAt - before, to: (e.resolvedAt ?? Number.POSITIVE_INFINITY) + after })),
    ...maintenances.map((m) => ({ from: m.startsAt, to: m.endsAt + after })),
  ];
}

/**
 * Learns the minutes [baseline.learnedUntilMinute, untilMinute) from their
 * rollup rows (other rows are ignored) and returns the new baseline. A fresh
 * baseline starts learning at `startMinute` (the first minute with data).
 * Minutes with no row are learned as zero reporters, which is what they are.
 */
export function refreshBaseline(
  baseline: ComponentBaseline,
  input: { rollups: readonly RollupRow[]; untilMinute: number; startMinute: number; exclusions: readonly Interval[] },
  params: DetectorParams = DEFAULT_PARAMS,
): ComponentBaseline {
  const from = baseline.learnedUntilMinute ?? input.startMinute;
  if (input.untilMinute <= from) return baseline;

  const span = input.untilMinute - from;
  const counts: Record<DrivingClass, Float64Array> = {
    technical: new Float64Array(span),
    account: new Float64Array(span),
    merchant: new Float64Array(span),
  };
  const technicalRows: RollupRow[] = [];
  for (const row of input.rollups) {
    if (row.minute < from || row.minute >= input.untilMinute) continue;
    if (row.symptomClass !== "technical" && row.symptomClass !== "account" && row.symptomClass !== "merchant") continue;
    counts[row.symptomClass][row.minute - from]! += row.reporters;
    if (row.symptomClass === "technical" && row.reporters > 0) technicalRows.push(row);
  }

  const copy = (c: ClassStats): ClassStats => ({ minutes: c.minutes.slice(), reporters: c.reporters.slice() });
  const regions: RegionStats = {
    reporters: { ...(baseline.regions?.reporters ?? {}) },
    total: baseline.regions?.total ?? 0,
  };
  const next: ComponentBaseline = {
    ...baseline,
    stats: {
      technical: copy(statsOf(baseline, "technical")),
      account: copy(statsOf(baseline, "account")),
      merchant: copy(statsOf(baseline, "merchant")),
    },
    regions,
  };
  const excluded = (minute: number) => {
    const startMs = minute * MINUTE_MS;
    return input.exclusions.some((x) => startMs < x.to && startMs + MINUTE_MS > x.from);
  };
  for (const row of technicalRows) {
    if (excluded(row.minute)) continue;
    regions.total += row.reporters;
    if (row.region !== "") regions.reporters[row.region] = (regions.reporters[row.region] ?? 0) + row.reporters;
  }
  if (regions.total > MAX_REGION_REPORTERS) {
    const scale = MAX_REGION_REPORTERS / regions.total;
    for (const r of Object.keys(regions.reporters)) regions.reporters[r]! *= scale;
    regions.total = MAX_REGION_REPORTERS;
  }
  const cap = params.baseline.maxSlotMinutes;
  for (let i = 0; i < span; i++) {
    const minute = from + i;
    if (excluded(minute)) continue;
    const slot = slotOfWeek(minute);
    for (const cls of DRIVING_CLASSES) {
      const s = next.stats[cls];
      s.minutes[slot]! += 1;
      s.reporters[slot]! += counts[cls][i]!;
      // Forgetting: past the cap, old weeks weigh less, so the baseline follows slow drifts.
      if (s.minutes[slot]! > cap) {
        s.reporters[slot]! *= cap / s.minutes[slot]!;
        s.minutes[slot] = cap;
      }
    }
  }
  next.learnedUntilMinute = input.untilMinute;
  return next;
}

/** The shrunk per-slot expected rates the evaluation uses, from the statistics. */
export function baselineProfile(baseline: ComponentBaseline, params: DetectorParams = DEFAULT_PARAMS): BaselineProfile {
  const profile: BaselineProfile = {
    learnedMinutes: { technical: 0, account: 0, merchant: 0 },
    rates: { technical: null, account: null, merchant: null },
    regions: baseline.regions ?? { reporters: {}, total: 0 },
  };
  for (const cls of DRIVING_CLASSES) {
    const { minutes, reporters } = statsOf(baseline, cls);
    const totalMinutes = minutes.reduce((a, b) => a + b, 0);
    profile.learnedMinutes[cls] = totalMinutes;
    if (totalMinutes === 0) continue;
    const overall = reporters.reduce((a, b) => a + b, 0) / totalMinutes;

    const dayMinutes = new Array<number>(SLOTS_PER_DAY).fill(0);
    const dayReporters = new Array<number>(SLOTS_PER_DAY).fill(0);
    for (let slot = 0; slot < SLOTS_PER_WEEK; slot++) {
      dayMinutes[slot % SLOTS_PER_DAY]! += minutes[slot]!;
      dayReporters[slot % SLOTS_PER_DAY]! += reporters[slot]!;
    }
    // Time of day: all weekdays, widened to neighbouring slots until enough reporters support it,
    // then pulled toward the overall mean.
    const kDay = params.baseline.dayShrinkMinutes;
    const dayRate = dayMinutes.map((_, d) => {
      let n = dayMinutes[d]!;
      let s = dayReporters[d]!;
      for (
        let k = 1;
        k <= params.baseline.maxNeighbourSlots && (k === 1 || s < params.baseline.minSupportReporters);
        k++
      ) {
        for (const j of [d - k, d + k]) {
          const slot = (j + SLOTS_PER_DAY) % SLOTS_PER_DAY;
          n += dayMinutes[slot]!;
          s += dayReporters[slot]!;
        }
      }
      return (s + kDay * overall) / (n + kDay);
    });
    // Slot of the week, pulled toward its time of day until weeks of data accumulate.
    const kWeek = params.baseline.weekShrinkMinutes;
    profile.rates[cls] = minutes.map((n, slot) => {
      const rate = (reporters[slot]! + kWeek * dayRate[slot % SLOTS_PER_DAY]!) / (n + kWeek);
      return Math.round(rate * 1e5) / 1e5;
    });
  }
  return profile;
}

/** Rows for the `baselines` table (mean and samples per slot); variance is not used by this method. */
export function baselineRows(
  baseline: ComponentBaseline,
): Array<{ symptomClass: DrivingClass; slot: number; mean: number; samples: number }> {
  const rows: Array<{ symptomClass: DrivingClass; slot: number; mean: number; samples: number }> = [];
  for (const cls of DRIVING_CLASSES) {
    const { minutes, reporters } = statsOf(baseline, cls);
    for (let slot = 0; slot < SLOTS_PER_WEEK; slot++) {
      if (minutes[slot]! > 0)
        rows.push({ symptomClass: cls, slot, mean: reporters[slot]! / minutes[slot]!, samples: minutes[slot]! });
    }
  }
  return rows;
}

/** The inverse of `baselineRows`. */
export function baselineFromRows(
  rows: ReadonlyArray<{ symptomClass: string; slot: number; mean: number; samples: number }>,
  learnedUntilMinute: number | null,
): ComponentBaseline {
  const baseline = emptyBaseline();
  baseline.learnedUntilMinute = learnedUntilMinute;
  for (const row of rows) {
    if (row.symptomClass !== "technical" && row.symptomClass !== "account" && row.symptomClass !== "merchant") continue;
    if (row.slot < 0 || row.slot >= SLOTS_PER_WEEK) continue;
    baseline.stats[row.symptomClass].minutes[row.slot] = row.samples;
    baseline.stats[row.symptomClass].reporters[row.slot] = row.mean * row.samples;
  }
  return baseline;
}
