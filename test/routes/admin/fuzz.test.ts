import { env, exports } from "cloudflare:workers";
import fc from "fast-check";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advanceMaintenances } from "../../../src/data/maintenance-writes";
import { database } from "../../../src/db/client";
import { EVENT_TYPES } from "../../../src/domain/events";
import { IMPACTS, INCIDENT_STATUSES, MAINTENANCE_STATUSES } from "../../../src/domain/status";
import { COMPONENT_STATUSES, OTHER_METHODS, PLATFORMS, REGIONS } from "../../../src/domain/symptoms";
import { adminJson, BASE, TOKEN } from "../../admin-helpers";
import { HUABEI_SYMPTOMS as SYMPTOMS } from "../../seed";

// Property-based hostile input for the admin API (with the valid token): whatever
// the body, no 5xx; a rejected body leaves D1 unchanged; an accepted body stores
// its text as given (trimmed, never escaped: escaping happens at output).
// Together with test/routes/reports-fuzz.test.ts (10,000 runs) this is the issue's
// 10,000+ generated bodies at POST /api/reports and the admin endpoints.

const RUNS = 3_500;

// No run may reach the internet, should a webhook ever be dispatched.
const network = setupServer(http.all("*", () => new HttpResponse(null, { status: 204 })));
beforeAll(() => network.listen({ onUnhandledRequest: "bypass" }));
afterAll(() => network.close());

const TABLES = [
  "incidents",
  "incident_updates",
  "incident_components",
  "components",
  "component_groups",
  "webhooks",
  "probes",
  "probe_agents",
  "reports",
] as const;

type Counts = Record<(typeof TABLES)[number], number>;
async function counts(): Promise<Counts> {
  const sql = `SELECT ${TABLES.map((t) => `(SELECT COUNT(*) FROM ${t}) AS ${t}`).join(", ")}`;
  return (await env.DB.prepare(sql).first<Record<(typeof TABLES)[number], number>>())!;
}

// ---- hostile values ---------------------------------------------------------

const HOSTILE_TEXT = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "</title><svg onload=alert(1)>",
  "]]><!-- &amp; &lt;",
  "'; DROP TABLE incidents; --",
  "\u0000\u0001\u0008\u000b",
  "\u202e\u200b\ufeff",
  "\ud800 lone surrogate \udfff",
  "𝕏🧨👩‍👩‍👧 长文本",
  "  padded  ",
  "",
  "   ",
  "__proto__",
  "constructor",
];
const huge = fc.constantFrom("x".repeat(10_001), "长".repeat(4_000), "a".repeat(201), "a".repeat(70_000));
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 120 }) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
  { weight: 1, arbitrary: huge },
);
const weird: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.object({ maxDepth: 2, withNullPrototype: true }),
  fc.jsonValue({ maxDepth: 3 }),
  text,
);
/** Mostly a plausible value, sometimes anything at all. */
const field = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 14, arbitrary: valid as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: weird });
/** Mostly a known value, sometimes an unknown one or another type. */
const enumOf = (values: readonly string[]) =>
  fc.oneof(
    { weight: 14, arbitrary: fc.constantFrom(...values) },
    { weight: 1, arbitrary: fc.constantFrom("UNKNOWN", values[0]!.toUpperCase(), ` ${values[0]}`, "") },
    { weight: 1, arbitrary: weird },
  );
const slugish = fc.oneof(
  fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/),
  fc.constantFrom("online-pay", "repayment", "nope", "__proto__", "constructor", "A", "-x", "x".repeat(64)),
);
// Maintenance follows the clock: a write first advances every window that began or
// ended (an automatic update). No generated window edge falls within two hours of
// the test run, so that housekeeping never lands inside a run (see advance below).
const T0 = Date.now();
const iso = fc
  .date({ min: new Date(T0 - 5 * 86_400_000), max: new Date(T0 + 30 * 86_400_000), noInvalidDate: true })
  .map((d) => (Math.abs(d.getTime() - T0) < 2 * 3_600_000 ? new Date(d.getTime() + 4 * 3_600_000) : d).toISOString());
const isoish = field(
  fc.oneof(
    { weight: 5, arbitrary: iso },
    {
      weight: 1,
      arbitrary: fc.constantFrom("2026-13-01T00:00:00Z", "yesterday", "2026-12-01", "0000-01-01T00:00:00Z"),
    },
  ),
);
const componentMap = field(fc.dictionary(slugish, enumOf(COMPONENT_STATUSES), { maxKeys: 3 }));

/** Adds an own enumerable `__proto__` key (JSON.stringify writes it out; JSON.parse makes it an own key again). */
function withProto<T extends object>(value: T, proto: unknown): T {
  Object.defineProperty(value, "__proto__", { value: proto, enumerable: true, configurable: true, writable: true });
  return value;
}
const pollution = fc.constantFrom<unknown>({ polluted: true, name: "polluted", status: "resolved" }, null, "x", [1]);

/** A near-valid `{wrapper: inner}` body: usually well wrapped, sometimes not, sometimes with `__proto__` keys. */
function wrapped(key: string, inner: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  return fc.tuple(inner, fc.nat(19), pollution).map(([value, roll, proto]) => {
    if (roll < 13) return { [key]: value };
    if (roll < 15) return withProto({ [key]: value }, proto);
    if (roll < 17) return { [key]: withProto({ ...value }, proto) };
    if (roll < 18) return value; // not wrapped
    if (roll < 19) return { [key]: [value] };
    return { [key]: Object.assign(Object.create(null), value), extra: { deep: { er: [value] } } };
  });
}

const incidentFields = fc.record(
  {
    name: field(text),
    status: enumOf(INCIDENT_STATUSES),
    impact_override: enumOf(IMPACTS),
    body: field(text),
    components: componentMap,
    deliver_notifications: fc.boolean(),
  },
  { requiredKeys: [] },
);
const maintenanceFields = fc.record(
  {
    name: field(text),
    status: enumOf(MAINTENANCE_STATUSES),
    body: field(text),
    scheduled_for: isoish,
    scheduled_until: isoish,
    components: field(fc.dictionary(slugish, field(fc.constant("under_maintenance")), { maxKeys: 3 })),
    component_ids: field(fc.array(slugish, { maxLength: 3 })),
  },
  { requiredKeys: [] },
);
const componentFields = fc.record(
  {
    id: field(slugish),
    name: field(text),
    name_zh: field(text),
    name_en: field(text),
    description: field(fc.option(text, { nil: null })),
    description_zh: field(text),
    description_en: field(text),
    group_id: field(fc.option(slugish, { nil: null })),
    position: field(fc.integer({ min: -5, max: 20_000 })),
    status: enumOf(COMPONENT_STATUSES),
    showcase: field(fc.boolean()),
    only_show_if_degraded: field(fc.boolean()),
  },
  { requiredKeys: [] },
);
const webhookFields = fc.record(
  {
    url: field(
      fc.oneof(
        fc.webUrl(),
        fc.constantFrom(
          "javascript:alert(1)",
          "ftp://x.example/",
          "https://hooks.example/<script>",
          "http://[::1]/",
          `https://x.example/${"a".repeat(2100)}`,
        ),
      ),
    ),
    events: field(fc.array(enumOf(EVENT_TYPES), { maxLength: 3 })),
  },
  { requiredKeys: [] },
);
const probeFields = fc.record(
  {
    id: field(slugish),
    component: field(slugish),
    name: field(text),
    location: field(text),
    url: field(
      fc.oneof(
        fc.webUrl(),
        fc.constantFrom("/demo/upstream", "//evil.example", "file:///etc/passwd", "javascript:alert(1)"),
      ),
    ),
    method: enumOf(["GET", "HEAD", "POST"]),
    headers: field(
      fc.dictionary(
        fc.oneof(fc.constantFrom("x-key", "__proto__", "bad header"), fc.string({ maxLength: 10 })),
        field(fc.oneof(text, fc.constantFrom("secret:PROBE_X", "secret:nope"))),
        { maxKeys: 3 },
      ),
    ),
    expected_status_min: field(fc.integer({ min: 0, max: 700 })),
    expected_status_max: field(fc.integer({ min: 0, max: 700 })),
    body_must_contain: field(fc.option(text, { nil: null })),
    timeout_ms: field(fc.integer({ min: 0, max: 40_000 })),
    interval_minutes: field(fc.integer({ min: 0, max: 90 })),
    runner: enumOf(["worker", "agent"]),
    enabled: field(fc.boolean()),
  },
  { requiredKeys: [] },
);
const importLine = fc.record(
  {
    component: field(fc.constantFrom("online-pay", "repayment", "nope", "")),
    symptom: enumOf(SYMPTOMS),
    message_seen: field(text),
    region: enumOf(REGIONS),
    platform: enumOf(PLATFORMS),
    other_methods_work: enumOf(OTHER_METHODS),
    occurred_at: field(
      fc
        .date({
          min: new Date(Date.now() - 40 * 86_400_000),
          max: new Date(Date.now() + 3_600_000),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString()),
    ),
    id: field(fc.uuid()),
    reporter: field(text),
  },
  { requiredKeys: ["component", "symptom", "occurred_at"] },
);

// Valid shapes with hostile but acceptable text: these must be stored as given.
const COMPONENTS = ["online-pay", "offline-pay", "repayment", "credit-account", "app-login"];
const goodText = fc
  .oneof(
    { weight: 3, arbitrary: fc.string({ minLength: 1, maxLength: 150 }) },
    { weight: 2, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 80 }) },
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
  )
  .filter((t) => t.trim().length > 0);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
const strip = <T extends Record<string, unknown>>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
const someComponents = fc.subarray(COMPONENTS, { maxLength: 2 });
const goodIncident = fc
  .record({
    name: goodText,
    status: maybe(pick(INCIDENT_STATUSES)),
    impact_override: maybe(pick(IMPACTS)),
    body: maybe(goodText),
    components: maybe(
      fc
        .tuple(someComponents, pick(COMPONENT_STATUSES))
        .map(([ids, st]) => Object.fromEntries(ids.map((id) => [id, st]))),
    ),
  })
  .map(strip);
const goodIncidentUpdate = fc
  .record({ name: maybe(goodText), status: maybe(pick(INCIDENT_STATUSES)), body: goodText })
  .map(strip);
const goodMaintenance = fc
  .record({
    name: goodText,
    body: maybe(goodText),
    hours: fc.integer({ min: 3, max: 200 }),
    length: fc.integer({ min: 1, max: 48 }),
    component_ids: maybe(someComponents),
  })
  .map(({ hours, length, ...rest }) => {
    const start = Date.now() + hours * 3_600_000;
    return strip({
      ...rest,
      scheduled_for: new Date(start).toISOString(),
      scheduled_until: new Date(start + length * 3_600_000).toISOString(),
    });
  });
const goodMaintenanceUpdate = fc.record({ name: maybe(goodText), body: goodText }).map(strip);
const freshSlug = fc.stringMatching(/^[a-z0-9]{4,12}$/).map((s) => `fz-${s}`);
const goodComponent = fc
  .record({
    id: freshSlug,
    name: goodText,
    name_en: maybe(goodText),
    description: maybe(fc.option(goodText, { nil: null })),
    status: maybe(pick(COMPONENT_STATUSES)),
    showcase: maybe(fc.boolean()),
  })
  .map(strip);
const goodComponentUpdate = fc
  .record({ name_zh: maybe(goodText), name_en: maybe(goodText), description: maybe(goodText) })
  .map(strip);
const goodWebhook = fc
  .record({
    url: fc.webUrl({ validSchemes: ["https"] }),
    events: maybe(fc.subarray([...EVENT_TYPES], { minLength: 1 })),
  })
  .map(strip);
const goodProbe = fc
  .record({
    id: maybe(freshSlug),
    component: pick(COMPONENTS),
    name: goodText.map((t) => t.slice(0, 90)).filter((t) => t.trim().length > 0),
    location: maybe(goodText.map((t) => t.slice(0, 60)).filter((t) => t.trim().length > 0)),
    url: fc.oneof(fc.webUrl({ validSchemes: ["https"] }), fc.constant("/demo/upstream")),
    runner: maybe(pick(["worker", "agent"])),
    enabled: fc.constant(false),
  })
  .map(strip);
const goodImportLine = fc
  .record({
    component: pick(COMPONENTS),
    symptom: pick(SYMPTOMS),
    message_seen: maybe(goodText.map((t) => t.slice(0, 400))),
    region: maybe(pick(REGIONS)),
    occurred_at: fc.integer({ min: 1, max: 30 * 24 }).map((h) => new Date(Date.now() - h * 3_600_000).toISOString()),
    reporter: maybe(fc.string({ minLength: 1, maxLength: 20 })),
  })
  .map(strip);

// ---- requests ---------------------------------------------------------------

type Kind =
  | "incident.create"
  | "incident.update"
  | "maintenance.create"
  | "maintenance.update"
  | "component.create"
  | "component.update"
  | "webhook.create"
  | "probe.create"
  | "reports.import";
interface Call {
  kind: Kind;
  method: string;
  path: string;
  type: string;
  payload: string | Uint8Array;
  /** The generated value when the payload is its JSON text. */
  input?: any;
}

/** JSON.stringify that survives what fast-check makes (prototype-less objects are fine; BigInt is not generated). */
const json = (value: unknown) => JSON.stringify(value) ?? "null";

let incidentId = "";
let maintenanceId = "";
/** Paths name the seeded incident and maintenance by placeholder, filled in at request time. */
const fillIds = (path: string) => path.replace("{incident}", incidentId).replace("{maintenance}", maintenanceId);

interface Target {
  kind: Kind;
  method: string;
  path: () => fc.Arbitrary<string>;
  body: fc.Arbitrary<unknown>;
  type?: string;
}

/** Half hostile near-valid shapes, half valid shapes carrying hostile text. */
const mix = (
  key: string,
  hostile: fc.Arbitrary<Record<string, unknown>>,
  good: fc.Arbitrary<Record<string, unknown>>,
) =>
  fc.oneof(
    wrapped(key, hostile),
    good.map((value) => ({ [key]: value }) as unknown),
  );

const TARGETS: Target[] = [
  {
    kind: "incident.create",
    method: "POST",
    path: () => fc.constant("/api/admin/incidents"),
    body: mix("incident", incidentFields, goodIncident),
  },
  {
    kind: "incident.update",
    method: "PATCH",
    path: () =>
      fc
        .constantFrom("{incident}", "{incident}", "{incident}", "nope", "%3Cscript%3E", "..%2F..%2Fadmin")
        .map((id) => `/api/admin/incidents/${id}`),
    body: mix("incident", incidentFields, goodIncidentUpdate),
  },
  {
    kind: "maintenance.create",
    method: "POST",
    path: () => fc.constant("/api/admin/maintenances"),
    body: mix("incident", maintenanceFields, goodMaintenance),
  },
  {
    kind: "maintenance.update",
    method: "PATCH",
    path: () => fc.constantFrom("{maintenance}", "{maintenance}", "nope").map((id) => `/api/admin/maintenances/${id}`),
    body: mix("incident", maintenanceFields, goodMaintenanceUpdate),
  },
  {
    kind: "component.create",
    method: "POST",
    path: () => fc.constant("/api/admin/components"),
    body: mix("component", componentFields, goodComponent),
  },
  {
    kind: "component.update",
    method: "PATCH",
    path: () => fc.constantFrom("online-pay", "repayment", "nope").map((id) => `/api/admin/components/${id}`),
    body: mix("component", componentFields, goodComponentUpdate),
  },
  {
    kind: "webhook.create",
    method: "POST",
    path: () => fc.constant("/api/admin/webhooks"),
    body: mix("webhook", webhookFields, goodWebhook),
  },
  {
    kind: "probe.create",
    method: "POST",
    path: () => fc.constant("/api/admin/probes"),
    body: mix("probe", probeFields, goodProbe),
  },
];

const randomBody = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .json({ maxDepth: 4 })
      .map((payload) => ({ type: "application/json", payload: payload as string | Uint8Array })),
  },
  {
    weight: 2,
    arbitrary: fc
      .uint8Array({ maxLength: 400 })
      .map((payload) => ({ type: "application/json", payload: payload as string | Uint8Array })),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 9, max: 40 })
      .map((n) => ({ type: "application/json", payload: "[".repeat(n) + "]".repeat(n) })),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 9, max: 40 })
      .map((n) => ({ type: "application/json", payload: `${'{"incident":'.repeat(n)}{}${"}".repeat(n)}` })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          "text/plain",
          "multipart/form-data; boundary=x",
          "",
          "application/xml",
          "application/x-www-form-urlencoded",
          "application/json; charset=latin1",
        ),
        fc.string({ maxLength: 200 }),
      )
      .map(([type, payload]) => ({ type, payload: payload as string | Uint8Array })),
  },
);

const jsonCall = fc.oneof(
  ...TARGETS.map((t) =>
    fc.tuple(t.path(), t.body, fc.nat(99), randomBody).map(([path, value, roll, random]): Call => {
      if (roll < 85)
        return { kind: t.kind, method: t.method, path, type: "application/json", payload: json(value), input: value };
      return { kind: t.kind, method: t.method, path, ...random };
    }),
  ),
);

const importCall = fc
  .tuple(
    fc.oneof(
      fc.array(
        fc.oneof({ weight: 8, arbitrary: importLine as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: weird }),
        { minLength: 0, maxLength: 3 },
      ),
      fc.array(goodImportLine as fc.Arbitrary<unknown>, { minLength: 1, maxLength: 3 }),
    ),
    fc.nat(19),
    randomBody,
  )
  .map(([lines, roll, random]): Call => {
    const base = { kind: "reports.import" as const, method: "POST", path: "/api/admin/reports/import" };
    if (roll < 15) return { ...base, type: "application/x-ndjson", payload: lines.map(json).join("\n"), input: lines };
    if (roll < 16)
      return { ...base, type: "application/x-ndjson", payload: `${lines.map(json).join("\n")}\n{not json` };
    if (roll < 17) return { ...base, type: "application/json", payload: json(lines[0] ?? {}) };
    return { ...base, ...random, type: random.type === "application/json" ? "application/x-ndjson" : random.type };
  });

const call = fc.oneof({ weight: 8, arbitrary: jsonCall }, { weight: 1, arbitrary: importCall });

// ---- checks on accepted bodies ------------------------------------------------

const trimmed = (value: unknown) => (typeof value === "string" ? value.trim() : undefined);

async function one<T>(sql: string, ...bind: unknown[]): Promise<T | null> {
  return env.DB.prepare(sql)
    .bind(...bind)
    .first<T>();
}
async function updateBodies(id: string): Promise<string[]> {
  const { results } = await env.DB.prepare("SELECT body FROM incident_updates WHERE incident_id = ?")
    .bind(id)
    .all<{ body: string }>();
  return results.map((r) => r.body);
}

async function checkAccepted(c: Call, response: Response, before: Counts, after: Counts) {
  const out = await response.json<any>();
  const inner =
    c.input && typeof c.input === "object"
      ? (c.input as Record<string, any>)[
          c.kind.startsWith("incident") || c.kind.startsWith("maintenance") ? "incident" : c.kind.split(".")[0]!
        ]
      : undefined;
  switch (c.kind) {
    case "incident.create":
    case "maintenance.create":
    case "incident.update":
    case "maintenance.update": {
      if (c.kind.endsWith("create")) expect(after.incidents).toBe(before.incidents + 1);
      const row = await one<{ name: string }>("SELECT name FROM incidents WHERE id = ?", out.id);
      expect(row).not.toBeNull();
      if (trimmed(inner?.name)) expect(row!.name).toBe(trimmed(inner.name));
      if (trimmed(inner?.body)) expect(await updateBodies(out.id)).toContain(trimmed(inner.body));
      expect(out.name).toBe(row!.name);
      // Later updates target the newest open one, so a generated "completed" or "resolved" does not end the fun.
      if (c.kind === "maintenance.create" && !["completed", "cancelled"].includes(out.status)) maintenanceId = out.id;
      if (c.kind === "incident.create" && out.status !== "resolved" && out.status !== "postmortem") incidentId = out.id;
      break;
    }
    case "component.create":
    case "component.update": {
      if (c.kind === "component.create") expect(after.components).toBe(before.components + 1);
      const row = await one<{ name_zh: string; name_en: string; description_zh: string | null }>(
        "SELECT name_zh, name_en, description_zh FROM components WHERE id = ?",
        out.id,
      );
      expect(row).not.toBeNull();
      const zh = trimmed(inner?.name_zh) ?? trimmed(inner?.name);
      const en = trimmed(inner?.name_en) ?? trimmed(inner?.name);
      if (zh) expect(row!.name_zh).toBe(zh);
      if (en) expect(row!.name_en).toBe(en);
      const description = inner?.description_zh !== undefined ? inner.description_zh : inner?.description;
      if (typeof description === "string") expect(row!.description_zh).toBe(description.trim());
      break;
    }
    case "webhook.create": {
      expect(after.webhooks).toBe(before.webhooks + 1);
      const row = await one<{ url: string }>("SELECT url FROM webhooks WHERE id = ?", out.id);
      expect(row?.url).toBe(out.url);
      // Never leave a generated endpoint registered: later incidents would try to deliver to it.
      await adminJson("DELETE", `/api/admin/webhooks/${out.id}`, undefined, 204);
      break;
    }
    case "probe.create": {
      expect(after.probes).toBe(before.probes + 1);
      const row = await one<{ name: string; location: string }>(
        "SELECT name, location FROM probes WHERE id = ?",
        out.id,
      );
      expect(row?.name).toBe(trimmed(inner?.name));
      if (trimmed(inner?.location)) expect(row?.location).toBe(trimmed(inner.location));
      break;
    }
    case "reports.import":
      expect(after.reports).toBe(before.reports + out.imported);
      break;
  }
}

/**
 * Failures quote the generated value; a lone surrogate in that text breaks the
 * pool's WebSocket (invalid UTF-8), hiding the real failure. Report it well formed.
 */
async function wellFormed(run: () => Promise<void>) {
  try {
    await run();
  } catch (error) {
    const clean = (s: string) =>
      s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\\u{lone}");
    const cause = error instanceof Error && error.cause instanceof Error ? `\ncause: ${error.cause.message}` : "";
    throw new Error(clean(error instanceof Error ? `${error.message}${cause}` : String(error)));
  }
}

describe("admin endpoints under generated hostile bodies", () => {
  beforeAll(async () => {
    incidentId = (
      await adminJson(
        "POST",
        "/api/admin/incidents",
        { incident: { name: "Fuzz target", components: { "online-pay": "degraded_performance" } } },
        201,
      )
    ).id;
    const start = new Date(Date.now() + 86_400_000).toISOString();
    const end = new Date(Date.now() + 2 * 86_400_000).toISOString();
    maintenanceId = (
      await adminJson(
        "POST",
        "/api/admin/maintenances",
        { incident: { name: "Fuzz window", scheduled_for: start, scheduled_until: end, component_ids: ["repayment"] } },
        201,
      )
    ).id;
  });

  it(`never answers 5xx; rejected bodies store nothing; accepted ones store their text as given (${RUNS} runs)`, {
    timeout: 600_000,
  }, async () => {
    const tally: Record<string, { accepted: number; rejected: number }> = {};
    await wellFormed(() =>
      fc.assert(
        fc.asyncProperty(call, async (c) => {
          // The cron's clock housekeeping, done before the snapshot: it is not the request's write.
          await advanceMaintenances(database(env.DB), Date.now());
          const before = await counts();
          const headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` };
          if (c.type) headers["content-type"] = c.type;
          const response = await exports.default.fetch(`${BASE}${fillIds(c.path)}`, {
            method: c.method,
            headers,
            body: c.payload,
          });
          const status = response.status;
          if (status >= 500)
            throw new Error(
              `${c.method} ${c.path} answered ${status}: ${await response.text()}\nbody: ${typeof c.payload === "string" ? c.payload.slice(0, 500) : `${c.payload.byteLength} bytes`}`,
            );
          const after = await counts();
          tally[c.kind] ??= { accepted: 0, rejected: 0 };
          const t = tally[c.kind]!;
          if (status < 300) {
            t.accepted++;
            await checkAccepted(c, response, before, after);
          } else {
            t.rejected++;
            expect(status).toBeGreaterThanOrEqual(400);
            const error = await response.json<{ error: { code: string; message: string } }>();
            expect(typeof error.error.code).toBe("string");
            expect(after, `${status} ${JSON.stringify(before)} -> ${JSON.stringify(after)}`).toEqual(before);
          }
        }),
        { numRuns: RUNS },
      ),
    );
    console.log("admin fuzz tally", JSON.stringify(tally));
    // Every endpoint must see both outcomes, or the property proves little.
    for (const kind of [
      "incident.create",
      "incident.update",
      "maintenance.create",
      "maintenance.update",
      "component.create",
      "component.update",
      "webhook.create",
      "probe.create",
      "reports.import",
    ]) {
      expect(tally[kind]?.rejected ?? 0, kind).toBeGreaterThan(20);
      expect(tally[kind]?.accepted ?? 0, kind).toBeGreaterThan(
        kind === "maintenance.create" || kind === "probe.create" ? 2 : 10,
      );
    }
  });
});
