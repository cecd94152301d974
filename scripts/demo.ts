/**
 * `npm run demo`: fills the LOCAL D1 (the one `npm start` uses, under
 * .wrangler/) with 90 days of believable history, so a newcomer sees a living
 * page: user reports with a daily rhythm (and the 9th/10th repayment-day bump),
 * their per-minute rollups and the usual level (baselines), probe results and
 * daily uptime, past incidents with timelines, an account-restriction wave, a
 * completed and an upcoming maintenance.
 *
 * Rows have exactly the shape the Worker writes (see src/data/reports.ts
 * insertReport and the probes' daily rollup); they are generated as SQL and
 * applied with `wrangler d1 execute --local` because posting ten thousand
 * reports through the API would take minutes and trip the rate limit.
 * Deterministic (seeded), idempotent: it replaces reports, rollups, baselines,
 * detector state, incidents and the demo probes' data, nothing else.
 *
 *   npm run demo                       # the local D1 of `npm start`
 *   npm run demo -- --persist-to DIR   # another local state directory (the e2e tests use this)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { slotOfWeek } from "../src/detection/time";
import type { Symptom, SymptomClass } from "../src/domain/symptoms";

const MINUTE = 60_000;
const DAY = 1_440 * MINUTE;
const DAYS = 90;
/** Asia/Shanghai has no daylight saving: a fixed offset keeps the generator simple and fast. */
const SHANGHAI = 8 * 60 * MINUTE;
const REPORT_RETENTION_DAYS = 30;

const args = process.argv.slice(2);
const persistTo = args.includes("--persist-to") ? args[args.indexOf("--persist-to") + 1] : undefined;
const now = Date.now();
const nowMinute = Math.floor(now / MINUTE);
const startMinute = nowMinute - DAYS * 1_440;

// Deterministic randomness (mulberry32), so every run draws the same history.
let seed = 0x5eed_1234;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}
function poisson(lambda: number): number {
  if (lambda <= 0) return 0;
  let k = 0;
  let p = Math.exp(-lambda);
  let s = p;
  const u = random();
  while (u > s && k < 500) {
    k++;
    p *= lambda / k;
    s += p;
  }
  return k;
}
function pick<T>(weighted: [T, number][]): T {
  const total = weighted.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [value, w] of weighted) {
    r -= w;
    if (r <= 0) return value;
  }
  return weighted[weighted.length - 1]![0];
}
const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join("");
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[Math.floor(random() * 4)]}${hex(3)}-${hex(12)}`;
const q = (v: string | number | null | boolean) =>
  v === null
    ? "NULL"
    : typeof v === "number"
      ? String(v)
      : typeof v === "boolean"
        ? v
          ? "1"
          : "0"
        : `'${v.replace(/'/g, "''")}'`;

/** Local (Shanghai) midnight `daysAgo` days before today, plus hh:mm. */
function shanghaiAt(daysAgo: number, hh: number, mm: number): number {
  const todayStart = Math.floor((now + SHANGHAI) / DAY) * DAY - SHANGHAI;
  return todayStart - daysAgo * DAY + (hh * 60 + mm) * MINUTE;
}
const localDay = (ms: number) => new Date(ms + SHANGHAI).toISOString().slice(0, 10);

// ---------------------------------------------------------------- incidents
type Status = "degraded_performance" | "partial_outage" | "major_outage" | "under_maintenance";
interface DemoIncident {
  id: string;
  type: "incident" | "maintenance";
  name: string;
  impact: string;
  source: "declared" | "detected";
  detectedKind?: "outage" | "account_wave";
  components: [string, Status][];
  start: number;
  end: number | null;
  /** [minutes after start, status, body] */
  updates: [number, string, string][];
  /** Report surge multiplier and class while it lasts. */
  surge?: { cls: SymptomClass; factor: number };
}

const incidents: DemoIncident[] = [
  {
    id: "demo-2001",
    type: "incident",
    name: "花呗付款失败，提示“系统繁忙”",
    impact: "critical",
    source: "declared",
    components: [
      ["online-pay", "major_outage"],
      ["offline-pay", "partial_outage"],
    ],
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
    id: "demo-2002",
    type: "incident",
    name: "部分用户还款页面打不开",
    impact: "major",
    source: "declared",
    components: [["repayment", "partial_outage"]],
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
    id: "demo-2003",
    type: "incident",
    name: "大量用户反映额度被降低",
    impact: "minor",
    source: "detected",
    detectedKind: "account_wave",
    components: [["credit-account", "degraded_performance"]],
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
    id: "demo-2004",
    type: "incident",
    name: "登录和打开 App 变慢",
    impact: "minor",
    source: "declared",
    components: [["app-login", "degraded_performance"]],
    start: shanghaiAt(12, 12, 5),
    end: shanghaiAt(12, 12, 38),
    updates: [
      [5, "investigating", "部分用户登录或打开花呗页面较慢，我们正在调查。"],
      [33, "resolved", "已恢复正常。"],
    ],
    surge: { cls: "technical", factor: 12 },
  },
  {
    id: "demo-2005",
    type: "incident",
    name: "部分网店付款超时",
    impact: "major",
    source: "detected",
    detectedKind: "outage",
    components: [["online-pay", "partial_outage"]],
    start: shanghaiAt(3, 21, 40),
    end: shanghaiAt(3, 22, 6),
    updates: [
      [3, "investigating", "根据用户报告和自动探测发现：部分网店使用花呗付款时超时。"],
      [14, "identified", "已定位到一个地区机房的网络问题，流量正在切走。"],
      [26, "resolved", "付款已恢复正常。"],
    ],
    surge: { cls: "technical", factor: 35 },
  },
  {
    id: "demo-3001",
    type: "maintenance",
    name: "还款系统例行升级",
    impact: "maintenance",
    source: "declared",
    components: [["repayment", "under_maintenance"]],
    start: shanghaiAt(34, 2, 0),
    end: shanghaiAt(34, 4, 0),
    updates: [
      [-7 * 1_440, "scheduled", "计划于凌晨 2:00 至 4:00 升级还款系统，期间可能无法还款。"],
      [0, "in_progress", "维护已开始。"],
      [120, "completed", "维护已完成，还款功能正常。"],
    ],
  },
  {
    id: "demo-3002",
    type: "maintenance",
    name: "账单系统计划维护",
    impact: "maintenance",
    source: "declared",
    components: [["credit-account", "under_maintenance"]],
    start: shanghaiAt(-2, 1, 0),
    end: null,
    updates: [
      [
        -(3 * 1_440 + 600),
        "scheduled",
        "计划于凌晨 1:00 至 3:00 维护账单系统，期间可能无法查看账单和额度，付款不受影响。",
      ],
    ],
  },
];
const upcomingUntil = shanghaiAt(-2, 3, 0);

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
const MESSAGES: Partial<Record<Symptom, string[]>> = {
  system_busy: ["系统繁忙，请稍后再试", "系统繁忙"],
  payment_failed: ["支付失败", "付款未成功，请重试"],
  cannot_load: ["网络不给力，请稍后再试"],
  limit_reduced: ["花呗额度不足", "您的花呗额度已调整"],
  risk_warning: ["交易存在风险，已拦截"],
  account_frozen: ["花呗暂停使用"],
  not_eligible: ["综合评估暂不满足开通条件"],
  merchant_unsupported: ["该商户暂不支持花呗付款"],
};

function surgeAt(component: string, cls: SymptomClass, minute: number): number {
  const t = minute * MINUTE;
  for (const inc of incidents) {
    if (
      !inc.surge ||
      inc.surge.cls !== cls ||
      inc.end === null ||
      t < inc.start - 5 * MINUTE ||
      t >= inc.end + 20 * MINUTE
    )
      continue;
    if (!inc.components.some(([c]) => c === component)) continue;
    // Ramps up fast, trails off after the fix as people retry and check.
    const ramp = Math.min(1, (t - inc.start + 5 * MINUTE) / (10 * MINUTE));
    const tail = t > inc.end ? Math.max(0.05, 1 - (t - inc.end) / (20 * MINUTE)) : 1;
    return 1 + inc.surge.factor * ramp * tail;
  }
  return 1;
}

function inIncident(component: string, minute: number): boolean {
  const t = minute * MINUTE;
  return incidents.some(
    (inc) =>
      inc.type === "incident" &&
      inc.end !== null &&
      t >= inc.start &&
      t < inc.end &&
      inc.components.some(([c]) => c === component),
  );
}

const reportRows: string[] = [];
const rollups = new Map<string, { reporters: number; reports: number }>();
const symptomRollups = new Map<string, number>();
/** Baseline sufficient statistics: component|class|slot → [minutes, reporters, reporters²]. */
const baseline = new Map<string, [number, number, number]>();

for (let minute = startMinute; minute <= nowMinute; minute++) {
  const local = new Date(minute * MINUTE + SHANGHAI);
  const hour = local.getUTCHours();
  const weekday = local.getUTCDay();
  const dayOfMonth = local.getUTCDate();
  for (const [component, base] of Object.entries(COMPONENT_RATE)) {
    let rate = base * HOURLY[hour]! * (weekday === 0 || weekday === 6 ? 1.1 : 1);
    if (component === "repayment" && (dayOfMonth === 9 || dayOfMonth === 10)) rate *= 3;
    const calm = !inIncident(component, minute);
    for (const [cls, share] of CLASS_SHARE) {
      const n = poisson(rate * share * surgeAt(component, cls, minute));
      if (calm) {
        const key = `${component}|${cls}|${slotOfWeek(minute)}`;
        const s = baseline.get(key) ?? [0, 0, 0];
        s[0] += 1;
        s[1] += n;
        s[2] += n * n;
        baseline.set(key, s);
      }
      for (let i = 0; i < n; i++) addReport(component, cls, minute);
    }
  }
}

function addReport(component: string, cls: SymptomClass, minute: number): void {
  const symptom = pick(SYMPTOM_WEIGHTS[cls]);
  const region = pick(REGION_WEIGHTS);
  const repeat = random() < 0.04;
  const rollupKey = `${component}|${minute}|${cls}|${region}`;
  const r = rollups.get(rollupKey) ?? { reporters: 0, reports: 0 };
  r.reports++;
  if (!repeat) r.reporters++;
  rollups.set(rollupKey, r);
  const symptomKey = `${component}|${minute}|${symptom}`;
  symptomRollups.set(symptomKey, (symptomRollups.get(symptomKey) ?? 0) + (repeat ? 0 : 1));
  // Raw reports are kept for the retention period only, as the retention job would.
  if (minute < nowMinute - REPORT_RETENTION_DAYS * 1_440) return;
  const occurredAt = minute * MINUTE + Math.floor(random() * MINUTE);
  const open = incidents.find(
    (inc) =>
      inc.end !== null &&
      occurredAt >= inc.start &&
      occurredAt < inc.end &&
      inc.components.some(([c]) => c === component),
  );
  const verdict = open
    ? open.type === "maintenance"
      ? "maintenance"
      : open.detectedKind === "account_wave"
        ? "account_wave"
        : "outage"
    : cls === "account" || cls === "merchant"
      ? "individual"
      : "unconfirmed";
  const messages = MESSAGES[symptom];
  const message = messages && random() < 0.15 ? messages[Math.floor(random() * messages.length)]! : null;
  reportRows.push(
    [
      q(uuid()),
      q(component),
      q(symptom),
      q(cls),
      q(message),
      q(region || null),
      q(
        pick([
          ["android", 5],
          ["ios", 4],
          ["miniapp", 1],
          ["web", 0.5],
        ] as [string, number][]),
      ),
      q(
        pick([
          ["yes", 5],
          ["no", 1],
          ["unknown", 3],
        ] as [string, number][]),
      ),
      occurredAt,
      occurredAt + Math.floor(random() * 5_000),
      q(hex(32)),
      repeat ? 1 : 0,
      q(verdict),
      "NULL",
    ].join(", "),
  );
}

// ---------------------------------------------------------------- probes and daily uptime
const probeRows: string[] = [];
const probeDailyRows: string[] = [];
const componentDailyRows: string[] = [];
const probeResultRows: string[] = [];
const LOCATIONS: Record<string, string> = {
  "online-pay": "hangzhou",
  "offline-pay": "shanghai",
  repayment: "hangzhou",
  "credit-account": "shenzhen",
  "app-login": "beijing",
};

function impactOn(
  component: string,
  fromMs: number,
  toMs: number,
): { down: number; degraded: number; worst: Status | "operational" } {
  let down = 0;
  let degraded = 0;
  let worst: Status | "operational" = "operational";
  const rank = { operational: 0, under_maintenance: 1, degraded_performance: 2, partial_outage: 3, major_outage: 4 };
  for (const inc of incidents) {
    const hit = inc.components.find(([c]) => c === component);
    if (!hit || inc.end === null) continue;
    const overlap = Math.max(0, Math.min(toMs, inc.end) - Math.max(fromMs, inc.start)) / MINUTE;
    if (overlap <= 0) continue;
    if (inc.type === "maintenance") {
      if (rank.under_maintenance > rank[worst]) worst = "under_maintenance";
      continue;
    }
    if (hit[1] === "degraded_performance") degraded += overlap;
    else down += hit[1] === "major_outage" ? overlap : overlap * 0.3;
    if (rank[hit[1]] > rank[worst]) worst = hit[1];
  }
  return { down: Math.round(down), degraded: Math.round(degraded), worst };
}

for (const component of Object.keys(COMPONENT_RATE)) {
  const probeId = `demo-probe-${component}`;
  probeRows.push(
    [
      q(probeId),
      q(component),
      q(`演示探测：${component}`),
      q(LOCATIONS[component]!),
      q(`https://example.com/demo/${component}`),
      q("GET"),
      "NULL",
      200,
      299,
      "NULL",
      "NULL",
      10_000,
      5,
      2_000,
      q("agent"),
      1,
      now,
      now,
      now,
    ].join(", "),
  );
  for (let d = DAYS - 1; d >= 0; d--) {
    const dayStart = shanghaiAt(d, 0, 0);
    const dayEnd = Math.min(dayStart + DAY, now);
    const checks = Math.max(1, Math.floor((dayEnd - dayStart) / (5 * MINUTE)));
    const { down, degraded, worst } = impactOn(component, dayStart, dayEnd);
    const failures = Math.min(checks, Math.round(down / 5));
    const p50 = 170 + Math.floor(random() * 60) + (degraded > 0 ? 400 : 0);
    const p95 = p50 + 250 + Math.floor(random() * 200) + (degraded > 0 ? 900 : 0);
    const uptime = Math.round(((checks - failures) / checks) * 10_000) / 100;
    const day = localDay(dayStart);
    probeDailyRows.push([q(probeId), q(component), q(day), checks, failures, p50, p95].join(", "));
    componentDailyRows.push(
      [q(component), q(day), uptime, q(worst), down, degraded, checks, failures, p50, p95, now].join(", "),
    );
  }
  // Raw results for the last two days, every five minutes.
  for (let t = Math.floor((now - 2 * DAY) / (5 * MINUTE)) * 5 * MINUTE; t <= now; t += 5 * MINUTE) {
    const bad = impactOn(component, t, t + MINUTE).down > 0;
    const latency = 150 + Math.floor(random() * 120) + (random() < 0.02 ? 1_500 : 0);
    probeResultRows.push(
      [
        q(probeId),
        q(component),
        q(LOCATIONS[component]!),
        t,
        bad ? 0 : 1,
        latency > 2_000 ? 1 : 0,
        bad ? 503 : 200,
        latency,
        q(bad ? "http_status" : null),
        q("demo-agent"),
      ].join(", "),
    );
  }
}

// ---------------------------------------------------------------- SQL
const sql: string[] = [
  "DELETE FROM reports;",
  "DELETE FROM report_rollups;",
  "DELETE FROM symptom_rollups;",
  "DELETE FROM baselines;",
  "DELETE FROM detector_state;",
  "DELETE FROM episodes;",
  "DELETE FROM incident_updates;",
  "DELETE FROM incident_components;",
  "DELETE FROM incidents;",
  "DELETE FROM component_daily;",
  "DELETE FROM probe_results WHERE probe_id LIKE 'demo-probe-%';",
  "DELETE FROM probe_daily WHERE probe_id LIKE 'demo-probe-%';",
  "DELETE FROM probes WHERE id LIKE 'demo-probe-%';",
  "UPDATE components SET status = 'operational', status_source = 'default';",
];

function insert(table: string, columns: string, rows: string[], chunk = 100): void {
  for (let i = 0; i < rows.length; i += chunk) {
    sql.push(`INSERT INTO ${table} (${columns}) VALUES\n(${rows.slice(i, i + chunk).join("),\n(")});`);
  }
}

insert(
  "reports",
  "id, component_id, symptom, symptom_class, message_seen, region, platform, other_methods_work, occurred_at, received_at, fingerprint, is_repeat, verdict, idempotency_key",
  reportRows,
);
insert(
  "report_rollups",
  "component_id, minute, symptom_class, region, reporters, reports",
  [...rollups].map(([key, r]) => {
    const [component, minute, cls, region] = key.split("|");
    return [q(component!), minute, q(cls!), q(region!), r.reporters, r.reports].join(", ");
  }),
  200,
);
insert(
  "symptom_rollups",
  "component_id, minute, symptom, reporters",
  [...symptomRollups].map(([key, n]) => {
    const [component, minute, symptom] = key.split("|");
    return [q(component!), minute, q(symptom!), n].join(", ");
  }),
  200,
);
insert(
  "baselines",
  "component_id, symptom_class, slot, mean, variance, samples, updated_at",
  [...baseline].map(([key, [n, sum, sumSq]]) => {
    const [component, cls, slot] = key.split("|");
    const mean = sum / n;
    const variance = Math.max(mean, sumSq / n - mean * mean);
    return [q(component!), q(cls!), slot, mean.toFixed(5), variance.toFixed(5), n, now].join(", ");
  }),
  200,
);
insert(
  "probes",
  "id, component_id, name, location, url, method, headers, expected_status_min, expected_status_max, body_must_contain, body_must_not_contain, timeout_ms, interval_minutes, latency_threshold_ms, runner, enabled, last_run_at, created_at, updated_at",
  probeRows,
);
insert("probe_daily", "probe_id, component_id, day, checks, failures, latency_p50, latency_p95", probeDailyRows);
insert(
  "component_daily",
  "component_id, day, uptime_pct, worst_status, downtime_minutes, degraded_minutes, checks, failures, latency_p50, latency_p95, updated_at",
  componentDailyRows,
);
insert(
  "probe_results",
  "probe_id, component_id, location, checked_at, ok, degraded, http_status, latency_ms, error_class, agent_id",
  probeResultRows,
);

for (const inc of incidents) {
  const last = inc.updates[inc.updates.length - 1]!;
  const created = inc.start + Math.min(0, inc.updates[0]![0]) * MINUTE;
  const isMaintenance = inc.type === "maintenance";
  const resolvedAt = inc.end;
  sql.push(
    `INSERT INTO incidents (id, type, name, status, impact, source, detected_kind, review, created_at, updated_at, started_at, monitoring_at, resolved_at, scheduled_for, scheduled_until) VALUES (${[
      q(inc.id),
      q(inc.type),
      q(inc.name),
      q(last[1]),
      q(inc.impact),
      q(inc.source),
      q(inc.detectedKind ?? null),
      q(inc.source === "detected" ? "confirmed" : null),
      created,
      inc.start + last[0] * MINUTE,
      inc.start,
      inc.updates.find((u) => u[1] === "monitoring")
        ? inc.start + inc.updates.find((u) => u[1] === "monitoring")![0] * MINUTE
        : null,
      resolvedAt,
      isMaintenance ? inc.start : null,
      isMaintenance ? (inc.end ?? upcomingUntil) : null,
    ]
      .map((v) => (typeof v === "string" ? v : v === null ? "NULL" : String(v)))
      .join(", ")});`,
  );
  for (const [component, status] of inc.components) {
    sql.push(
      `INSERT INTO incident_components (incident_id, component_id, status) VALUES (${q(inc.id)}, ${q(component)}, ${q(status)});`,
    );
  }
  inc.updates.forEach(([offset, status, body], i) => {
    const at = inc.start + offset * MINUTE;
    const affected = JSON.stringify(
      inc.components.map(([code, s]) => ({
        code,
        new_status: status === "resolved" || status === "completed" ? "operational" : s,
      })),
    );
    sql.push(
      `INSERT INTO incident_updates (id, incident_id, status, body, affected_components, created_at, updated_at, display_at) VALUES (${[q(`${inc.id}-u${i}`), q(inc.id), q(status), q(body), q(affected), at, at, at].join(", ")});`,
    );
  });
}

const dir = mkdtempSync(join(tmpdir(), "paystatus-demo-"));
const file = join(dir, "demo.sql");
writeFileSync(file, sql.join("\n"));
const persist = persistTo ? ["--persist-to", persistTo] : [];
const env = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" };
const run = (argv: string[]) =>
  spawnSync("npx", ["wrangler", ...argv], { stdio: ["ignore", "ignore", "inherit"], env });

console.log(
  `Generated ${reportRows.length} reports (last ${REPORT_RETENTION_DAYS} days), ${rollups.size} rollup rows, ${incidents.length} incidents and maintenances.`,
);
let result = run(["d1", "migrations", "apply", "DB", "--local", ...persist]);
if (result.status === 0) result = run(["d1", "execute", "DB", "--local", ...persist, "--file", file]);
rmSync(dir, { recursive: true, force: true });
if (result.status !== 0) {
  console.error("Writing the demo data to the local D1 failed.");
  process.exit(result.status ?? 1);
}
console.log(
  `Local D1${persistTo ? ` in ${persistTo}` : ""} now holds 90 days of demo history. Start the page with: npm start`,
);
