/**
 * The D1 schema: the single source of truth for every table. drizzle-kit
 * generates `migrations/` from this file; wrangler applies them.
 *
 * Conventions:
 * - Times are integer epoch milliseconds (UTC). Cheap to compare and index,
 *   and the detector does arithmetic on them; pages format them per time zone.
 * - Enumerations are TEXT checked by zod at the edge, not SQL CHECKs, so that
 *   adding a value never needs a table rebuild on D1.
 * - Booleans are INTEGER 0/1 (drizzle `mode: "boolean"`).
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * The services of the deployment. The configuration is a built-in preset
 * (src/config/presets.ts) plus the operator's overrides, resolved and checked
 * by src/config/registry.ts; components, groups, incidents and webhooks name
 * their service. Reports, rollups, baselines, detector state, probes and
 * uptime belong to a service through their component.
 */
export const services = sqliteTable("services", {
  id: text("id").primaryKey(),
  /** The preset it starts from (`huabei`, `wechat-pay`…), or null for an operator's own service. */
  preset: text("preset"),
  /** The operator's changes to the preset (ServiceOverrides in src/config/schema.ts). */
  overrides: text("overrides", { mode: "json" }),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  /** Order on the board. */
  position: integer("position").notNull().default(0),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** Rows from before services existed belong to the default service, Huabei. */
const serviceId = () => text("service_id").notNull().default("huabei");

export const componentGroups = sqliteTable("component_groups", {
  id: text("id").primaryKey(),
  serviceId: serviceId(),
  nameZh: text("name_zh").notNull(),
  nameEn: text("name_en").notNull(),
  position: integer("position").notNull().default(0),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

export const components = sqliteTable(
  "components",
  {
    /** A URL-safe slug, e.g. `online-pay`; also the Statuspage component id. */
    id: text("id").primaryKey(),
    serviceId: serviceId(),
    nameZh: text("name_zh").notNull(),
    nameEn: text("name_en").notNull(),
    descriptionZh: text("description_zh"),
    descriptionEn: text("description_en"),
    groupId: text("group_id").references(() => componentGroups.id, { onDelete: "set null" }),
    position: integer("position").notNull().default(0),
    /** Current Statuspage status: operational … under_maintenance. */
    status: text("status").notNull().default("operational"),
    /** Who set the current status: `detected` (the detector), `declared` (an operator) or `default`. */
    statusSource: text("status_source").notNull().default("default"),
    showcase: integer("showcase", { mode: "boolean" }).notNull().default(true),
    onlyShowIfDegraded: integer("only_show_if_degraded", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("components_position_idx").on(t.position), index("components_service_idx").on(t.serviceId, t.position)],
);

export const reports = sqliteTable(
  "reports",
  {
    id: text("id").primaryKey(),
    componentId: text("component_id")
      .notNull()
      .references(() => components.id, { onDelete: "cascade" }),
    symptom: text("symptom").notNull(),
    symptomClass: text("symptom_class").notNull(),
    /** Free text the reporter saw, already redacted (phones, ID cards, bank cards, e-mail). */
    messageSeen: text("message_seen"),
    region: text("region"),
    platform: text("platform"),
    otherMethodsWork: text("other_methods_work").notNull().default("unknown"),
    occurredAt: integer("occurred_at").notNull(),
    receivedAt: integer("received_at").notNull(),
    /** HMAC of IP + User-Agent + UTC day, truncated: never the IP itself. */
    fingerprint: text("fingerprint").notNull(),
    /** Same fingerprint and component within 30 minutes: stored, never counted twice. */
    isRepeat: integer("is_repeat", { mode: "boolean" }).notNull().default(false),
    verdict: text("verdict").notNull(),
    /** Client-supplied idempotency key, so a retried POST stores one report. */
    idempotencyKey: text("idempotency_key"),
    /**
     * Which write stored the row (a random token per D1 batch). The rollups of a
     * batch count only the rows carrying its token, so a report written again
     * (a queue redelivery, a retried request) is never counted twice.
     */
    ingestBatch: text("ingest_batch"),
    /** Keyed hash of the reporter's network (IPv4 address or IPv6 /64), rotating daily: never the address. */
    network: text("network"),
    /** Counts as a distinct reporter: no repeat, and within its network's share (src/detection/repeat.ts). */
    counted: integer("counted", { mode: "boolean" }).notNull().default(true),
    /**
     * The region the detector counts: where Cloudflare locates the request (request.cf), or, where there is
     * no request.cf (local development, imports), the region the reporter stated. `region` keeps the statement.
     */
    countedRegion: text("counted_region"),
  },
  (t) => [
    // The repeat check looks up one fingerprint's recent reports on one component.
    index("reports_fingerprint_idx").on(t.fingerprint, t.componentId, t.receivedAt),
    // The network share and the per-network rate limit look up one network's recent reports.
    index("reports_network_idx").on(t.network, t.componentId, t.receivedAt),
    // Retention deletes by age; exports read time ranges.
    index("reports_received_idx").on(t.receivedAt),
    uniqueIndex("reports_idempotency_idx").on(t.idempotencyKey),
  ],
);

/**
 * "It works again": one row per recovery someone reports on a component
 * (issue 14). The reporter is kept exactly as for a report (the same two
 * keyed hashes, never the address), and the rows are deleted after
 * REPORT_RETENTION_DAYS like raw reports. `counted` applies the report's
 * counting rules (src/detection/repeat.ts): the same reporter on the same
 * component within 30 minutes, or a network beyond its share, is stored but
 * not counted, so repeats never inflate the figure or the detector's evidence.
 */
export const recoveries = sqliteTable(
  "recoveries",
  {
    id: text("id").primaryKey(),
    componentId: text("component_id")
      .notNull()
      .references(() => components.id, { onDelete: "cascade" }),
    receivedAt: integer("received_at").notNull(),
    /** HMAC of IP + User-Agent + the day's secret, truncated: never the IP itself. */
    fingerprint: text("fingerprint").notNull(),
    /** Keyed hash of the network (IPv4 address or IPv6 /64), rotating daily: never the address. */
    network: text("network").notNull(),
    /** Counts as one more person who says it works again (no repeat, within the network's share). */
    counted: integer("counted", { mode: "boolean" }).notNull(),
  },
  (t) => [
    // The page's count and the detector read one component's recent recoveries.
    index("recoveries_component_idx").on(t.componentId, t.receivedAt),
    // The repeat rule looks up one fingerprint's recent recoveries on one component.
    index("recoveries_fingerprint_idx").on(t.fingerprint, t.componentId, t.receivedAt),
    // The network share and the per-network rate limit look up one network's recent recoveries.
    index("recoveries_network_idx").on(t.network, t.componentId, t.receivedAt),
    // Retention deletes by age.
    index("recoveries_received_idx").on(t.receivedAt),
  ],
);

/**
 * A random key per UTC day for reporter fingerprints and network hashes,
 * deleted two days later: once it is gone, nobody (even with
 * FINGERPRINT_SECRET and a copy of the database) can link that day's hashes
 * to addresses again.
 */
export const reporterKeys = sqliteTable("reporter_keys", {
  day: text("day").primaryKey(),
  key: text("key").notNull(),
  createdAt: integer("created_at").notNull(),
});

/**
 * Distinct reporters per component × minute × symptom class × region. Every
 * read path (detector, charts, page) reads this, never raw reports, so its cost
 * does not grow with history. Region is '' when unknown (SQLite primary keys
 * treat NULLs as distinct, which would break the upsert).
 */
export const reportRollups = sqliteTable(
  "report_rollups",
  {
    componentId: text("component_id").notNull(),
    minute: integer("minute").notNull(),
    symptomClass: text("symptom_class").notNull(),
    region: text("region").notNull().default(""),
    /** Non-repeat reports, i.e. distinct reporters. */
    reporters: integer("reporters").notNull().default(0),
    /** All reports, repeats included (for abuse monitoring). */
    reports: integer("reports").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.componentId, t.minute, t.symptomClass, t.region] }),
    // Page-wide charts read a time range across components.
    index("report_rollups_minute_idx").on(t.minute),
  ],
);

/** Per-symptom counts per minute, for "most reported symptoms" without scanning reports. */
export const symptomRollups = sqliteTable(
  "symptom_rollups",
  {
    componentId: text("component_id").notNull(),
    minute: integer("minute").notNull(),
    symptom: text("symptom").notNull(),
    reporters: integer("reporters").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.componentId, t.minute, t.symptom] }),
    index("symptom_rollups_minute_idx").on(t.minute),
  ],
);

/**
 * Usual level of distinct reporters per component × symptom class × 15-minute
 * slot of the week (0..671), learned from past weeks with incident and
 * maintenance windows left out. Refreshed incrementally by the cron.
 */
export const baselines = sqliteTable(
  "baselines",
  {
    componentId: text("component_id").notNull(),
    symptomClass: text("symptom_class").notNull(),
    slot: integer("slot").notNull(),
    /** Mean distinct reporters per minute in this slot. */
    mean: real("mean").notNull().default(0),
    /** Variance per minute, for the negative-binomial test when over-dispersed. */
    variance: real("variance").notNull().default(0),
    /** Minutes of history behind the estimate (for shrinkage). */
    samples: integer("samples").notNull().default(0),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.componentId, t.symptomClass, t.slot] }),
    // The board's "usual in the last hour" reads a few slots across every component (src/data/stats.ts).
    index("baselines_slot_idx").on(t.slot),
  ],
);

/**
 * The detector's persisted per-component state (plain JSON owned by src/detection): its record, rewritten
 * every minute, without the baseline's statistics once the cron has run (they are in `detector_baselines`).
 */
export const detectorState = sqliteTable("detector_state", {
  componentId: text("component_id").primaryKey(),
  state: text("state", { mode: "json" }).notNull(),
  evaluatedAt: integer("evaluated_at").notNull(),
});

/**
 * The statistics a component's detector has learned (a baseline's `stats` and `regions`, plain JSON owned
 * by src/detection), apart from its record: they change only at the hourly refresh, so the minute's tick
 * neither reads nor rewrites them (about 45 KB a component once a week is learned, more than twice the
 * rest of the record).
 */
export const detectorBaselines = sqliteTable("detector_baselines", {
  componentId: text("component_id").primaryKey(),
  learned: text("learned", { mode: "json" }).notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** Detected episodes: outage, account_wave, maintenance; each detected one links its incident. */
export const episodes = sqliteTable(
  "episodes",
  {
    id: text("id").primaryKey(),
    componentId: text("component_id").notNull(),
    kind: text("kind").notNull(),
    startedAt: integer("started_at").notNull(),
    resolvedAt: integer("resolved_at"),
    incidentId: text("incident_id"),
    evidence: text("evidence", { mode: "json" }),
  },
  (t) => [index("episodes_component_idx").on(t.componentId, t.resolvedAt)],
);

/**
 * Incidents and scheduled maintenances share one table, as in Statuspage:
 * maintenances are incidents with `scheduled_for`/`scheduled_until`.
 */
export const incidents = sqliteTable(
  "incidents",
  {
    id: text("id").primaryKey(),
    serviceId: serviceId(),
    /** `incident` or `maintenance`. */
    type: text("type").notNull().default("incident"),
    name: text("name").notNull(),
    /** investigating|identified|monitoring|resolved|postmortem, or scheduled|in_progress|verifying|completed for maintenance. */
    status: text("status").notNull(),
    /** none|minor|major|critical, or maintenance. */
    impact: text("impact").notNull().default("none"),
    /** `declared` by an operator or `detected` by the detector. */
    source: text("source").notNull().default("declared"),
    /** What the incident is, `outage` or `account_wave` (src/domain/incidents.ts INCIDENT_CAUSES); detected or declared. */
    detectedKind: text("detected_kind"),
    /** For detected incidents: pending, confirmed, dismissed or merged. */
    review: text("review"),
    mergedInto: text("merged_into"),
    evidence: text("evidence", { mode: "json" }),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    startedAt: integer("started_at").notNull(),
    monitoringAt: integer("monitoring_at"),
    resolvedAt: integer("resolved_at"),
    scheduledFor: integer("scheduled_for"),
    scheduledUntil: integer("scheduled_until"),
  },
  (t) => [
    // Open incidents and active maintenance are read on every page view.
    index("incidents_open_idx").on(t.type, t.resolvedAt),
    index("incidents_created_idx").on(t.createdAt),
    index("incidents_schedule_idx").on(t.type, t.scheduledFor),
    // History pages and feeds list one service's incidents, newest first.
    index("incidents_service_created_idx").on(t.serviceId, t.createdAt),
  ],
);

export const incidentUpdates = sqliteTable(
  "incident_updates",
  {
    id: text("id").primaryKey(),
    incidentId: text("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    status: text("status").notNull(),
    body: text("body").notNull(),
    /** Component statuses at the time of this update: [{code, name, old_status, new_status}]. */
    affectedComponents: text("affected_components", { mode: "json" }),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    displayAt: integer("display_at").notNull(),
  },
  (t) => [index("incident_updates_incident_idx").on(t.incidentId, t.displayAt)],
);

export const incidentComponents = sqliteTable(
  "incident_components",
  {
    incidentId: text("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    componentId: text("component_id")
      .notNull()
      .references(() => components.id, { onDelete: "restrict" }),
    /** The status this incident imposes on the component while open. */
    status: text("status").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.incidentId, t.componentId] }),
    index("incident_components_component_idx").on(t.componentId),
  ],
);

export const probes = sqliteTable(
  "probes",
  {
    id: text("id").primaryKey(),
    componentId: text("component_id")
      .notNull()
      .references(() => components.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** Vantage point label, e.g. `cf-worker`, `hangzhou`. */
    location: text("location").notNull(),
    url: text("url").notNull(),
    method: text("method").notNull().default("GET"),
    /** {name: value} where a value of the form `secret:NAME` reads Worker secret NAME. */
    headers: text("headers", { mode: "json" }).$type<Record<string, string>>(),
    expectedStatusMin: integer("expected_status_min").notNull().default(200),
    expectedStatusMax: integer("expected_status_max").notNull().default(299),
    bodyMustContain: text("body_must_contain"),
    bodyMustNotContain: text("body_must_not_contain"),
    timeoutMs: integer("timeout_ms").notNull().default(10_000),
    intervalMinutes: integer("interval_minutes").notNull().default(1),
    latencyThresholdMs: integer("latency_threshold_ms"),
    /** `worker` runs it from the cron; `agent` means a probe agent elsewhere runs it. */
    runner: text("runner").notNull().default("worker"),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    lastRunAt: integer("last_run_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("probes_component_idx").on(t.componentId)],
);

export const probeResults = sqliteTable(
  "probe_results",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    probeId: text("probe_id").notNull(),
    componentId: text("component_id").notNull(),
    location: text("location").notNull(),
    checkedAt: integer("checked_at").notNull(),
    ok: integer("ok", { mode: "boolean" }).notNull(),
    degraded: integer("degraded", { mode: "boolean" }).notNull().default(false),
    httpStatus: integer("http_status"),
    latencyMs: integer("latency_ms"),
    /** timeout|dns|connect|tls|http_status|keyword, null when ok. */
    errorClass: text("error_class"),
    agentId: text("agent_id"),
  },
  (t) => [
    // Also makes a retried agent push idempotent: the same check is stored once.
    uniqueIndex("probe_results_check_idx").on(t.probeId, t.location, t.checkedAt),
    index("probe_results_probe_idx").on(t.probeId, t.checkedAt),
    index("probe_results_component_idx").on(t.componentId, t.checkedAt),
    index("probe_results_checked_idx").on(t.checkedAt),
  ],
);

/** Probe agents running elsewhere; only a SHA-256 hash of each token is stored. */
export const probeAgents = sqliteTable(
  "probe_agents",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    location: text("location").notNull(),
    tokenHash: text("token_hash").notNull(),
    createdAt: integer("created_at").notNull(),
    lastSeenAt: integer("last_seen_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("probe_agents_token_idx").on(t.tokenHash)],
);

/** Daily per-probe figures; `day` is the YYYY-MM-DD of the page's time zone. Survives raw-result retention. */
export const probeDaily = sqliteTable(
  "probe_daily",
  {
    probeId: text("probe_id").notNull(),
    componentId: text("component_id").notNull(),
    day: text("day").notNull(),
    checks: integer("checks").notNull().default(0),
    failures: integer("failures").notNull().default(0),
    latencyP50: integer("latency_p50"),
    latencyP95: integer("latency_p95"),
  },
  (t) => [primaryKey({ columns: [t.probeId, t.day] }), index("probe_daily_component_idx").on(t.componentId, t.day)],
);

/** Daily per-component uptime for the 90-day bars (probes, incidents and maintenance folded in). */
export const componentDaily = sqliteTable(
  "component_daily",
  {
    componentId: text("component_id").notNull(),
    day: text("day").notNull(),
    uptimePct: real("uptime_pct").notNull().default(100),
    worstStatus: text("worst_status").notNull().default("operational"),
    downtimeMinutes: integer("downtime_minutes").notNull().default(0),
    degradedMinutes: integer("degraded_minutes").notNull().default(0),
    checks: integer("checks").notNull().default(0),
    failures: integer("failures").notNull().default(0),
    latencyP50: integer("latency_p50"),
    latencyP95: integer("latency_p95"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.componentId, t.day] })],
);

export const webhooks = sqliteTable("webhooks", {
  id: text("id").primaryKey(),
  /** Events of this service only. */
  serviceId: serviceId(),
  url: text("url").notNull(),
  /** HMAC-SHA256 key for `X-Signature`; shown once at creation. */
  secret: text("secret").notNull(),
  /** Event types subscribed to; null means all. */
  events: text("events", { mode: "json" }).$type<string[]>(),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  consecutiveFailures: integer("consecutive_failures").notNull().default(0),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    webhookId: text("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    event: text("event").notNull(),
    payload: text("payload").notNull(),
    /** pending, delivered, failed (gave up). */
    state: text("state").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at"),
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("webhook_deliveries_due_idx").on(t.state, t.nextAttemptAt)],
);

/** Operator settings (key → JSON value) that override the built-in service configuration. */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).notNull(),
  updatedAt: integer("updated_at").notNull().default(sql`(unixepoch() * 1000)`),
});

/**
 * People (and chat groups) who asked to be told when something changes. The
 * address (an e-mail address, a push endpoint, a chat robot's webhook URL) is
 * the one kind of contact data this project keeps: for sending only, never in
 * exports, logs or webhook payloads, deleted on unsubscribe and when a
 * confirmation link expires unused. One row per (service, channel, address);
 * signing up again widens what it follows.
 */
export const subscribers = sqliteTable(
  "subscribers",
  {
    id: text("id").primaryKey(),
    serviceId: serviceId(),
    /** email, push, or a chat robot: wecom, dingtalk, feishu, slack. */
    channel: text("channel").notNull(),
    address: text("address").notNull(),
    /** Push keys `{ p256dh, auth }`, or a chat robot's signing secret `{ secret }`. */
    keys: text("keys", { mode: "json" }).$type<Record<string, string>>(),
    /** zh-CN or en, as chosen at sign-up. */
    locale: text("locale").notNull(),
    /** What it follows: components and incidents; both null means the whole service. */
    componentIds: text("component_ids", { mode: "json" }).$type<string[]>(),
    incidentIds: text("incident_ids", { mode: "json" }).$type<string[]>(),
    /** Null until the confirmation link is followed; nothing but the confirmation is sent before. */
    confirmedAt: integer("confirmed_at"),
    /** When the last confirmation was sent (at most one per hour per address). */
    confirmationSentAt: integer("confirmation_sent_at"),
    /** An unconfirmed sign-up is deleted after this. */
    expiresAt: integer("expires_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("subscribers_address_idx").on(t.serviceId, t.channel, t.address),
    index("subscribers_expiry_idx").on(t.expiresAt),
  ],
);

/**
 * One row per (notice, subscriber): the unique key makes a queue redelivery
 * send nothing twice, and the rows of the last hour enforce the hourly cap.
 * No contact data here; rows go with their subscriber.
 */
export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    subscriberId: text("subscriber_id")
      .notNull()
      .references(() => subscribers.id, { onDelete: "cascade" }),
    /** Notice.key: the change this is about. */
    noticeKey: text("notice_key").notNull(),
    /** sending, sent, merged, capped, failed (a dead letter the console shows). */
    state: text("state").notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("notifications_once_idx").on(t.subscriberId, t.noticeKey),
    index("notifications_recent_idx").on(t.subscriberId, t.createdAt),
    index("notifications_state_idx").on(t.state, t.updatedAt),
  ],
);

/**
 * E-mail kept when no sender is configured (neither the send_email binding nor
 * SMTP): the admin console shows it. Goes with its subscriber.
 */
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: text("id").primaryKey(),
    subscriberId: text("subscriber_id").references(() => subscribers.id, { onDelete: "cascade" }),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html"),
    headers: text("headers", { mode: "json" }).$type<Record<string, string>>(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("email_outbox_created_idx").on(t.createdAt)],
);
