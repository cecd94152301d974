/**
 * `npm run demo`: fills the LOCAL D1 (the one `npm start` uses, under
 * .wrangler/state) with believable history, so a newcomer sees a living page.
 * Huabei (the default service), 90 days: user reports with a daily rhythm (and
 * the 9th/10th repayment-day bump), their per-minute rollups and the usual
 * level (baselines), probe results and daily uptime, past incidents with
 * timelines, a detected account-restriction wave, a completed and an upcoming
 * maintenance. Alipay, UnionPay QuickPass and WeChat Pay, enabled 30 days
 * ago, with reports and probes of their own; WeChat Pay is in an outage right
 * now (a crowd of reports and failing probes the detector turns into an
 * incident), so the board (/services) shows it red and the others green, and a
 * Huabei verdict recommends UnionPay QuickPass and advises against WeChat Pay.
 *
 * The script only draws the history (seeded, so every run draws the same
 * relative to the current time) and hands it to the project's own functions;
 * it writes no SQL of its own. They reach the local D1 through wrangler's
 * `getPlatformProxy`, on the same database file `wrangler dev` and
 * `wrangler d1 … --local` open, so the Worker's rules apply to the demo too:
 * - services: `createService` (src/data/service-writes.ts) adds Alipay,
 *   UnionPay and WeChat Pay with their presets' groups and components, as the
 *   admin API does;
 * - incidents and maintenance: src/data/incident-writes.ts and
 *   maintenance-writes.ts, called in time order with past `now`s (component
 *   statuses, timelines, the public state version). The detected incidents
 *   are opened as the detector opens them (source "detected", with their
 *   episode) and confirmed by an operator;
 * - reports: rows made by `newReport` (redaction; the verdict from
 *   `situationOf` on a status snapshot as of the moment the report arrived)
 *   for reporters identified by src/services/reporter.ts, stored by
 *   `storeReports` (repeat marking, rollups), 200 per call, oldest first. All
 *   90 days are stored, then the retention job (`reportRetentionJob`)
 *   deletes the raw reports older than REPORT_RETENTION_DAYS and keeps the
 *   rollups, as in production;
 * - probes: agent probes whose checks are judged by `classifyResponse`; the
 *   daily figures of all 90 days come from the rollup functions of
 *   src/probes/daily.ts (maintenance windows left out) and `saveDailyRollups`.
 *   Raw results are pushed (`storeAgentResults`) for the last RAW_PROBE_DAYS
 *   days only: through the proxy every D1 statement costs milliseconds, and
 *   30 days of checks would take minutes;
 * - baselines: one run of the detector job (`detectorJob`) from a record that
 *   starts with the data, 90 days back, and remembers the demo's incidents as
 *   past episodes: it learns the usual level from the stored rollups (incident
 *   and maintenance minutes left out), saves it (`saveBaselineRows`) and
 *   evaluates the current minute; the cron of `npm start` carries on from there.
 *   That minute it finds WeChat Pay's crowd and opens an incident per component
 *   hit (source "detected", pending review); an operator confirms the first
 *   and merges the other into it (`confirmIncident`, `mergeIncident`), so the
 *   outage stays until someone resolves it.
 *
 * Idempotent: it first empties, through `publish`/`writeInternal`, the reports,
 * rollups, baselines, detector state, episodes, incidents and maintenance,
 * daily uptime and its own probes and agents; services it finds are kept (a
 * disabled one is enabled again). About a minute.
 *
 *   npm run demo                       # the local D1 of `npm start` (.wrangler/state)
 *   npm run demo -- --persist-to DIR   # another local state directory (the e2e tests use this)
 */
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { count, like } from "drizzle-orm";
import { getPlatformProxy } from "wrangler";
import { PRESETS } from "../src/config/presets";
import { type ComponentRow, listComponents } from "../src/data/components";
import { insertEpisode, saveRecordStatement } from "../src/data/detector";
import {
  addIncidentUpdate,
  confirmIncident,
  createIncident,
  type IncidentWriteResult,
  mergeIncident,
  resolveIncident,
} from "../src/data/incident-writes";
import { findIncident, type IncidentView, listIncidentsForAdmin } from "../src/data/incidents";
import { advanceMaintenances, scheduleMaintenance, updateMaintenance } from "../src/data/maintenance-writes";
import {
  checksBetween,
  createProbe,
  createProbeAgent,
  type ProbeAgentView,
  type ProbeRow,
  saveDailyRollups,
  storeAgentResults,
} from "../src/data/probes";
import { publish, writeInternal } from "../src/data/publish";
import { storeReports } from "../src/data/reports";
import { createService, updateService } from "../src/data/service-writes";
import { findServiceRow } from "../src/data/services";
import { declaredWindows } from "../src/data/uptime";
import { type Database, database } from "../src/db/client";
import {
  baselines,
  componentDaily,
  components,
  detectorState,
  episodes,
  incidentComponents,
  incidents,
  incidentUpdates,
  probeAgents,
  probeDaily,
  probeResults,
  probes,
  reportRollups,
  reports,
  symptomRollups,
} from "../src/db/schema";
import { type ClosedEpisode, type DetectorRecord, emptyBaseline, initialState } from "../src/detection";
import { type NewReport, newReport } from "../src/domain/report";
import type { IncidentStatus } from "../src/domain/status";
import {
  BUILT_IN_SYMPTOM_CLASSES,
  type ComponentStatus,
  type Symptom,
  type SymptomClass,
} from "../src/domain/symptoms";
import type { Env } from "../src/env";
import { detectorJob } from "../src/jobs/detector";
import { reportRetentionJob } from "../src/jobs/report-retention";
import { newId } from "../src/lib/id";
import { classifyResponse } from "../src/probes/classify";
import { type RawCheck, rollupComponentDays, rollupProbeDays, type TimeWindow } from "../src/probes/daily";
import { dayBounds, lastDays } from "../src/probes/days";
import { buildSnapshot, type SituationWithTimes, type StatusSnapshot, situationOf } from "../src/read-model/snapshot";
import { reporterIdentity } from "../src/services/reporter";

const MINUTE = 60_000;
const DAY = 1_440 * MINUTE;
const DAYS = 90;
/** Asia/Shanghai has no daylight saving: a fixed offset keeps the generator simple and fast. */
const SHANGHAI = 8 * 60 * MINUTE;
/** Reports per storeReports call (one D1 batch; the JSON of 200 reports stays well inside D1's limits). */
const REPORT_CHUNK = 200;
/** Raw probe results kept (the daily figures cover all 90 days). */
const RAW_PROBE_DAYS = 2;
const PROBE_EVERY = 5 * MINUTE;
const DEMO_PROBE_PREFIX = "demo-probe-";
const DEMO_AGENT_PREFIX = "demo-agent-";
/** Fingerprints are keyed hashes as in production; the demo's reporters get a key of their own. */
const FINGERPRINT_SECRET = "paystatus-demo";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const persistIndex = args.indexOf("--persist-to");
const persistTo = persistIndex >= 0 ? args[persistIndex + 1] : undefined;
if (persistIndex >= 0 && !persistTo) {
  console.error("--persist-to needs a directory");
  process.exit(2);
}
// Where wrangler keeps local state: --persist-to DIR (relative to the working directory) or
// .wrangler/state next to wrangler.toml; `wrangler dev` and `wrangler d1 … --local` add "v3"
// to it, getPlatformProxy takes the "v3" directory itself.
const stateDir = persistTo ? resolve(process.cwd(), persistTo) : join(root, ".wrangler", "state");

const now = Date.now();
const nowMinute = Math.floor(now / MINUTE);
const startMinute = nowMinute - DAYS * 1_440;
const startMs = startMinute * MINUTE;

/**
 * Deterministic randomness (mulberry32), so every run draws the same history.
 * Each service draws from a stream of its own: Huabei's history is the same
 * whichever other services the demo fills.
 */
class Random {
  constructor(private seed: number) {}
  next(): number {
    this.seed = (this.seed + 0x6d2b79f5) | 0;
    let t = this.seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    let k = 0;
    let p = Math.exp(-lambda);
    let s = p;
    const u = this.next();
    while (u > s && k < 500) {
      k++;
      p *= lambda / k;
      s += p;
    }
    return k;
  }
  pick<T>(weighted: [T, number][]): T {
    const total = weighted.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, w] of weighted) {
      r -= w;
      if (r <= 0) return value;
    }
    return weighted[weighted.length - 1]![0];
  }
  hex(n: number): string {
    return Array.from({ length: n }, () => Math.floor(this.next() * 16).toString(16)).join("");
  }
  byte(): number {
    return Math.floor(this.next() * 256);
  }
  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${"89ab"[Math.floor(this.next() * 4)]}${this.hex(3)}-${this.hex(12)}`;
  }
}

/** Local (Shanghai) midnight `daysAgo` days before today, plus hh:mm. */
function shanghaiAt(daysAgo: number, hh: number, mm: number): number {
  const todayStart = Math.floor((now + SHANGHAI) / DAY) * DAY - SHANGHAI;
  return todayStart - daysAgo * DAY + (hh * 60 + mm) * MINUTE;
}

// ---------------------------------------------------------------- incidents and maintenance
interface DemoIncident {
  name: string;
  source: "declared" | "detected";
  detectedKind?: "outage" | "account_wave";
  components: Record<string, ComponentStatus>;
  start: number;
  end: number;
  /**
   * [minutes after start, status, body]: the first opens the incident, the last
   * resolves it. For a detected incident the first is the detector's and the
   * second is the operator confirming it.
   */
  updates: [number, IncidentStatus, string][];
  /** Report surge multiplier and class while it lasts. */
  surge: { cls: SymptomClass; factor: number };
}

const INCIDENTS: DemoIncident[] = [
  {
    name: "花呗付款失败，提示“系统繁忙”",
    source: "declared",
    components: { "online-pay": "major_outage", "offline-pay": "partial_outage" },
    start: shanghaiAt(62, 20, 10),
    end: shanghaiAt(62, 20, 57),
    updates: [
      [4, "investigating", "大量用户反映使用花呗付款时提示“系统繁忙，请稍后再试”，我们正在调查。"],
      [
        17,
        "identified",
        "已确认是支付网关的一个数据库节点故障，正在切换到备用节点。请暂时使用其他付款方式，不要反复重试。",
      ],
      [36, "monitoring", "切换已完成，付款成功率正在恢复，我们继续观察。"],
      [47, "resolved", "付款已全部恢复正常。故障期间未成功的付款不会扣款。"],
    ],
    surge: { cls: "technical", factor: 40 },
  },
  {
    name: "部分用户还款页面打不开",
    source: "declared",
    components: { repayment: "partial_outage" },
    start: shanghaiAt(41, 9, 30),
    end: shanghaiAt(41, 11, 5),
    updates: [
      [8, "investigating", "部分用户打开还款页面时一直加载，我们正在排查。"],
      [40, "identified", "原因是还款服务的一次配置变更，正在回滚。今天是还款日，逾期判定将顺延，请放心。"],
      [95, "resolved", "还款功能已恢复。"],
    ],
    surge: { cls: "technical", factor: 30 },
  },
  {
    name: "大量用户反映额度被降低",
    source: "detected",
    detectedKind: "account_wave",
    components: { "credit-account": "degraded_performance" },
    start: shanghaiAt(23, 10, 0),
    end: shanghaiAt(23, 19, 0),
    updates: [
      [
        12,
        "investigating",
        "根据用户报告自动发现：很多用户同时反映额度被降低或提示“额度不足”。这不是技术故障，通常是风控或政策调整。",
      ],
      [180, "monitoring", "报告数量开始回落。受影响的用户请查看 App 消息中心，并通过官方客服咨询。"],
      [540, "resolved", "报告已回到通常水平。"],
    ],
    surge: { cls: "account", factor: 25 },
  },
  {
    name: "登录和打开 App 变慢",
    source: "declared",
    components: { "app-login": "degraded_performance" },
    start: shanghaiAt(12, 12, 5),
    end: shanghaiAt(12, 12, 38),
    updates: [
      [5, "investigating", "部分用户登录或打开花呗页面较慢，我们正在调查。"],
      [33, "resolved", "已恢复正常。"],
    ],
    surge: { cls: "technical", factor: 12 },
  },
  {
    name: "部分网店付款超时",
    source: "detected",
    detectedKind: "outage",
    components: { "online-pay": "partial_outage" },
    start: shanghaiAt(3, 21, 40),
    end: shanghaiAt(3, 22, 6),
    updates: [
      [3, "investigating", "根据用户报告和自动探测发现：部分网店使用花呗付款时超时。"],
      [14, "identified", "已定位到一个地区机房的网络问题，流量正在切走。"],
      [26, "resolved", "付款已恢复正常。"],
    ],
    surge: { cls: "technical", factor: 35 },
  },
];

interface DemoMaintenance {
  name: string;
  components: string[];
  /** When it was announced. */
  scheduledAt: number;
  body: string;
  from: number;
  until: number;
  /** Completed by an operator this many minutes after the start, with these words (else still upcoming). */
  completed?: [number, string];
}

const MAINTENANCES: DemoMaintenance[] = [
  {
    name: "还款系统例行升级",
    components: ["repayment"],
    scheduledAt: shanghaiAt(34, 2, 0) - 7 * DAY,
    body: "计划于凌晨 2:00 至 4:00 升级还款系统，期间可能无法还款。",
    from: shanghaiAt(34, 2, 0),
    until: shanghaiAt(34, 4, 0),
    completed: [115, "维护已完成，还款功能正常。"],
  },
  {
    name: "账单系统计划维护",
    components: ["credit-account"],
    scheduledAt: shanghaiAt(-2, 1, 0) - (3 * 1_440 + 600) * MINUTE,
    body: "计划于凌晨 1:00 至 3:00 维护账单系统，期间可能无法查看账单和额度，付款不受影响。",
    from: shanghaiAt(-2, 1, 0),
    until: shanghaiAt(-2, 3, 0),
  },
];

// ---------------------------------------------------------------- the other services, and an outage now
/** The services the demo enables besides Huabei (createService, with their presets' components), this many days ago. */
const OTHER_DAYS = 30;
const otherStartMs = (nowMinute - OTHER_DAYS * 1_440) * MINUTE;

/**
 * WeChat Pay is down right now. From `start` a crowd reports
 * technical symptoms on two of its components, whatever the hour, and their
 * probes fail; the detector's tick at the end of the demo opens an incident
 * per component from those reports, as it would in production, and an
 * operator confirms the first and merges the other into it.
 */
const OUTAGE = {
  service: "wechat-pay",
  start: (nowMinute - 18) * MINUTE,
  /** Extra reporters per minute once the crowd has built up (over 5 minutes). */
  crowd: { "wechat-pay-pay": 4, "wechat-pay-online": 3 } as Record<string, number>,
  /** What the probes find meanwhile. */
  condition: { "wechat-pay-pay": "major_outage", "wechat-pay-online": "partial_outage" } as Record<
    string,
    ComponentStatus
  >,
  confirm:
    "已确认：微信支付扫码、付款码和小程序支付大面积失败，原因是支付网关故障，正在紧急修复。请暂时改用其他付款方式，不要反复重试；失败的付款不会扣款。",
  merge: "与扫码支付的事件是同一个故障，已合并。",
};

/** Extra technical reporters per minute on a component during the outage now. */
function crowdAt(component: string, minute: number): number {
  const extra = OUTAGE.crowd[component];
  const t = minute * MINUTE;
  if (!extra || t < OUTAGE.start) return 0;
  return extra * Math.min(1, (t - OUTAGE.start + MINUTE) / (5 * MINUTE));
}

/** What was really going on with a component at `t` (what the probes measure). */
function conditionAt(component: string, t: number): ComponentStatus {
  const current = OUTAGE.condition[component];
  if (current && t >= OUTAGE.start) return current;
  for (const m of MAINTENANCES) {
    const end = m.completed ? m.from + m.completed[0] * MINUTE : m.until;
    if (m.components.includes(component) && t >= m.from && t < end) return "under_maintenance";
  }
  for (const inc of INCIDENTS) {
    const status = inc.components[component];
    if (status && t >= inc.start && t < inc.end) return status;
  }
  return "operational";
}

// ---------------------------------------------------------------- reports
const COMPONENT_RATE: Record<string, number> = {
  "online-pay": 0.12,
  "offline-pay": 0.08,
  repayment: 0.03,
  "credit-account": 0.06,
  "app-login": 0.04,
};
const CLASS_SHARE: [SymptomClass, number][] = [
  ["technical", 0.45],
  ["account", 0.4],
  ["merchant", 0.1],
  ["other", 0.05],
];
/** Reports by local hour: quiet at night, lunch and evening peaks. */
const HOURLY = [
  0.35, 0.25, 0.18, 0.15, 0.15, 0.2, 0.35, 0.6, 0.9, 1, 1.05, 1.2, 1.4, 1.2, 1, 1, 1, 1.05, 1.15, 1.3, 1.5, 1.55, 1.3,
  0.8,
];
const SYMPTOM_WEIGHTS: Record<SymptomClass, [Symptom, number][]> = {
  technical: [
    ["system_busy", 5],
    ["payment_failed", 4],
    ["cannot_load", 3],
  ],
  account: [
    ["limit_reduced", 6],
    ["risk_warning", 3],
    ["account_frozen", 2],
    ["not_eligible", 2],
    ["overdue", 1],
  ],
  merchant: [["merchant_unsupported", 1]],
  other: [["other", 1]],
};
const REGION_WEIGHTS: [string, number][] = [
  ["GD", 12],
  ["JS", 8],
  ["ZJ", 8],
  ["SD", 7],
  ["HA", 6],
  ["SC", 6],
  ["HB", 5],
  ["HN", 5],
  ["HE", 5],
  ["FJ", 4],
  ["SH", 4],
  ["BJ", 4],
  ["AH", 4],
  ["LN", 3],
  ["SN", 3],
  ["JX", 3],
  ["CQ", 3],
  ["GX", 3],
  ["YN", 3],
  ["SX", 2],
  ["GZ", 2],
  ["TJ", 2],
  ["JL", 2],
  ["HL", 2],
  ["", 18],
];
/** What reporters paste; some paste contact details too, which the redaction removes before storing. */
const MESSAGES: Partial<Record<Symptom, string[]>> = {
  system_busy: ["系统繁忙，请稍后再试", "系统繁忙"],
  payment_failed: ["支付失败", "付款未成功，请重试", "付款失败，客服让我留了电话 138 0013 8000"],
  cannot_load: ["网络不给力，请稍后再试"],
  limit_reduced: ["花呗额度不足", "您的花呗额度已调整"],
  risk_warning: ["交易存在风险，已拦截"],
  account_frozen: ["花呗暂停使用", "花呗暂停使用，请联系我 zhang.wei@example.com"],
  not_eligible: ["综合评估暂不满足开通条件"],
  merchant_unsupported: ["该商户暂不支持花呗付款"],
};
const PLATFORM_AGENTS: [{ platform: string; userAgent: string }, number][] = [
  [{ platform: "android", userAgent: "Mozilla/5.0 (Linux; Android 14) AlipayClient/10.6" }, 5],
  [{ platform: "ios", userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AlipayClient/10.6" }, 4],
  [{ platform: "miniapp", userAgent: "Mozilla/5.0 (Linux; Android 13) MiniProgram" }, 1],
  [{ platform: "web", userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0" }, 0.5],
];
const OTHER_METHODS_WEIGHTS: [string, number][] = [
  ["yes", 5],
  ["no", 1],
  ["unknown", 3],
];

/** Wallets: the technical symptoms of a credit line, their own account symptoms (src/config/symptom-profiles.ts). */
const WALLET_SYMPTOM_WEIGHTS: Record<SymptomClass, [Symptom, number][]> = {
  technical: SYMPTOM_WEIGHTS.technical,
  account: [
    ["card_declined", 5],
    ["limit_exceeded", 3],
    ["verification_required", 3],
    ["risk_warning", 2],
    ["account_restricted", 1],
  ],
  merchant: [["merchant_unsupported", 1]],
  other: [["other", 1]],
};
const WALLET_MESSAGES: Partial<Record<Symptom, string[]>> = {
  system_busy: ["系统繁忙，请稍后再试"],
  payment_failed: ["支付失败", "支付失败，请稍后重试"],
  cannot_load: ["网络不给力，请稍后再试", "加载失败"],
  card_declined: ["该卡暂不可用", "银行卡余额不足"],
  limit_exceeded: ["已超出单日支付限额"],
  verification_required: ["为保障资金安全，请完成身份验证"],
  risk_warning: ["交易存在风险，已拦截"],
  merchant_unsupported: ["该商户暂不支持此付款方式"],
};
const appAgents = (app: string): [{ platform: string; userAgent: string }, number][] => [
  [{ platform: "android", userAgent: `Mozilla/5.0 (Linux; Android 14) ${app}` }, 5],
  [{ platform: "ios", userAgent: `Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) ${app}` }, 4],
  [{ platform: "web", userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0" }, 0.5],
];

/** A service the demo fills: its reports' rhythm and words, its probes, its own random stream. */
interface DemoService {
  id: string;
  /** Reports (and probe checks) begin this long ago. */
  startMs: number;
  /** Reports per minute per component at an ordinary hour (HOURLY shapes the day). */
  rates: Record<string, number>;
  symptoms: Record<SymptomClass, [Symptom, number][]>;
  messages: Partial<Record<Symptom, string[]>>;
  agents: [{ platform: string; userAgent: string }, number][];
  /** Where each probed component's probe runs. */
  probes: Record<string, string>;
  random: Random;
}

const SERVICES: DemoService[] = [
  {
    id: "huabei",
    startMs,
    rates: COMPONENT_RATE,
    symptoms: SYMPTOM_WEIGHTS,
    messages: MESSAGES,
    agents: PLATFORM_AGENTS,
    probes: {
      "online-pay": "hangzhou",
      "offline-pay": "shanghai",
      repayment: "hangzhou",
      "credit-account": "shenzhen",
      "app-login": "beijing",
    },
    random: new Random(0x5eed_1234),
  },
  {
    id: "alipay",
    startMs: otherStartMs,
    rates: {
      "alipay-pay": 0.04,
      "alipay-online": 0.035,
      "alipay-transfer": 0.01,
      "alipay-cards": 0.01,
      "alipay-app": 0.01,
    },
    symptoms: WALLET_SYMPTOM_WEIGHTS,
    messages: WALLET_MESSAGES,
    agents: appAgents("AlipayClient/10.6.58"),
    probes: { "alipay-pay": "hangzhou", "alipay-online": "shanghai" },
    random: new Random(0x5eed_4567),
  },
  {
    id: "unionpay",
    startMs: otherStartMs,
    rates: {
      "unionpay-pay": 0.025,
      "unionpay-online": 0.02,
      "unionpay-transfer": 0.008,
      "unionpay-cards": 0.008,
      "unionpay-app": 0.008,
    },
    symptoms: WALLET_SYMPTOM_WEIGHTS,
    messages: WALLET_MESSAGES,
    agents: appAgents("UnionPay/10.1.0"),
    probes: { "unionpay-pay": "shanghai", "unionpay-online": "beijing" },
    random: new Random(0x5eed_3456),
  },
  {
    id: OUTAGE.service,
    startMs: otherStartMs,
    rates: {
      "wechat-pay-pay": 0.04,
      "wechat-pay-online": 0.03,
      "wechat-pay-transfer": 0.01,
      "wechat-pay-cards": 0.01,
      "wechat-pay-app": 0.01,
    },
    symptoms: WALLET_SYMPTOM_WEIGHTS,
    messages: WALLET_MESSAGES,
    agents: appAgents("MicroMessenger/8.0.56"),
    probes: { "wechat-pay-pay": "shenzhen", "wechat-pay-online": "guangzhou" },
    random: new Random(0x5eed_2345),
  },
];

function surgeAt(component: string, cls: SymptomClass, minute: number): number {
  const t = minute * MINUTE;
  for (const inc of INCIDENTS) {
    if (inc.surge.cls !== cls || t < inc.start - 5 * MINUTE || t >= inc.end + 20 * MINUTE) continue;
    if (!inc.components[component]) continue;
    // Ramps up fast, trails off after the fix as people retry and check.
    const ramp = Math.min(1, (t - inc.start + 5 * MINUTE) / (10 * MINUTE));
    const tail = t > inc.end ? Math.max(0.05, 1 - (t - inc.end) / (20 * MINUTE)) : 1;
    return 1 + inc.surge.factor * ramp * tail;
  }
  return 1;
}

interface Reporter {
  ip: string;
  platform: string;
  userAgent: string;
  lastAt: number;
}

/** A drawn report, before the project's code makes it a row. */
interface DrawnReport {
  id: string;
  component: string;
  symptom: Symptom;
  region: string;
  otherMethodsWork: string;
  message: string | null;
  occurredAt: number;
  receivedAt: number;
  reporter: Reporter;
}

function drawReports(service: DemoService): DrawnReport[] {
  const { random } = service;
  const drawn: DrawnReport[] = [];
  /** Per component, who reported lately: some come back within half an hour (a repeat). */
  const recent = new Map<string, Reporter[]>();
  // Up to the last whole minute: nothing is received in the future.
  for (let minute = Math.floor(service.startMs / MINUTE); minute < nowMinute; minute++) {
    const local = new Date(minute * MINUTE + SHANGHAI);
    const hour = local.getUTCHours();
    const weekday = local.getUTCDay();
    const dayOfMonth = local.getUTCDate();
    for (const [component, base] of Object.entries(service.rates)) {
      let rate = base * HOURLY[hour]! * (weekday === 0 || weekday === 6 ? 1.1 : 1);
      if (component === "repayment" && (dayOfMonth === 9 || dayOfMonth === 10)) rate *= 3;
      for (const [cls, share] of CLASS_SHARE) {
        const surge = surgeAt(component, cls, minute);
        const crowd = cls === "technical" ? crowdAt(component, minute) : 0;
        const n = random.poisson(rate * share * surge + crowd);
        for (let i = 0; i < n; i++) {
          const occurredAt = minute * MINUTE + Math.floor(random.next() * MINUTE);
          const receivedAt = occurredAt + Math.floor(random.next() * 5_000);
          const list = (recent.get(component) ?? []).filter((r) => receivedAt - r.lastAt < 30 * MINUTE);
          recent.set(component, list);
          // People retry and report again, more so while something is broken.
          const again = list.length > 0 && random.next() < (surge > 1 || crowd > 0 ? 0.12 : 0.04);
          let reporter: Reporter;
          if (again) {
            reporter = list[Math.floor(random.next() * list.length)]!;
          } else {
            const { platform, userAgent } = random.pick(service.agents);
            const ip = `${1 + Math.floor(random.next() * 222)}.${random.byte()}.${random.byte()}.${random.byte()}`;
            reporter = { ip, platform, userAgent, lastAt: receivedAt };
            list.push(reporter);
          }
          reporter.lastAt = receivedAt;
          const symptom = random.pick(service.symptoms[cls]);
          const messages = service.messages[symptom];
          drawn.push({
            id: random.uuid(),
            component,
            symptom,
            region: random.pick(REGION_WEIGHTS),
            otherMethodsWork: random.pick(OTHER_METHODS_WEIGHTS),
            message: messages && random.next() < 0.15 ? messages[Math.floor(random.next() * messages.length)]! : null,
            occurredAt,
            receivedAt,
            reporter,
          });
        }
      }
    }
  }
  return drawn;
}

// ---------------------------------------------------------------- probes
type ProbeResultInput = Parameters<typeof storeAgentResults>[2][number];

/** One check of a probe at `t`: what the endpoint answered, judged by the project's classifier. */
function checkAt(probe: ProbeRow, t: number, random: Random): ProbeResultInput {
  const condition = conditionAt(probe.componentId, t);
  // The outage now is a hard one: every check of its worst-hit component fails.
  const hardDown = t >= OUTAGE.start && OUTAGE.condition[probe.componentId] === "major_outage";
  let status = 200;
  let latency = 150 + Math.floor(random.next() * 120) + (random.next() < 0.02 ? 1_500 : 0);
  if (condition === "under_maintenance" || hardDown) status = 503;
  else if (condition === "major_outage" && random.next() < 0.9) status = 503;
  else if (condition === "partial_outage" && random.next() < 0.3) status = 504;
  else if (condition === "degraded_performance" && random.next() < 0.6)
    latency += 2_000 + Math.floor(random.next() * 1_500);
  const judged = classifyResponse(probe, status, null, latency);
  return {
    probeId: probe.id,
    componentId: probe.componentId,
    checkedAt: t,
    ok: judged.ok,
    degraded: judged.degraded,
    httpStatus: status,
    latencyMs: latency,
    errorClass: judged.errorClass,
  };
}

// ---------------------------------------------------------------- the writes
const timings: string[] = [];
async function step<T>(label: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await run();
  timings.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** Empties what the demo owns, through the project's write paths. */
async function clear(db: Database): Promise<void> {
  await publish(
    db,
    [
      db.delete(incidentUpdates),
      db.delete(incidentComponents),
      db.delete(incidents),
      db.update(components).set({ status: "operational", statusSource: "default" }),
    ],
    now,
  );
  await writeInternal(db, [
    db.delete(reports),
    db.delete(reportRollups),
    db.delete(symptomRollups),
    db.delete(baselines),
    db.delete(detectorState),
    db.delete(episodes),
    db.delete(componentDaily),
    db.delete(probeDaily).where(like(probeDaily.probeId, `${DEMO_PROBE_PREFIX}%`)),
    db.delete(probeResults).where(like(probeResults.probeId, `${DEMO_PROBE_PREFIX}%`)),
    db.delete(probes).where(like(probes.id, `${DEMO_PROBE_PREFIX}%`)),
    db.delete(probeAgents).where(like(probeAgents.name, `${DEMO_AGENT_PREFIX}%`)),
  ]);
}

/** Incidents and maintenance as operators (and the detector) wrote them, in time order. Returns them as stored. */
async function writeHistory(db: Database): Promise<IncidentView[]> {
  const actions: { at: number; run: () => Promise<unknown> }[] = [];
  const ids: string[] = [];

  for (const inc of INCIDENTS) {
    let id = "";
    const [first, ...rest] = inc.updates;
    const at = (minutes: number) => inc.start + minutes * MINUTE;
    actions.push({
      at: at(first![0]),
      run: async () => {
        const created = await createIncident(db, {
          serviceId: "huabei",
          name: inc.name,
          status: first![1],
          body: first![2],
          components: inc.components,
          source: inc.source,
          detectedKind: inc.detectedKind,
          startedAt: inc.start,
          now: at(first![0]),
        });
        id = created.incident.id;
        ids.push(id);
        if (inc.detectedKind) {
          // The detector records the episode behind a detected incident.
          await writeInternal(db, [
            insertEpisode(db, {
              id: newId(),
              componentId: Object.keys(inc.components)[0]!,
              kind: inc.detectedKind,
              startedAt: inc.start,
              resolvedAt: inc.end,
              incidentId: id,
            }),
          ]);
        }
      },
    });
    rest.forEach(([minutes, status, body], i) => {
      const write = (): Promise<IncidentWriteResult> =>
        i === rest.length - 1
          ? resolveIncident(db, id, { body, now: at(minutes) })
          : i === 0 && inc.source === "detected"
            ? confirmIncident(db, id, { status, body, now: at(minutes) })
            : addIncidentUpdate(db, id, { status, body, now: at(minutes) });
      actions.push({ at: at(minutes), run: write });
    });
  }

  for (const m of MAINTENANCES) {
    let id = "";
    actions.push({
      at: m.scheduledAt,
      run: async () => {
        const scheduled = await scheduleMaintenance(db, {
          serviceId: "huabei",
          name: m.name,
          body: m.body,
          scheduledFor: m.from,
          scheduledUntil: m.until,
          components: m.components,
          now: m.scheduledAt,
        });
        id = scheduled.incident.id;
        ids.push(id);
      },
    });
    if (m.from <= now) actions.push({ at: m.from, run: () => advanceMaintenances(db, m.from) });
    const completed = m.completed;
    if (completed) {
      const at = m.from + completed[0] * MINUTE;
      actions.push({ at, run: () => updateMaintenance(db, id, { status: "completed", body: completed[1], now: at }) });
    }
  }

  actions.sort((a, b) => a.at - b.at);
  for (const action of actions) await action.run();
  // The maintenance clock as the cron would leave it now.
  await advanceMaintenances(db, now);
  return Promise.all(ids.map(async (id) => (await findIncident(db, id))!));
}

/**
 * What a status snapshot said at `t` about a component, from the stored
 * incidents and maintenance as they stood then: the rules (buildSnapshot,
 * situationOf) that decide a reporter's verdict in production.
 */
function situations(history: IncidentView[], componentRows: ComponentRow[]) {
  const changes = [
    ...new Set(
      history.flatMap((item) => [item.createdAt, item.resolvedAt ?? 0, ...item.updates.map((u) => u.createdAt)]),
    ),
  ].sort((a, b) => a - b);
  // Between two stored changes the snapshot is the same; situationOf applies the maintenance clock itself.
  const snapshots = new Map<number, StatusSnapshot>();
  return (componentId: string, t: number): SituationWithTimes => {
    let index = 0;
    while (index < changes.length && changes[index]! <= t) index++;
    let snapshot = snapshots.get(index);
    if (!snapshot) {
      const open = history.flatMap((item): IncidentView[] => {
        if (item.createdAt > t || (item.resolvedAt != null && item.resolvedAt <= t)) return [];
        // Timelines are newest first: the first update up to `t` is the status then.
        const updates = item.updates.filter((u) => u.createdAt <= t);
        return [{ ...item, status: updates[0]?.status ?? item.status, resolvedAt: null, updates }];
      });
      snapshot = buildSnapshot(
        {
          version: 0,
          service: PRESETS.huabei!.config,
          components: componentRows,
          groups: [],
          open,
          lastIncidentChange: 0,
        },
        t,
      );
      snapshots.set(index, snapshot);
    }
    return situationOf(snapshot, componentId, t);
  };
}

async function writeReports(db: Database, env: Env, history: IncidentView[]) {
  // Every service's reports, minute by minute (a stable sort keeps each service's own order).
  const drawn = SERVICES.flatMap(drawReports).sort(
    (a, b) => Math.floor(a.occurredAt / MINUTE) - Math.floor(b.occurredAt / MINUTE),
  );
  const situationAt = situations(history, await listComponents(db));
  /** The rows of one storeReports call, as the report API makes them. */
  const rowsOf = (part: DrawnReport[]): Promise<NewReport[]> =>
    Promise.all(
      part.map(async (r) => {
        const reporter = await reporterIdentity(
          db,
          FINGERPRINT_SECRET,
          { ip: r.reporter.ip, userAgent: r.reporter.userAgent },
          r.receivedAt,
        );
        return newReport(
          {
            component: r.component,
            symptom: r.symptom,
            message_seen: r.message ?? undefined,
            region: r.region || undefined,
            platform: r.reporter.platform,
            other_methods_work: r.otherMethodsWork,
          },
          {
            id: r.id,
            symptomClass: BUILT_IN_SYMPTOM_CLASSES[r.symptom] ?? "other",
            occurredAt: r.occurredAt,
            receivedAt: r.receivedAt,
            fingerprint: reporter.fingerprint,
            network: reporter.network,
            situation: situationAt(r.component, r.receivedAt),
            idempotencyKey: null,
          },
        );
      }),
    );
  // In time order, one call after the other (repeats are judged against what is stored), the next
  // call's rows made while the current one is written.
  let stored = 0;
  let next = rowsOf(drawn.slice(0, REPORT_CHUNK));
  for (let i = 0; i < drawn.length; i += REPORT_CHUNK) {
    const batch = await next;
    if (i + REPORT_CHUNK < drawn.length) next = rowsOf(drawn.slice(i + REPORT_CHUNK, i + 2 * REPORT_CHUNK));
    stored += (await storeReports(db, batch)).stored;
  }
  // The retention job, as the cron runs it: raw reports older than REPORT_RETENTION_DAYS go, rollups stay.
  let deleted = 0;
  for (;;) {
    const n = await reportRetentionJob(env, { scheduledTime: now });
    if (n === 0) break;
    deleted += n;
  }
  return { drawn: drawn.length, stored, deleted };
}

async function writeProbes(db: Database) {
  const timeZone = PRESETS.huabei!.config.timeZone;
  const planned = SERVICES.flatMap((service) =>
    Object.entries(service.probes).map(([component, location]) => ({ service, component, location })),
  );
  const locationOf = new Map(planned.map((p) => [p.component, p.location]));
  const agents = new Map<string, ProbeAgentView>();
  for (const location of new Set(planned.map((p) => p.location))) {
    const { agent } = await createProbeAgent(db, { name: `${DEMO_AGENT_PREFIX}${location}`, location }, startMs);
    agents.set(location, agent);
  }
  const probeRows: { row: ProbeRow; service: DemoService }[] = [];
  for (const { service, component, location } of planned) {
    const row = await createProbe(
      db,
      {
        id: `${DEMO_PROBE_PREFIX}${component}`,
        component,
        name: `演示探测：${component}`,
        location,
        url: `https://example.com/demo/${component}`,
        runner: "agent",
        interval_minutes: PROBE_EVERY / MINUTE,
        latency_threshold_ms: 2_000,
      },
      service.startMs,
    );
    probeRows.push({ row, service });
  }

  const days = lastDays(now, DAYS, timeZone);
  const fromMs = dayBounds(days[0]!, timeZone).start;
  const checks: ProbeResultInput[] = [];
  for (const { row, service } of probeRows) {
    const first = Math.ceil(Math.max(fromMs, service.startMs) / PROBE_EVERY) * PROBE_EVERY;
    for (let t = first; t <= now; t += PROBE_EVERY) checks.push(checkAt(row, t, service.random));
  }
  // The agents push the recent checks, a few hundred at a time.
  const rawFrom = now - RAW_PROBE_DAYS * DAY;
  for (const [location, agent] of agents) {
    const pushed = checks.filter((c) => c.checkedAt >= rawFrom && locationOf.get(c.componentId) === location);
    for (let i = 0; i < pushed.length; i += 450) {
      const part = pushed.slice(i, i + 450);
      await storeAgentResults(db, agent, part, part[part.length - 1]!.checkedAt);
    }
  }

  // Daily figures as the rollup cron makes them, for all 90 days: every probe's checks (the
  // demo's and any other probe's stored results), maintenance windows left out.
  const toMs = dayBounds(days[days.length - 1]!, timeZone).end;
  const [others, windows] = await Promise.all([checksBetween(db, fromMs, toMs), declaredWindows(db, fromMs, toMs)]);
  const all: RawCheck[] = [
    ...checks.map((c) => ({ ...c, degraded: c.degraded ?? false, latencyMs: c.latencyMs ?? null })),
    ...others.filter((c) => !c.probeId.startsWith(DEMO_PROBE_PREFIX)),
  ];
  const maintenance = new Map<string, TimeWindow[]>();
  for (const [componentId, list] of windows)
    maintenance.set(
      componentId,
      list.filter((w) => w.status === "under_maintenance"),
    );
  const probeDays = rollupProbeDays(all, timeZone);
  const componentDays = rollupComponentDays(all, maintenance, timeZone, now, (day) => dayBounds(day, timeZone));
  await saveDailyRollups(db, days, probeDays, componentDays, now);
  return { checks: checks.length, raw: checks.filter((c) => c.checkedAt >= rawFrom).length };
}

/**
 * The detector's first run, as if it had been watching since each service's
 * data start: its record starts there and remembers the demo's incidents as
 * the episodes it saw (so their surges are not learned as usual), then one
 * tick of the real job learns the baselines from the stored rollups, saves
 * them and evaluates the current minute, where it finds the outage now.
 */
async function runDetector(db: Database, env: Env) {
  const rows = await listComponents(db);
  const serviceOf = new Map(SERVICES.flatMap((s) => Object.keys(s.rates).map((id) => [id, s] as const)));
  const tick = nowMinute * MINUTE;
  await writeInternal(
    db,
    rows.map((component) => {
      const recent = INCIDENTS.filter((inc) => inc.components[component.id]).map(
        (inc): ClosedEpisode => ({
          kind: inc.surge.cls === "account" ? "account_wave" : "outage",
          openedAt: inc.start,
          resolvedAt: inc.end,
        }),
      );
      const record: DetectorRecord = {
        state: { ...initialState(serviceOf.get(component.id)?.startMs ?? startMs), recent },
        baseline: emptyBaseline(),
        profile: null,
      };
      return saveRecordStatement(db, component.id, record, startMs);
    }),
  );
  await detectorJob(env, { scheduledTime: tick });
  const learned = await db
    .select({ componentId: baselines.componentId, rows: count() })
    .from(baselines)
    .groupBy(baselines.componentId);
  const missing = rows.filter((c) => serviceOf.has(c.id) && !learned.some((l) => l.componentId === c.id && l.rows > 0));
  if (missing.length) throw new Error(`the detector learned no baseline for ${missing.map((c) => c.id).join(", ")}`);
  return learned.reduce((sum, l) => sum + l.rows, 0);
}

/**
 * The other services, enabled as an operator does through the admin API
 * (createService: the preset's groups and components come with it), on their
 * first day of data. Left as they are when they exist; enabled again if disabled.
 */
async function enableServices(db: Database): Promise<void> {
  for (const service of SERVICES) {
    if (service.id === PRESETS.huabei!.config.id) continue;
    const row = await findServiceRow(db, service.id);
    if (!row) await createService(db, { id: service.id, preset: service.id }, service.startMs);
    else if (!row.enabled) await updateService(db, service.id, { enabled: true }, "huabei", service.startMs);
  }
}

/**
 * The detector's tick opened an incident on each component the crowd hit (it
 * opens one per component, pending review): an operator confirms the first
 * and merges the others into it. Nothing else may be open, so the other
 * services are the working alternatives the demo shows.
 */
async function confirmOutage(db: Database): Promise<IncidentView> {
  const open = await listIncidentsForAdmin(db, { type: "incident", open: true });
  const elsewhere = open.filter((item) => item.serviceId !== OUTAGE.service);
  if (elsewhere.length) {
    throw new Error(`unexpected open incidents: ${elsewhere.map((i) => `${i.serviceId} "${i.name}"`).join(", ")}`);
  }
  const hit = Object.keys(OUTAGE.crowd);
  const detected = hit.map((componentId) =>
    open.find(
      (item) =>
        item.source === "detected" &&
        item.review === "pending" &&
        item.components.some((c) => c.componentId === componentId),
    ),
  );
  const missed = hit.filter((_, k) => !detected[k]);
  if (missed.length) throw new Error(`the detector opened no incident for ${missed.join(", ")}`);
  const [first, ...rest] = detected as IncidentView[];
  const at = Date.now();
  await confirmIncident(db, first!.id, { status: "identified", body: OUTAGE.confirm, now: at });
  for (const other of rest) await mergeIncident(db, other.id, first!.id, { body: OUTAGE.merge, now: at });
  return (await findIncident(db, first!.id))!;
}

async function fill(env: Env): Promise<void> {
  const db = database(env.DB);
  await step("services", () => enableServices(db));
  const known = new Set((await listComponents(db)).map((c) => c.id));
  const unknown = SERVICES.flatMap((s) => Object.keys(s.rates)).filter((id) => !known.has(id));
  if (unknown.length) throw new Error(`the demo needs its services' components; missing: ${unknown.join(", ")}`);

  await step("clear", () => clear(db));
  const history = await step("incidents and maintenance", () => writeHistory(db));
  const written = await step("reports and retention", () => writeReports(db, env, history));
  const probed = await step("probes and daily uptime", () => writeProbes(db));
  const baselineRows = await step("detector and baselines", () => runDetector(db, env));
  const outage = await step("the outage now", () => confirmOutage(db));
  const [rollupCount] = await db.select({ n: count() }).from(reportRollups);
  const [kept] = await db.select({ n: count() }).from(reports);

  console.log(
    [
      `Services: ${SERVICES.map((s) => s.id).join(", ")}. Now: ${OUTAGE.service} in an outage, detected and confirmed ("${outage.name}": ${outage.components.map((c) => `${c.componentId} ${c.status}`).join(", ")}).`,
      `Reports: ${written.stored} of ${written.drawn} stored through storeReports (${rollupCount?.n} rollup rows); retention removed ${written.deleted} older than the retention period, ${kept?.n} kept.`,
      `Incidents and maintenance: ${history.length}. Probe checks: ${probed.checks} rolled up into days, ${probed.raw} stored raw. Baseline rows: ${baselineRows}.`,
      `Steps: ${timings.join(", ")}.`,
    ].join("\n"),
  );
}

// ---------------------------------------------------------------- main
const started = Date.now();
const persist = persistTo ? ["--persist-to", stateDir] : [];
const migrate = spawnSync("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", ...persist], {
  cwd: root,
  stdio: ["ignore", "ignore", "inherit"],
  env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" },
});
if (migrate.status !== 0) {
  console.error("Applying the migrations to the local D1 failed.");
  process.exit(migrate.status ?? 1);
}
timings.push(`migrations ${((Date.now() - started) / 1000).toFixed(1)} s`);

const proxy = await getPlatformProxy<Env>({
  configPath: join(root, "wrangler.toml"),
  persist: { path: join(stateDir, "v3") },
});
try {
  await fill(proxy.env);
} catch (error) {
  console.error("Writing the demo data to the local D1 failed:", error);
  process.exitCode = 1;
} finally {
  await proxy.dispose();
}
if (!process.exitCode) {
  console.log(
    `Local D1${persistTo ? ` in ${persistTo}` : ""} now holds 90 days of demo history (${((Date.now() - started) / 1000).toFixed(0)} s). Start the page with: npm start`,
  );
}
