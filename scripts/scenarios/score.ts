/**
 * Scores one replay against its ground truth: episode recall and false
 * episodes, time to detect, verdict accuracy. Kept apart from the generator
 * and the CLI so tests can score a replay directly.
 */

import type { ReplayLine } from "../../src/detection/replay";
import type { VerdictKind } from "../../src/domain/symptoms";
import type { TruthEpisode } from "./generate";

const MIN = 60_000;
/** A detection matches a true episode of its kind and component if it overlaps it, allowing this slack. */
const MATCH_BEFORE_MS = 5 * MIN;
const MATCH_AFTER_MS = 15 * MIN;

export interface DetectedEpisode {
  kind: string;
  component: string;
  start: number;
  end: number | null;
  regions?: string[];
}

export interface ScenarioScore {
  truthEpisodes: number;
  matchedEpisodes: number;
  detectedEpisodes: number;
  /** Detections that match nothing, plus extra detections of an already matched episode (flapping). */
  falseEpisodes: number;
  /** Minutes from true start to detection, for every matched outage/account wave. */
  ttdMinutes: number[];
  /** Minutes from the target instant (≥ 8 reporters/min, or all probes failing) to detection. */
  targetTtdMinutes: number[];
  verdicts: number;
  correctVerdicts: number;
  /** Wrong verdicts by "truth→given", for diagnosis. */
  confusion: Record<string, number>;
  misses: string[];
  falses: string[];
}

export function scoreReplay(
  output: readonly ReplayLine[],
  truth: { episodes: readonly TruthEpisode[]; verdicts: ReadonlyMap<string, VerdictKind> },
): ScenarioScore {
  const detected: DetectedEpisode[] = output
    .filter((l): l is Extract<ReplayLine, { type: "episode" }> => l.type === "episode")
    .map((l) => ({
      kind: l.kind,
      component: l.component,
      start: Date.parse(l.started_at),
      end: l.resolved_at ? Date.parse(l.resolved_at) : null,
      ...(l.regions ? { regions: l.regions } : {}),
    }))
    .sort((a, b) => a.start - b.start);

  const used = new Set<DetectedEpisode>();
  const score: ScenarioScore = {
    truthEpisodes: truth.episodes.length,
    matchedEpisodes: 0,
    detectedEpisodes: detected.length,
    falseEpisodes: 0,
    ttdMinutes: [],
    targetTtdMinutes: [],
    verdicts: 0,
    correctVerdicts: 0,
    confusion: {},
    misses: [],
    falses: [],
  };
  for (const t of truth.episodes) {
    const matches = detected.filter(
      (d) =>
        d.kind === t.kind &&
        d.component === t.component &&
        d.start <= t.end + MATCH_AFTER_MS &&
        (d.end ?? Number.POSITIVE_INFINITY) >= t.start - MATCH_BEFORE_MS,
    );
    if (matches.length === 0) {
      score.misses.push(`${t.kind} ${t.component} ${new Date(t.start).toISOString()} (${t.label})`);
      continue;
    }
    score.matchedEpisodes++;
    for (const m of matches) used.add(m);
    if (t.kind === "maintenance") continue;
    const first = matches[0]!;
    const ttd = Math.max(0, first.start - t.start) / MIN;
    score.ttdMinutes.push(ttd);
    // Family bounds (regional ≤ 10 min, sharp waves ≤ 5 min) and the provinces a regional outage must name.
    if (t.maxTtdMinutes !== undefined && ttd > t.maxTtdMinutes)
      score.misses.push(`${t.label}: detected after ${ttd.toFixed(1)} min (bound ${t.maxTtdMinutes})`);
    if (
      t.regions &&
      !(
        first.regions &&
        t.regions.every((r) => first.regions!.includes(r)) &&
        first.regions.length <= t.regions.length + 1
      )
    )
      score.misses.push(`${t.label}: detected as ${first.regions ? first.regions.join("+") : "national"}`);
    if (t.targetFrom !== null) score.targetTtdMinutes.push(Math.max(0, first.start - t.targetFrom) / MIN);
    // A second detection of the same episode means it flapped: count it against precision.
    for (const extra of matches.slice(1)) {
      score.falseEpisodes++;
      score.falses.push(`${extra.kind} ${extra.component} ${new Date(extra.start).toISOString()} (repeat detection)`);
    }
  }
  for (const d of detected) {
    if (used.has(d)) continue;
    score.falseEpisodes++;
    score.falses.push(`${d.kind} ${d.component} ${new Date(d.start).toISOString()}`);
  }

  for (const line of output) {
    if (line.type !== "verdict") continue;
    const expected = truth.verdicts.get(line.report);
    if (!expected) continue;
    score.verdicts++;
    if (expected === line.verdict) score.correctVerdicts++;
    else {
      const key = `${expected}→${line.verdict}`;
      score.confusion[key] = (score.confusion[key] ?? 0) + 1;
    }
  }
  return score;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * How long after each true outage ended its detection resolved (minutes; null
 * when it was never detected or is still open), for the outages of a replay.
 */
export function resolveLags(
  output: readonly ReplayLine[],
  truth: { episodes: readonly TruthEpisode[] },
): Array<{ label: string; lagMinutes: number | null }> {
  const detected = output
    .filter((l): l is Extract<ReplayLine, { type: "episode" }> => l.type === "episode" && l.kind === "outage")
    .map((l) => ({
      component: l.component,
      start: Date.parse(l.started_at),
      end: l.resolved_at ? Date.parse(l.resolved_at) : null,
    }))
    .sort((a, b) => a.start - b.start);
  return truth.episodes
    .filter((t) => t.kind === "outage")
    .map((t) => {
      const match = detected.find(
        (d) =>
          d.component === t.component &&
          d.start <= t.end + MATCH_AFTER_MS &&
          (d.end ?? Number.POSITIVE_INFINITY) >= t.start - MATCH_BEFORE_MS,
      );
      return { label: t.label, lagMinutes: match?.end != null ? (match.end - t.end) / MIN : null };
    });
}
