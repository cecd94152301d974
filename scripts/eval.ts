/**
 * npm run eval [-- --seeds 1,2,3] [--family NAME,…] [--out DIR] [--verbose]
 *               [--volume X] [--days N] [--probe-interval SECONDS] [--no-regions]   (stress variants)
 * Generates every scenario family for several seeds, replays each through the
 * detector (the same Replay the replay command uses), and prints per scenario
 * and overall: episode recall, false episodes and precision, time to detect
 * (median, max), verdict accuracy. Exits 1 when a target is missed, so CI can
 * run it. --out also writes each scenario as NDJSON plus its truth.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Replay, type ReplayLine } from "../src/detection/replay";
import { FAMILIES, type Family, type GenerateOptions, generateScenario, type Scenario } from "./scenarios/generate";
import { median, resolveLags, type ScenarioScore, scoreReplay } from "./scenarios/score";

/** Every family, always: the backtest fails when any of them misses a target. */
const DEFAULT_FAMILIES: Family[] = [...FAMILIES];

const TARGETS = { recall: 1, falseEpisodes: 0, ttdMedianMinutes: 2, ttdMaxMinutes: 6, verdictAccuracy: 0.98 };

function parseArgs(argv: string[]) {
  const args = {
    seeds: [1, 2, 3],
    families: DEFAULT_FAMILIES,
    out: null as string | null,
    verbose: false,
    options: {} as GenerateOptions,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--seeds") args.seeds = argv[++i]!.split(",").map(Number);
    else if (a === "--family") args.families = argv[++i]!.split(",") as Family[];
    else if (a === "--out") args.out = argv[++i]!;
    else if (a === "--verbose" || a === "-v") args.verbose = true;
    else if (a === "--volume") args.options.volume = Number(argv[++i]);
    else if (a === "--days") args.options.days = Number(argv[++i]);
    else if (a === "--no-regions") args.options.noRegions = true;
    else if (a === "--probe-interval") args.options.probeIntervalMs = Number(argv[++i]) * 1000;
  }
  return args;
}

function replay(scenario: Scenario, withRecoveries = true): { output: ReplayLine[]; ms: number } {
  const started = performance.now();
  const r = new Replay();
  const output: ReplayLine[] = [];
  for (const line of scenario.lines) if (withRecoveries || line.type !== "recovery") output.push(...r.push(line));
  output.push(...r.finish());
  return { output, ms: performance.now() - started };
}

function writeScenario(dir: string, scenario: Scenario): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, ".gitignore"), "*\n");
  const base = join(dir, scenario.name.replace("#", "-"));
  writeFileSync(`${base}.ndjson`, `${scenario.lines.map((l) => JSON.stringify(l)).join("\n")}\n`);
  writeFileSync(
    `${base}.truth.json`,
    JSON.stringify(
      { episodes: scenario.truth.episodes, verdicts: Object.fromEntries(scenario.truth.verdicts) },
      null,
      1,
    ),
  );
}

const fmt = (x: number | null, digits = 1) => (x === null ? "-" : x.toFixed(digits));

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const all: ScenarioScore[] = [];
  /** Per family: its scores, for the summary at the end. */
  const byFamily = new Map<string, { scores: ScenarioScore[]; missed: number }>();
  let failed = 0;
  /** Scenarios with "it works again" events, replayed with and without them. */
  const recoveryRows: string[] = [];
  /** Per family: lags with and without the recovery events. */
  const lags = new Map<string, { with: number[]; without: number[] }>();
  let closedEarly = 0;
  console.log(
    [
      "scenario".padEnd(22),
      "events",
      "replay",
      "recall",
      "false",
      "prec.",
      "ttd med/max",
      "target med/max",
      "verdicts",
    ].join("  "),
  );
  for (const family of args.families) {
    for (const seed of args.seeds) {
      const scenario = generateScenario(family, seed, args.options);
      if (args.out) writeScenario(args.out, scenario);
      const { output, ms } = replay(scenario);
      const s = scoreReplay(output, scenario.truth);
      all.push(s);
      const recall = s.truthEpisodes ? s.matchedEpisodes / s.truthEpisodes : 1;
      const precision = s.detectedEpisodes ? (s.detectedEpisodes - s.falseEpisodes) / s.detectedEpisodes : 1;
      const accuracy = s.verdicts ? s.correctVerdicts / s.verdicts : 1;
      let early = 0;
      if (scenario.lines.some((l) => l.type === "recovery")) {
        const resolved = resolveLags(output, scenario.truth);
        const without = replay(scenario, false).output;
        const resolvedBefore = resolveLags(without, scenario.truth);
        const sWithout = scoreReplay(without, scenario.truth);
        // Recoveries must never close an outage before it is over.
        early = resolved.filter((l) => l.lagMinutes !== null && l.lagMinutes < 0).length;
        closedEarly += early;
        resolved.forEach((l, i) => {
          const before = resolvedBefore[i]?.lagMinutes ?? null;
          const pooled = lags.get(family) ?? { with: [], without: [] };
          lags.set(family, pooled);
          if (l.lagMinutes !== null) pooled.with.push(l.lagMinutes);
          if (before !== null) pooled.without.push(before);
          recoveryRows.push(
            [
              scenario.name.padEnd(22),
              `resolved ${fmt(l.lagMinutes)} min after the true end (without recoveries ${fmt(before)})`.padEnd(62),
              `verdicts ${fmt(s.verdicts ? s.correctVerdicts / s.verdicts : 1, 4)} (${fmt(sWithout.verdicts ? sWithout.correctVerdicts / sWithout.verdicts : 1, 4)})`,
              ` ${l.label}`,
            ].join("  "),
          );
        });
      }
      const ok = meets(s) && early === 0;
      if (!ok) failed++;
      const fam = byFamily.get(family) ?? { scores: [], missed: 0 };
      byFamily.set(family, fam);
      fam.scores.push(s);
      if (!ok) fam.missed++;
      console.log(
        [
          scenario.name.padEnd(22),
          String(scenario.lines.length).padStart(6),
          `${(ms / 1000).toFixed(1)}s`.padStart(6),
          fmt(recall, 2).padStart(6),
          String(s.falseEpisodes).padStart(5),
          fmt(precision, 2).padStart(5),
          `${fmt(median(s.ttdMinutes))}/${fmt(s.ttdMinutes.length ? Math.max(...s.ttdMinutes) : null)}`.padStart(11),
          `${fmt(median(s.targetTtdMinutes))}/${fmt(s.targetTtdMinutes.length ? Math.max(...s.targetTtdMinutes) : null)}`.padStart(
            14,
          ),
          fmt(accuracy, 4).padStart(8),
          ok ? "" : "  MISSED",
        ].join("  "),
      );
      if (args.verbose || !ok) {
        for (const m of s.misses) console.log(`    missed: ${m}`);
        for (const f of s.falses) console.log(`    false:  ${f}`);
        const errs = Object.entries(s.confusion).sort((a, b) => b[1] - a[1]);
        if (errs.length) console.log(`    wrong verdicts: ${errs.map(([k, n]) => `${k} ${n}`).join(", ")}`);
      }
    }
  }

  const truthEpisodes = sum(all.map((s) => s.truthEpisodes));
  const matched = sum(all.map((s) => s.matchedEpisodes));
  const detected = sum(all.map((s) => s.detectedEpisodes));
  const falses = sum(all.map((s) => s.falseEpisodes));
  const ttd = all.flatMap((s) => s.ttdMinutes);
  const target = all.flatMap((s) => s.targetTtdMinutes);
  const verdicts = sum(all.map((s) => s.verdicts));
  const correct = sum(all.map((s) => s.correctVerdicts));
  const overall: ScenarioScore = {
    truthEpisodes,
    matchedEpisodes: matched,
    detectedEpisodes: detected,
    falseEpisodes: falses,
    ttdMinutes: ttd,
    targetTtdMinutes: target,
    verdicts,
    correctVerdicts: correct,
    confusion: {},
    misses: [],
    falses: [],
  };
  const overallOk = meets(overall);
  if (recoveryRows.length) {
    console.log("");
    console.log('"it works again": scenarios with recovery events, replayed with them and (in brackets) without');
    for (const row of recoveryRows) console.log(`  ${row}`);
    const max = (xs: number[]) => (xs.length ? Math.max(...xs) : null);
    for (const [family, pooled] of lags) {
      console.log(
        `  ${family.padEnd(16)} resolve lag median ${fmt(median(pooled.with))} min with recoveries, ${fmt(median(pooled.without))} min without (max ${fmt(max(pooled.with))} / ${fmt(max(pooled.without))})`,
      );
    }
    console.log(`  closed before the true end: ${closedEarly}`);
  }
  console.log("");
  console.log("per family:");
  for (const [family, { scores, missed }] of byFamily) {
    const t = sum(scores.map((s) => s.truthEpisodes));
    const m = sum(scores.map((s) => s.matchedEpisodes));
    const f = sum(scores.map((s) => s.falseEpisodes));
    const ttdAll = scores.flatMap((s) => s.ttdMinutes);
    const v = sum(scores.map((s) => s.verdicts));
    const c = sum(scores.map((s) => s.correctVerdicts));
    console.log(
      `  ${family.padEnd(16)} recall ${m}/${t}  false ${f}  ttd median ${fmt(median(ttdAll))} max ${fmt(ttdAll.length ? Math.max(...ttdAll) : null)} min  verdicts ${fmt(v ? c / v : 1, 4)}${missed ? `  MISSED ${missed}` : ""}`,
    );
  }
  console.log("");
  console.log(`overall: ${all.length} scenarios, ${failed} missing a target`);
  console.log(
    `  episode recall     ${matched}/${truthEpisodes} = ${fmt(truthEpisodes ? matched / truthEpisodes : 1, 3)}`,
  );
  console.log(
    `  false episodes     ${falses} (precision ${fmt(detected ? (detected - falses) / detected : 1, 3)} of ${detected} detected)`,
  );
  console.log(
    `  time to detect     median ${fmt(median(ttd))} min, max ${fmt(ttd.length ? Math.max(...ttd) : null)} min (all detected outages and waves)`,
  );
  console.log(
    `  … target outages   median ${fmt(median(target))} min, max ${fmt(target.length ? Math.max(...target) : null)} min (≥ 8 reporters/min or all probes failing; targets ≤ ${TARGETS.ttdMedianMinutes} / ≤ ${TARGETS.ttdMaxMinutes})`,
  );
  console.log(
    `  verdict accuracy   ${correct}/${verdicts} = ${fmt(verdicts ? correct / verdicts : 1, 4)} (target ≥ ${TARGETS.verdictAccuracy})`,
  );
  console.log(overallOk && failed === 0 ? "all targets met" : "TARGETS MISSED");
  process.exit(overallOk && failed === 0 ? 0 : 1);
}

/** Targets per scenario; the time-to-detect median is judged on the pooled set (one outage has no median). */
function meets(s: ScenarioScore): boolean {
  const recall = s.truthEpisodes ? s.matchedEpisodes / s.truthEpisodes : 1;
  const accuracy = s.verdicts ? s.correctVerdicts / s.verdicts : 1;
  const med = median(s.targetTtdMinutes);
  const max = s.targetTtdMinutes.length ? Math.max(...s.targetTtdMinutes) : 0;
  return (
    s.misses.length === 0 &&
    recall >= TARGETS.recall &&
    s.falseEpisodes <= TARGETS.falseEpisodes &&
    (med === null || med <= TARGETS.ttdMedianMinutes || s.targetTtdMinutes.length < 3) &&
    max <= TARGETS.ttdMaxMinutes &&
    accuracy >= TARGETS.verdictAccuracy
  );
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

main();
