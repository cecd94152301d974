/**
 * Scenario generator with ground truth. Every scenario is a quiet background
 * (day/night rhythm, individual account and merchant problems, a few genuine
 * technical complaints, occasional repeats) plus one family's event. Sizes,
 * times, components, regions and probe set-ups are drawn from the seed, so
 * new seeds give unseen scenarios of the same family.
 *
 * Ground truth for verdicts: a report gets `maintenance` inside a declared
 * window of its component, else `outage` inside a true outage window of its
 * component, else `account_wave` inside a true wave window of its component,
 * else `individual` for account/merchant symptoms and `unconfirmed` for
 * technical/other ones (the precedence of src/domain/verdict-kind.ts).
 */

import type { ScenarioLine } from "../../src/detection/replay";
import { BUILT_IN_SYMPTOM_CLASSES, type Symptom, type SymptomClass, type VerdictKind } from "../../src/domain/symptoms";
import { verdictKind } from "../../src/domain/verdict-kind";
import { Rng } from "./prng";

export const FAMILIES = [
  "quiet",
  "sharp-outage",
  "regional-crowd",
  "probe-night",
  "flapping-probe",
  "maintenance",
  "spam",
  "account-wave",
  "slow-ramp",
  "history-outage",
  // With "it works again" events (issue 14); appended, so the families above draw exactly what they drew before.
  "outage-recovery",
  "recovery-strong",
  // Issue 15: provinces, sharp policy changes and merchant restrictions; appended, so the families above draw as before.
  "regional-one",
  "regional-two",
  "sharp-wave",
  "slow-wave",
  "merchant-wave",
  "festival-skew",
  "province-spam",
  "small-service",
] as const;
export type Family = (typeof FAMILIES)[number];

export interface TruthEpisode {
  kind: "outage" | "account_wave" | "merchant_restriction" | "maintenance";
  component: string;
  start: number;
  end: number;
  /** The time-to-detect target (≤ 2 min median, ≤ 6 min max) applies from this instant; null: no target. */
  targetFrom: number | null;
  label: string;
  /** A regional outage: only reporters in these provinces are in it (verdicts), and the replay must name them. */
  regions?: string[];
  /** Family-specific bound on the time to detect from `start` (minutes), judged on its own. */
  maxTtdMinutes?: number;
}

export interface Scenario {
  name: string;
  family: Family;
  seed: number;
  lines: ScenarioLine[];
  truth: { episodes: TruthEpisode[]; verdicts: Map<string, VerdictKind> };
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** China Standard Time is UTC+8 all year. */
const CST = 8 * HOUR;

const COMPONENTS = ["online-pay", "offline-pay", "repayment", "credit-account", "app-login"] as const;
const COMPONENT_NAMES: Record<string, string> = {
  "online-pay": "线上支付",
  "offline-pay": "线下扫码支付",
  repayment: "还款",
  "credit-account": "额度与账单",
  "app-login": "登录与App",
};
const LOCATIONS = ["probe-hz", "probe-sh", "probe-bj", "probe-sz", "probe-cd", "probe-wh"];

/** Rough population weights, so reporters come from where people live (the detector bench draws from them too). */
export const REGION_WEIGHTS: Record<string, number> = {
  GD: 12.6,
  SD: 10.2,
  HA: 9.9,
  JS: 8.5,
  SC: 8.4,
  HE: 7.5,
  HN: 6.6,
  ZJ: 6.5,
  AH: 6.1,
  HB: 5.8,
  GX: 5,
  YN: 4.7,
  JX: 4.5,
  LN: 4.3,
  FJ: 4.1,
  SN: 4,
  GZ: 3.9,
  SX: 3.5,
  CQ: 3.2,
  HL: 3.2,
  XJ: 2.6,
  GS: 2.5,
  SH: 2.5,
  NM: 2.4,
  JL: 2.4,
  BJ: 2.2,
  TJ: 1.4,
  HI: 1,
  NX: 0.7,
  QH: 0.6,
  HK: 0.7,
  XZ: 0.4,
  TW: 0.2,
  MO: 0.07,
};
/** Neighbouring groups for regional outages. */
const REGION_GROUPS = [
  ["GD", "GX", "HI"],
  ["SH", "JS", "ZJ"],
  ["BJ", "TJ", "HE"],
  ["SC", "CQ"],
  ["HB", "HN"],
  ["FJ"],
  ["SD"],
  ["LN", "JL", "HL"],
];

/** Relative report volume per local hour (Beijing), interpolated; normalised to mean 1 below. */
const HOURLY = [
  0.25, 0.12, 0.07, 0.05, 0.05, 0.07, 0.15, 0.35, 0.6, 0.8, 0.9, 1.0, 1.2, 1.0, 0.9, 0.9, 0.95, 1.0, 1.1, 1.3, 1.45,
  1.4, 1.1, 0.6,
];
const HOURLY_MEAN = HOURLY.reduce((a, b) => a + b, 0) / 24;

const SYMPTOMS_BY_CLASS: Record<SymptomClass, Symptom[]> = {
  technical: ["cannot_load", "system_busy", "payment_failed"],
  account: ["limit_reduced", "account_frozen", "risk_warning", "overdue", "not_eligible"],
  merchant: ["merchant_unsupported"],
  other: ["other"],
};

type ClassMix = Record<SymptomClass, number>;
const OUTAGE_MIX: ClassMix = { technical: 0.85, account: 0.07, merchant: 0.03, other: 0.05 };

interface Burst {
  component: string;
  from: number;
  to: number;
  /** Distinct new reporters per minute at time t. */
  rate: (t: number) => number;
  mix: ClassMix;
  regions: Record<string, number>;
  symptoms?: Partial<Record<SymptomClass, Symptom[]>>;
}

interface ProbeFailure {
  component: string;
  locations: string[] | "all";
  from: number;
  to: number;
  failProbability: number;
}

interface Setup {
  rng: Rng;
  start: number;
  end: number;
  dailyReports: number;
  componentWeight: Record<string, number>;
  mix: ClassMix;
  probed: string[];
  locations: string[];
  probeIntervalMs: number;
}

function localHour(t: number): number {
  return ((((t + CST) % DAY) + DAY) % DAY) / HOUR;
}

function diurnal(t: number): number {
  const h = localHour(t);
  const i = Math.floor(h);
  const frac = h - i;
  return (HOURLY[i]! * (1 - frac) + HOURLY[(i + 1) % 24]! * frac) / HOURLY_MEAN;
}

/** The next instant at or after t whose Beijing local hour is within [fromHour, toHour). */
function atLocalHour(rng: Rng, dayStart: number, fromHour: number, toHour: number): number {
  const localMidnight = Math.floor((dayStart + CST) / DAY) * DAY - CST;
  let t = localMidnight + rng.uniform(fromHour, toHour) * HOUR;
  while (t < dayStart) t += DAY;
  return Math.floor(t / 1000) * 1000;
}

/** People saying "it works again" on a component: distinct people per minute at time t. */
interface RecoveryWave {
  component: string;
  from: number;
  to: number;
  rate: (t: number) => number;
}

/** Knobs for stress runs beyond the default ranges (eval --volume, --days, --probe-interval). */
export interface GenerateOptions {
  /** Multiplies the background report volume. */
  volume?: number;
  /** Scenario length in days (history-outage always keeps 8). */
  days?: number;
  probeIntervalMs?: number;
  /** Nobody gives a region. */
  noRegions?: boolean;
}

export function generateScenario(family: Family, seed: number, options: GenerateOptions = {}): Scenario {
  const rng = new Rng(seed * 7919 + FAMILIES.indexOf(family) * 104729);
  const drawnDays = family === "quiet" || family === "history-outage" ? 8 : rng.int(2, 4);
  const days = family === "history-outage" ? 8 : (options.days ?? drawnDays);
  const start = Date.UTC(2026, 0, 5) + rng.int(0, 280) * DAY + rng.int(0, 23) * HOUR;
  const setup: Setup = {
    rng,
    start,
    end: start + days * DAY,
    dailyReports:
      rng.uniform(1500, days >= 8 ? 5000 : 8000) * (options.volume ?? 1) * (family === "small-service" ? 1 / 7 : 1),
    componentWeight: {
      "online-pay": 0.35 * rng.uniform(0.7, 1.3),
      "offline-pay": 0.25 * rng.uniform(0.7, 1.3),
      repayment: 0.12 * rng.uniform(0.7, 1.3),
      "credit-account": 0.18 * rng.uniform(0.7, 1.3),
      "app-login": 0.1 * rng.uniform(0.7, 1.3),
    },
    mix: (() => {
      const account = rng.uniform(0.4, 0.6);
      const technical = rng.uniform(0.12, 0.25);
      const merchant = rng.uniform(0.1, 0.2);
      return { account, technical, merchant, other: Math.max(0.02, 1 - account - technical - merchant) };
    })(),
    probed: shuffled(rng, [...COMPONENTS]).slice(0, days >= 8 ? 1 : rng.int(1, 2)),
    locations: shuffled(rng, LOCATIONS).slice(0, rng.int(3, 5)),
    probeIntervalMs: options.probeIntervalMs ?? rng.pick([60_000, 60_000, 60_000, 30_000, 120_000]),
  };

  const bursts: Burst[] = [];
  const failures: ProbeFailure[] = [];
  const maintenances: Array<{ id: string; components: string[]; from: number; to: number }> = [];
  const truth: TruthEpisode[] = [];
  const recoveryWaves: RecoveryWave[] = [];
  /** Single recoveries at fixed instants (a few people during an outage). */
  const recoveryAt: Array<{ component: string; at: number }> = [];
  const spam: Array<{
    reporter: string;
    /** One network for all of it; with `rotating`, every report is a new browser (a new User-Agent). */
    network?: string;
    rotating?: boolean;
    component: string;
    count: number;
    from: number;
    to: number;
    region: string | null;
    /** Every report names `region` (else 30 % name a random one). */
    fixedRegion?: boolean;
  }> = [];
  // The event may fall on the first day too (young baseline), never less than 2 h in, and ends before the last day does.
  const dayIndex = rng.int(0, Math.max(0, days - 2));
  const anomalyDay = dayIndex === 0 ? start + 2 * HOUR : start + dayIndex * DAY;
  /** A legitimate surge of the background (festival-skew): factor and skewed province weights while it lasts. */
  let surge: { from: number; to: number; factor: number; regions: Record<string, number> } | null = null;
  /** Expected technical reporters per minute of a component at t (the background's own). */
  const technicalRate = (component: string, t: number) =>
    (setup.dailyReports / (24 * 60)) * diurnal(t) * setup.componentWeight[component]! * setup.mix.technical;

  switch (family) {
    case "quiet":
      break;
    case "sharp-outage": {
      const component = rng.chance(0.7) ? rng.pick(setup.probed) : rng.pick(COMPONENTS);
      const from = atLocalHour(rng, anomalyDay, 0, 24);
      const to = from + rng.int(20, 90) * MIN;
      const peak = rng.uniform(8, 40);
      bursts.push({ component, from, to, rate: () => peak, mix: OUTAGE_MIX, regions: REGION_WEIGHTS });
      if (setup.probed.includes(component) && rng.chance(0.7))
        failures.push({ component, locations: "all", from, to, failProbability: 0.97 });
      truth.push({
        kind: "outage",
        component,
        start: from,
        end: to,
        targetFrom: from,
        label: `sharp ${peak.toFixed(0)}/min`,
      });
      break;
    }
    case "regional-crowd": {
      const component = rng.pick(COMPONENTS);
      const from = atLocalHour(rng, anomalyDay, 8, 23);
      const to = from + rng.int(30, 120) * MIN;
      const peak = rng.uniform(3, 12);
      const ramp = rng.uniform(1, 5) * MIN;
      const group = rng.pick(REGION_GROUPS);
      const regions = Object.fromEntries(group.map((r) => [r, REGION_WEIGHTS[r]!]));
      bursts.push({
        component,
        from,
        to,
        rate: (t) => peak * Math.min(1, (t - from) / ramp),
        mix: OUTAGE_MIX,
        regions,
      });
      const reaches8 = peak >= 8 ? from + ramp * (8 / peak) : null;
      truth.push({
        kind: "outage",
        component,
        start: from,
        end: to,
        targetFrom: reaches8,
        label: `regional ${group.join("+")} ${peak.toFixed(1)}/min`,
      });
      break;
    }
    case "probe-night": {
      const component = rng.pick(setup.probed);
      const from = atLocalHour(rng, anomalyDay, 1, 5);
      const to = from + rng.int(15, 60) * MIN;
      failures.push({ component, locations: "all", from, to, failProbability: 1 });
      truth.push({ kind: "outage", component, start: from, end: to, targetFrom: from, label: "probes only, night" });
      break;
    }
    case "flapping-probe": {
      const component = rng.pick(setup.probed);
      const from = start + rng.uniform(2, 24) * HOUR;
      const to = Math.min(setup.end, from + rng.uniform(3, 30) * HOUR);
      failures.push({
        component,
        locations: [rng.pick(setup.locations)],
        from,
        to,
        failProbability: rng.uniform(0.3, 0.7),
      });
      break;
    }
    case "maintenance": {
      const component = rng.chance(0.7) ? rng.pick(setup.probed) : rng.pick(COMPONENTS);
      const components = rng.chance(0.3) ? [...new Set([component, rng.pick(COMPONENTS)])] : [component];
      const from = Math.round(atLocalHour(rng, anomalyDay, 0, 4) / (30 * MIN)) * 30 * MIN;
      const to = from + rng.int(2, 6) * 30 * MIN;
      maintenances.push({ id: `m${seed}`, components, from, to });
      const rate = rng.uniform(3, 20);
      const tau = rng.uniform(3, 10) * MIN;
      for (const c of components) {
        bursts.push({ component: c, from, to, rate: () => rate, mix: OUTAGE_MIX, regions: REGION_WEIGHTS });
        // Stragglers report after the window closes, fewer and fewer.
        bursts.push({
          component: c,
          from: to,
          to: to + 40 * MIN,
          rate: (t) => rate * 0.6 * Math.exp(-(t - to) / tau),
          mix: OUTAGE_MIX,
          regions: REGION_WEIGHTS,
        });
        if (setup.probed.includes(c))
          failures.push({ component: c, locations: "all", from, to: to + rng.uniform(0, 3) * MIN, failProbability: 1 });
        truth.push({
          kind: "maintenance",
          component: c,
          start: from,
          end: to,
          targetFrom: null,
          label: "declared maintenance",
        });
      }
      break;
    }
    case "spam": {
      const component = rng.pick(COMPONENTS);
      const night = rng.chance(0.5);
      const from = atLocalHour(rng, anomalyDay, night ? 1 : 9, night ? 5 : 21);
      const region = () => (rng.chance(0.8) ? rng.weighted(REGION_WEIGHTS) : null);
      spam.push({
        reporter: `spam-${seed}-solo`,
        component,
        count: 600,
        from,
        to: from + rng.int(10, 180) * MIN,
        region: region(),
      });
      // One network rotating its User-Agent: 300 "reporters" that are one client.
      const fromUa = from + rng.int(-60, 60) * MIN;
      spam.push({
        reporter: `spam-${seed}-ua`,
        network: `spam-${seed}-network`,
        rotating: true,
        component,
        count: 300,
        from: fromUa,
        to: fromUa + rng.int(5, 60) * MIN,
        region: region(),
      });
      const from4 = from + rng.int(-60, 60) * MIN;
      for (let i = 0; i < 4; i++) {
        spam.push({
          reporter: `spam-${seed}-${i}`,
          component,
          count: 60,
          from: from4,
          to: from4 + rng.int(10, 90) * MIN,
          region: region(),
        });
      }
      break;
    }
    case "account-wave": {
      const component = rng.pick(["credit-account", "online-pay", "offline-pay"]);
      const from = atLocalHour(rng, anomalyDay, 7, 20);
      const to = from + rng.uniform(2, 6) * HOUR;
      const peak = rng.uniform(3, 15);
      const ramp = rng.uniform(5, 20) * MIN;
      const accountShare = rng.uniform(0.85, 0.97);
      bursts.push({
        component,
        from,
        to,
        rate: (t) => peak * Math.min(1, (t - from) / ramp),
        mix: { account: accountShare, technical: 1 - accountShare, merchant: 0, other: 0 },
        regions: REGION_WEIGHTS,
        symptoms: { account: ["limit_reduced", "account_frozen", "risk_warning"], technical: ["payment_failed"] },
      });
      truth.push({
        kind: "account_wave",
        component,
        start: from,
        end: to,
        targetFrom: null,
        label: `wave ${peak.toFixed(1)}/min`,
      });
      break;
    }
    case "slow-ramp": {
      const component = rng.pick(COMPONENTS);
      const from = atLocalHour(rng, anomalyDay, 0, 24);
      const ramp = 20 * MIN;
      const to = from + ramp + rng.int(20, 60) * MIN;
      const peak = rng.uniform(10, 30);
      bursts.push({
        component,
        from,
        to,
        rate: (t) => peak * Math.min(1, (t - from) / ramp),
        mix: OUTAGE_MIX,
        regions: REGION_WEIGHTS,
      });
      truth.push({
        kind: "outage",
        component,
        start: from,
        end: to,
        targetFrom: from + ramp * (8 / peak),
        label: `20-min ramp to ${peak.toFixed(0)}/min`,
      });
      break;
    }
    case "history-outage": {
      const component = rng.pick(COMPONENTS);
      const from = start + Math.round(rng.uniform(3, 22) * 60) * MIN;
      const to = from + rng.int(45, 120) * MIN;
      const peak = rng.uniform(15, 40);
      bursts.push({ component, from, to, rate: () => peak, mix: OUTAGE_MIX, regions: REGION_WEIGHTS });
      truth.push({
        kind: "outage",
        component,
        start: from,
        end: to,
        targetFrom: from,
        label: `history outage ${peak.toFixed(0)}/min`,
      });
      // The same slot of the next week: a poisoned baseline would hide this smaller one.
      const from2 = from + 7 * DAY + rng.int(-5, 5) * MIN;
      const to2 = from2 + rng.int(20, 40) * MIN;
      const peak2 = rng.uniform(8, 12);
      bursts.push({ component, from: from2, to: to2, rate: () => peak2, mix: OUTAGE_MIX, regions: REGION_WEIGHTS });
      truth.push({
        kind: "outage",
        component,
        start: from2,
        end: to2,
        targetFrom: from2,
        label: `same slot a week later ${peak2.toFixed(0)}/min`,
      });
      break;
    }
    case "outage-recovery": {
      // A crowd outage (with failing probes half the time on a probed component), and as it ends people
      // say it works again: a share of the outage's rate at first, fading over the next half hour.
      const component = rng.chance(0.5) ? rng.pick(setup.probed) : rng.pick(COMPONENTS);
      const from = atLocalHour(rng, anomalyDay, 0, 24);
      const to = from + rng.int(20, 90) * MIN;
      const peak = rng.uniform(8, 40);
      bursts.push({ component, from, to, rate: () => peak, mix: OUTAGE_MIX, regions: REGION_WEIGHTS });
      if (setup.probed.includes(component) && rng.chance(0.5))
        failures.push({ component, locations: "all", from, to, failProbability: 0.97 });
      const share = rng.uniform(0.2, 0.5);
      const tau = rng.uniform(5, 15) * MIN;
      recoveryWaves.push({
        component,
        from: to,
        to: to + 30 * MIN,
        rate: (t) => peak * share * Math.exp(-(t - to) / tau),
      });
      truth.push({
        kind: "outage",
        component,
        start: from,
        end: to,
        targetFrom: from,
        label: `outage ${peak.toFixed(0)}/min, then ${(peak * share).toFixed(1)}/min say it works`,
      });
      break;
    }
    case "recovery-strong": {
      // A strong outage during which a few people (2–4) say it works again: it must stay open.
      const component = rng.pick(COMPONENTS);
      const from = atLocalHour(rng, anomalyDay, 0, 24);
      const to = from + rng.int(45, 90) * MIN;
      const peak = rng.uniform(15, 40);
      bursts.push({ component, from, to, rate: () => peak, mix: OUTAGE_MIX, regions: REGION_WEIGHTS });
      const few = rng.int(2, 4);
      const around = from + rng.uniform(15, 30) * MIN;
      for (let i = 0; i < few; i++) recoveryAt.push({ component, at: Math.floor(around + rng.uniform(0, 5) * MIN) });
      truth.push({
        kind: "outage",
        component,
        start: from,
        end: to,
        targetFrom: from,
        label: `strong ${peak.toFixed(0)}/min, ${few} say it works`,
      });
      break;
    }
    case "regional-one":
    case "regional-two": {
      // One province (or two neighbours): reports only from there, far above its own level but about twice the
      // component's national technical level, probes green, lasting about an hour and a half.
      const component = rng.pick(COMPONENTS);
      const from = atLocalHour(rng, anomalyDay, 9, 21);
      const to = from + rng.int(75, 105) * MIN;
      const pairs = [
        ["GD", "GX"],
        ["JS", "ZJ"],
        ["SC", "CQ"],
        ["HB", "HN"],
        ["BJ", "HE"],
        ["SD", "HA"],
      ];
      const provinces =
        family === "regional-one" ? [rng.pick(["GD", "SD", "HA", "JS", "SC", "ZJ", "HB", "FJ"])] : rng.pick(pairs);
      const factor = rng.uniform(1, 1.5);
      // At least 2 reports a minute: below that a province gets about one technical reporter a minute, and the
      // test cannot tell it from chance within 10 minutes at its false-alarm budget (docs/detection.md).
      const peak = Math.max(2, factor * technicalRate(component, from));
      const ramp = rng.uniform(1, 3) * MIN;
      bursts.push({
        component,
        from,
        to,
        rate: (t) => peak * Math.min(1, (t - from) / ramp),
        mix: OUTAGE_MIX,
        regions: Object.fromEntries(provinces.map((r) => [r, REGION_WEIGHTS[r]!])),
      });
      truth.push({
        kind: "outage",
        component,
        start: from,
        end: to,
        targetFrom: null,
        regions: provinces,
        maxTtdMinutes: 10,
        label: `regional ${provinces.join("+")} ${peak.toFixed(1)}/min (national technical ${technicalRate(component, from).toFixed(2)}/min)`,
      });
      break;
    }
    case "sharp-wave":
    case "slow-wave": {
      // A policy change: account restrictions rising within a few minutes (sharp) or over half an hour or more (slow).
      const component = rng.pick(["credit-account", "online-pay", "offline-pay"]);
      const from = atLocalHour(rng, anomalyDay, 8, 20);
      const to = from + rng.uniform(2, 5) * HOUR;
      const sharp = family === "sharp-wave";
      const peak = sharp ? rng.uniform(8, 20) : rng.uniform(4, 12);
      const ramp = (sharp ? rng.uniform(1, 4) : rng.uniform(30, 60)) * MIN;
      bursts.push({
        component,
        from,
        to,
        rate: (t) => peak * Math.min(1, (t - from) / ramp),
        mix: { account: 0.92, technical: 0.08, merchant: 0, other: 0 },
        regions: REGION_WEIGHTS,
        symptoms: { account: ["limit_reduced", "account_frozen", "risk_warning"], technical: ["payment_failed"] },
      });
      truth.push({
        kind: "account_wave",
        component,
        start: from,
        end: to,
        targetFrom: null,
        ...(sharp ? { maxTtdMinutes: 5 } : {}),
        label: `${sharp ? "sharp" : "slow"} wave ${peak.toFixed(1)}/min, ramp ${(ramp / MIN).toFixed(0)} min`,
      });
      break;
    }
    case "merchant-wave": {
      // The service stops supporting some merchants or categories: "merchant not supported" from everywhere.
      const component = rng.pick(["online-pay", "offline-pay"]);
      const from = atLocalHour(rng, anomalyDay, 8, 20);
      const to = from + rng.uniform(2, 5) * HOUR;
      const peak = rng.uniform(5, 15);
      const ramp = rng.uniform(2, 20) * MIN;
      bursts.push({
        component,
        from,
        to,
        rate: (t) => peak * Math.min(1, (t - from) / ramp),
        mix: { merchant: 0.9, technical: 0.05, account: 0.05, other: 0 },
        regions: REGION_WEIGHTS,
        symptoms: { technical: ["payment_failed"] },
      });
      truth.push({
        kind: "merchant_restriction",
        component,
        start: from,
        end: to,
        targetFrom: null,
        label: `merchant restriction ${peak.toFixed(1)}/min`,
      });
      break;
    }
    case "festival-skew": {
      // A festival evening: everything about twice as busy for hours, the mix unchanged, one province busier still.
      const from = atLocalHour(rng, anomalyDay, 17, 19);
      const province = rng.pick(["GD", "ZJ", "JS", "SH", "SC"]);
      const skew = rng.uniform(1.3, 1.6);
      surge = {
        from,
        to: from + rng.uniform(3, 5) * HOUR,
        factor: rng.uniform(1.8, 2.3),
        regions: { ...REGION_WEIGHTS, [province]: REGION_WEIGHTS[province]! * skew },
      };
      break;
    }
    case "province-spam": {
      // One province, a few networks (3), each rotating its User-Agent: many "reporters", few people.
      const component = rng.pick(COMPONENTS);
      const from = atLocalHour(rng, anomalyDay, 9, 21);
      const province = rng.pick(["GD", "ZJ", "BJ", "SH", "SC"]);
      for (let n = 0; n < 3; n++) {
        spam.push({
          reporter: `spam-${seed}-p${n}`,
          network: `spam-${seed}-net${n}`,
          rotating: true,
          component,
          count: rng.int(100, 300),
          from: from + rng.int(0, 20) * MIN,
          to: from + rng.int(40, 90) * MIN,
          region: province,
          fixedRegion: true,
        });
      }
      break;
    }
    case "small-service": {
      // A small service (about 1/7 of the default volume) with an outage of 5–6 reporters a minute.
      const component = rng.pick(COMPONENTS);
      const from = atLocalHour(rng, anomalyDay, 8, 22);
      const to = from + rng.int(20, 60) * MIN;
      const peak = rng.uniform(5, 6);
      bursts.push({ component, from, to, rate: () => peak, mix: OUTAGE_MIX, regions: REGION_WEIGHTS });
      truth.push({
        kind: "outage",
        component,
        start: from,
        end: to,
        targetFrom: null,
        maxTtdMinutes: 6,
        label: `small service ${peak.toFixed(1)}/min`,
      });
      break;
    }
  }

  const events: Array<{ at: number; line: ScenarioLine }> = [];
  let reportCounter = 0;
  const addReport = (
    at: number,
    component: string,
    symptom: Symptom,
    region: string | null,
    reporter: string,
    network?: string,
  ) => {
    const line: ScenarioLine = {
      type: "report",
      id: `r${++reportCounter}`,
      at: new Date(at).toISOString(),
      component,
      symptom,
      reporter,
      ...(network ? { network } : {}),
      platform: rng.weighted({ ios: 4, android: 5, miniapp: 1, web: 0.5, other: 0.2 }),
      other_methods_work: rng.weighted({ yes: 5, no: 1, unknown: 2 }),
    };
    if (region) line.region = region;
    events.push({ at, line });
  };
  const newReporter = () => `u-${Math.floor(rng.next() * 2 ** 40).toString(36)}`;
  const drawRegion = (weights: Record<string, number>) =>
    rng.chance(0.12) || options.noRegions ? null : rng.weighted(weights);
  const drawSymptom = (mix: ClassMix, symptoms?: Partial<Record<SymptomClass, Symptom[]>>) => {
    const cls = rng.weighted(mix);
    return rng.pick(symptoms?.[cls] ?? SYMPTOMS_BY_CLASS[cls]);
  };

  // Background: day/night rhythm, a daily mood, and some people who report twice.
  const perMinuteBase = setup.dailyReports / (24 * 60);
  let dayFactor = 1;
  for (let t = start; t < setup.end; t += MIN) {
    if ((t - start) % DAY === 0) dayFactor = rng.uniform(0.85, 1.15);
    const surging = surge !== null && t >= surge.from && t < surge.to ? surge : null;
    const level = perMinuteBase * diurnal(t) * dayFactor * (surging ? surging.factor : 1);
    for (const component of COMPONENTS) {
      const n = rng.poisson(level * setup.componentWeight[component]!);
      for (let k = 0; k < n; k++) {
        const at = t + Math.floor(rng.next() * MIN);
        const reporter = newReporter();
        const region = drawRegion(surging ? surging.regions : REGION_WEIGHTS);
        const symptom = drawSymptom(setup.mix);
        addReport(at, component, symptom, region, reporter);
        if (rng.chance(0.06)) addReport(at + rng.int(20, 1500) * 1000, component, symptom, region, reporter);
      }
    }
  }

  for (const b of bursts) {
    for (let t = b.from; t < b.to; t += MIN) {
      const sliceEnd = Math.min(t + MIN, b.to);
      const n = rng.poisson(b.rate(t + (sliceEnd - t) / 2) * ((sliceEnd - t) / MIN));
      for (let k = 0; k < n; k++) {
        const at = t + Math.floor(rng.next() * (sliceEnd - t));
        const reporter = newReporter();
        const symptom = drawSymptom(b.mix, b.symptoms);
        addReport(at, b.component, symptom, drawRegion(b.regions), reporter);
        if (rng.chance(0.25))
          addReport(at + rng.int(20, 600) * 1000, b.component, symptom, drawRegion(b.regions), reporter);
      }
    }
  }

  const addRecovery = (at: number, component: string, reporter: string) =>
    events.push({ at, line: { type: "recovery", at: new Date(at).toISOString(), component, reporter } });
  for (const w of recoveryWaves) {
    for (let t = w.from; t < w.to; t += MIN) {
      const n = rng.poisson(w.rate(t + MIN / 2));
      for (let k = 0; k < n; k++) addRecovery(t + Math.floor(rng.next() * MIN), w.component, newReporter());
    }
  }
  for (const r of recoveryAt) addRecovery(r.at, r.component, newReporter());

  for (const s of spam) {
    for (let k = 0; k < s.count; k++) {
      const at = s.from + Math.floor(((s.to - s.from) * k) / s.count + rng.next() * 1000);
      const region = options.noRegions
        ? null
        : s.fixedRegion
          ? s.region
          : rng.chance(0.3)
            ? rng.weighted(REGION_WEIGHTS)
            : s.region;
      const reporter = s.rotating ? `${s.reporter}-${k}` : s.reporter;
      addReport(at, s.component, rng.pick(SYMPTOMS_BY_CLASS.technical), region, reporter, s.network);
    }
  }

  // Probes: every location checks every probed component on its own phase.
  for (const component of setup.probed) {
    for (const location of setup.locations) {
      const phase = rng.int(0, setup.probeIntervalMs / 1000 - 1) * 1000;
      const randomFailure = rng.uniform(0.001, 0.005);
      for (let t = start + phase; t < setup.end; t += setup.probeIntervalMs) {
        const failure = failures.find(
          (f) =>
            f.component === component &&
            t >= f.from &&
            t < f.to &&
            (f.locations === "all" || f.locations.includes(location)),
        );
        const ok = failure ? !rng.chance(failure.failProbability) : !rng.chance(randomFailure);
        const latency = ok
          ? Math.round(rng.uniform(80, 600))
          : rng.chance(0.7)
            ? 10_000
            : Math.round(rng.uniform(50, 400));
        events.push({
          at: t,
          line: { type: "probe", at: new Date(t).toISOString(), probe: location, component, ok, latency_ms: latency },
        });
      }
    }
  }

  events.sort((a, b) => a.at - b.at);
  const head: ScenarioLine[] = [
    ...COMPONENTS.map((id) => ({ type: "component" as const, id, name: COMPONENT_NAMES[id] })),
    ...maintenances.map((m) => ({
      type: "maintenance" as const,
      id: m.id,
      components: m.components,
      starts_at: new Date(m.from).toISOString(),
      ends_at: new Date(m.to).toISOString(),
      title: "系统升级",
    })),
  ];
  const lines = [...head, ...events.filter((e) => e.at < setup.end).map((e) => e.line)];

  const verdicts = new Map<string, VerdictKind>();
  const covers = (kind: TruthEpisode["kind"], component: string, at: number, region: string | null = null) =>
    truth.some(
      (e) =>
        e.kind === kind &&
        e.component === component &&
        at >= e.start &&
        at < e.end &&
        (!e.regions || (region !== null && e.regions.includes(region))),
    );
  for (const line of lines) {
    if (line.type !== "report") continue;
    const at = Date.parse(line.at);
    const cls = BUILT_IN_SYMPTOM_CLASSES[line.symptom] ?? "other";
    verdicts.set(
      line.id,
      verdictKind(cls, {
        maintenance: covers("maintenance", line.component, at),
        outage: covers("outage", line.component, at, line.region ?? null),
        accountWave: covers("account_wave", line.component, at),
        merchantRestriction: covers("merchant_restriction", line.component, at),
      }),
    );
  }

  return { name: `${family}#${seed}`, family, seed, lines, truth: { episodes: truth, verdicts } };
}

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}
