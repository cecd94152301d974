/**
 * Replays a scenario stream through the detector with an in-memory stand-in
 * for the Worker's tables: reports are counted (repeats, each network's share)
 * and rolled up per minute exactly as the Worker does, the clock ticks every minute (evaluation) and
 * every hour (baseline refresh), and each report gets the verdict the detector
 * state gives at that moment. No detection logic lives here.
 */

import type { ComponentStatus } from "../domain/symptoms";
import { BUILT_IN_SYMPTOM_CLASSES, type SymptomClass, type VerdictKind } from "../domain/symptoms";
import { verdictFor } from "./engine";
import { DEFAULT_PARAMS, type DetectorParams, regionalNetworkWindowMinutes, rollupWindowMinutes } from "./params";
import { ReporterCounter } from "./repeat";
import { type DetectorRecord, readPlan, runTick } from "./tick";
import { MINUTE_MS, minuteOf } from "./time";
import type {
  DetectedKind,
  EpisodeEvent,
  MaintenanceWindow,
  ProbeResultRow,
  RecoveryRow,
  RegionalNetworkRow,
  RollupRow,
} from "./types";
import { DETECTED_KINDS } from "./types";

export type ScenarioLine =
  | { type: "component"; id: string; name?: string }
  | { type: "maintenance"; id: string; components: string[]; starts_at: string; ends_at: string; title?: string }
  | {
      type: "report";
      id: string;
      at: string;
      component: string;
      symptom: string;
      region?: string | null;
      reporter: string;
      /** The reporter's network (an address or /64, already hashed or not); absent: its own network. */
      network?: string | null;
      platform?: string;
      other_methods_work?: string;
    }
  | {
      /** Someone says it works again (optional; a stream without these replays exactly as before). */
      type: "recovery";
      at: string;
      component: string;
      reporter: string;
      /** As for a report: absent, the reporter is its own network. */
      network?: string | null;
    }
  | {
      type: "probe";
      at: string;
      probe: string;
      location?: string;
      component: string;
      ok: boolean;
      latency_ms?: number | null;
    };

export type ReplayLine =
  | {
      type: "episode";
      kind: DetectedKind | "maintenance";
      component: string;
      started_at: string;
      resolved_at: string | null;
      /** A regional outage's provinces (absent for national episodes). */
      regions?: string[];
    }
  | { type: "verdict"; report: string; verdict: VerdictKind };

interface ComponentSim {
  id: string;
  rows: RollupRow[];
  rowIndex: Map<string, RollupRow>;
  probes: ProbeResultRow[];
  /** Counted recoveries per minute, in time order. */
  recoveries: RecoveryRow[];
  /** Distinct (minute, province, network) of counted technical reports, in time order (the regional floor). */
  networks: RegionalNetworkRow[];
  networkIndex: Set<string>;
  maintenances: MaintenanceWindow[];
  record: DetectorRecord | null;
  status: ComponentStatus;
}

export class Replay {
  private readonly components = new Map<string, ComponentSim>();
  private readonly maintenanceDeclarations: Array<{
    id: string;
    components: string[];
    startsAt: number;
    endsAt: number;
  }> = [];
  private readonly counter = new ReporterCounter();
  /** Recoveries are counted with the reporters' rules, on their own (a report does not make a recovery a repeat). */
  private readonly recoveryCounter = new ReporterCounter();
  private dataStart: number | null = null;
  private nextTick: number | null = null;
  private lastEventAt: number | null = null;
  private readonly window: number;

  constructor(
    private readonly params: DetectorParams = DEFAULT_PARAMS,
    /** Diagnostics hook: sees every episode event with its evidence. */
    private readonly onEvent?: (component: string, event: EpisodeEvent) => void,
  ) {
    this.window = rollupWindowMinutes(params);
  }

  /** Feeds one scenario line; returns the output lines it produced (verdicts, episodes resolved meanwhile). */
  push(line: ScenarioLine): ReplayLine[] {
    const out: ReplayLine[] = [];
    switch (line.type) {
      case "component":
        this.component(line.id);
        return out;
      case "maintenance": {
        const window = { id: line.id, startsAt: Date.parse(line.starts_at), endsAt: Date.parse(line.ends_at) };
        this.maintenanceDeclarations.push({ ...window, components: line.components });
        for (const c of line.components) this.component(c).maintenances.push(window);
        return out;
      }
      case "report": {
        const at = Date.parse(line.at);
        this.advanceTo(at, out);
        const sim = this.component(line.component);
        const cls: SymptomClass = BUILT_IN_SYMPTOM_CLASSES[line.symptom] ?? "other";
        const { counted } = this.counter.mark(line.reporter, line.network, line.component, at);
        this.rollup(sim, minuteOf(at), cls, line.region ?? "", counted);
        // As the Worker reads `reports`: a report without a network is its own network (its reporter).
        if (counted && cls === "technical" && line.region)
          this.network(sim, minuteOf(at), line.region, line.network ?? `reporter:${line.reporter}`);
        out.push({
          type: "verdict",
          report: line.id,
          verdict: verdictFor(cls, sim.record?.state ?? null, sim.maintenances, at, line.region ?? null),
        });
        return out;
      }
      case "recovery": {
        const at = Date.parse(line.at);
        this.advanceTo(at, out);
        const sim = this.component(line.component);
        const { counted } = this.recoveryCounter.mark(line.reporter, line.network, line.component, at);
        if (!counted) return out;
        const minute = minuteOf(at);
        const last = sim.recoveries.at(-1);
        if (last?.minute === minute) last.recoveries++;
        else sim.recoveries.push({ minute, recoveries: 1 });
        return out;
      }
      case "probe": {
        const at = Date.parse(line.at);
        this.advanceTo(at, out);
        this.component(line.component).probes.push({
          location: line.location ?? line.probe,
          at,
          ok: line.ok,
          latencyMs: line.latency_ms ?? null,
        });
        return out;
      }
      default:
        return out;
    }
  }

  /** Ends the replay: episodes still open (resolved_at null) and the declared maintenance episodes. */
  finish(): ReplayLine[] {
    const out: ReplayLine[] = [];
    const end = this.lastEventAt ?? 0;
    for (const sim of this.components.values()) {
      for (const kind of DETECTED_KINDS) {
        const ep = sim.record?.state.open[kind];
        if (ep) out.push(episodeLine(kind, sim.id, ep.openedAt, null, ep.regions));
      }
    }
    for (const m of this.maintenanceDeclarations) {
      if (m.startsAt > end) continue;
      for (const c of m.components)
        out.push(episodeLine("maintenance", c, m.startsAt, m.endsAt <= end ? m.endsAt : null));
    }
    return out;
  }

  /** Latest status per component (for tests and diagnostics). */
  statuses(): Record<string, ComponentStatus> {
    return Object.fromEntries([...this.components.values()].map((c) => [c.id, c.status]));
  }

  private component(id: string): ComponentSim {
    let sim = this.components.get(id);
    if (!sim) {
      sim = {
        id,
        rows: [],
        rowIndex: new Map(),
        probes: [],
        recoveries: [],
        networks: [],
        networkIndex: new Set(),
        maintenances: [],
        record: null,
        status: "operational",
      };
      // Same maintenance list for components declared after the maintenance line.
      for (const m of this.maintenanceDeclarations) if (m.components.includes(id)) sim.maintenances.push(m);
      this.components.set(id, sim);
    }
    return sim;
  }

  private rollup(sim: ComponentSim, minute: number, cls: SymptomClass, region: string, counted: boolean): void {
    const key = `${minute}|${cls}|${region}`;
    let row = sim.rowIndex.get(key);
    if (!row) {
      row = { minute, symptomClass: cls, region, reporters: 0, reports: 0 };
      sim.rowIndex.set(key, row);
      sim.rows.push(row);
    }
    row.reports++;
    if (counted) row.reporters++;
  }

  private network(sim: ComponentSim, minute: number, region: string, network: string): void {
    const key = `${minute}|${region}|${network}`;
    if (sim.networkIndex.has(key)) return;
    sim.networkIndex.add(key);
    sim.networks.push({ minute, region, network });
  }

  /** Runs every minute tick (and hourly refresh) up to and including `at`. */
  private advanceTo(at: number, out: ReplayLine[]): void {
    if (this.dataStart === null) {
      this.dataStart = Math.floor(at / MINUTE_MS) * MINUTE_MS;
      this.nextTick = this.dataStart + MINUTE_MS;
    }
    this.lastEventAt = Math.max(this.lastEventAt ?? at, at);
    while (this.nextTick! <= at) {
      const now = this.nextTick!;
      for (const sim of this.components.values()) this.evaluate(sim, now, out);
      this.nextTick = now + MINUTE_MS;
    }
  }

  private evaluate(sim: ComponentSim, now: number, out: ReplayLine[]): void {
    const plan = readPlan(sim.record, now, this.params);
    // Only the regional windows' networks are read (and kept), as the Worker's bounded query does.
    const networksFrom = minuteOf(now) - regionalNetworkWindowMinutes(this.params);
    const cut = lowerBoundByMinute(sim.networks, networksFrom);
    if (cut > 0) {
      for (const r of sim.networks.slice(0, cut)) sim.networkIndex.delete(`${r.minute}|${r.region}|${r.network}`);
      sim.networks = sim.networks.slice(cut);
    }
    const learningRollups = plan.learn
      ? sim.rows.slice(
          lowerBoundByMinute(sim.rows, plan.learn.fromMinute),
          lowerBoundByMinute(sim.rows, plan.learn.untilMinute),
        )
      : [];
    const result = runTick(
      sim.record,
      {
        now,
        rollups: sim.rows.slice(lowerBoundByMinute(sim.rows, plan.rollupsFromMinute)),
        probes: sim.probes.slice(lowerBoundByAt(sim.probes, plan.probesFromMs)),
        maintenances: sim.maintenances.filter(
          (m) => m.endsAt > plan.maintenancesEndingAfterMs && m.startsAt <= now + MINUTE_MS,
        ),
        learningRollups,
        ...(sim.recoveries.length
          ? { recoveries: sim.recoveries.slice(lowerBoundByMinute(sim.recoveries, plan.recoveriesFromMinute)) }
          : {}),
        regionalNetworks: sim.networks.filter((r) => r.minute < minuteOf(now)),
        dataStartMs: this.dataStart!,
      },
      this.params,
    );
    sim.record = result.record;
    sim.status = result.status;
    for (const e of result.events) this.onEvent?.(sim.id, e);
    for (const e of result.events)
      if (e.type === "resolve") out.push(episodeLine(e.kind, sim.id, e.openedAt, e.at, e.evidence.provinces));
    // Probe results older than the window can never matter again.
    if (sim.probes.length > 4096) sim.probes = sim.probes.slice(lowerBoundByAt(sim.probes, plan.probesFromMs));
    if (sim.recoveries.length > 4096)
      sim.recoveries = sim.recoveries.slice(lowerBoundByMinute(sim.recoveries, plan.recoveriesFromMinute));
    if (plan.learn) this.dropLearnedRows(sim, now);
  }

  /** Rows that are learned and out of the evaluation window are dropped, like a retention job would. */
  private dropLearnedRows(sim: ComponentSim, now: number): void {
    const keepFrom = Math.min(sim.record!.baseline.learnedUntilMinute ?? 0, minuteOf(now) - this.window);
    const cut = lowerBoundByMinute(sim.rows, keepFrom);
    if (cut === 0) return;
    for (const row of sim.rows.slice(0, cut)) sim.rowIndex.delete(`${row.minute}|${row.symptomClass}|${row.region}`);
    sim.rows = sim.rows.slice(cut);
  }
}

function episodeLine(
  kind: DetectedKind | "maintenance",
  component: string,
  from: number,
  to: number | null,
  regions?: string[] | null,
): ReplayLine {
  return {
    type: "episode",
    kind,
    component,
    started_at: new Date(from).toISOString(),
    resolved_at: to === null ? null : new Date(to).toISOString(),
    ...(regions?.length ? { regions } : {}),
  };
}

/** First index whose minute is >= minute (rows are appended in time order). */
function lowerBoundByMinute(rows: readonly { minute: number }[], minute: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid]!.minute < minute) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lowerBoundByAt(rows: readonly ProbeResultRow[], at: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid]!.at < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
