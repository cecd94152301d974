/**
 * Bulk-seeds a D1 database with `count` reports spread over the last 30 days,
 * with their per-minute rollups, in the shapes the Worker writes. Multi-row
 * INSERTs through `exec` keep 10^6 rows to well under a minute.
 */
const DEFAULT_COMPONENTS = ["online-pay", "offline-pay", "repayment", "credit-account", "app-login"];
const SYMPTOMS: [string, string][] = [
  ["system_busy", "technical"],
  ["cannot_load", "technical"],
  ["payment_failed", "technical"],
  ["limit_reduced", "account"],
  ["account_frozen", "account"],
  ["overdue", "account"],
  ["merchant_unsupported", "merchant"],
  ["other", "other"],
];
const REGIONS = ["ZJ", "GD", "BJ", "SH", "JS", "SC", "HB", ""];
/** D1 refuses statements over 100 KB. */
const MAX_STATEMENT_CHARS = 90_000;

/** A small deterministic PRNG so two runs seed the same data. */
function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Executor {
  exec(sql: string): Promise<unknown>;
  prepare(sql: string): { all<T = Record<string, unknown>>(): Promise<{ results: T[] }> };
}

const SEEDED_TABLES = ["reports", "report_rollups", "symptom_rollups"];

/**
 * Secondary indexes are dropped while rows go in and built again after:
 * one sort per index instead of 10^6 random B-tree inserts.
 */
async function withoutIndexes(db: Executor, work: () => Promise<void>): Promise<void> {
  const { results } = await db
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${SEEDED_TABLES.map((t) => `'${t}'`).join(",")})`,
    )
    .all<{ name: string; sql: string }>();
  for (const { name } of results) await db.exec(`DROP INDEX "${name}";`);
  try {
    await work();
  } finally {
    for (const { sql } of results) await db.exec(`${sql.replace(/\s+/g, " ")};`);
  }
}

export interface SeedOptions {
  /** The components the reports spread over evenly (default: the default service's five). */
  components?: readonly string[];
  /**
   * Writes only the reports of these components, drawn exactly as if all were
   * written: a database with one service's share of a larger seed.
   */
  keep?: ReadonlySet<string>;
}

export async function seedReports(
  db: Executor,
  count: number,
  nowMs: number,
  seed = 1,
  options: SeedOptions = {},
): Promise<void> {
  await withoutIndexes(db, () => insertAll(db, count, nowMs, seed, options));
}

async function insertAll(
  db: Executor,
  count: number,
  nowMs: number,
  seed: number,
  { components = DEFAULT_COMPONENTS, keep }: SeedOptions,
): Promise<void> {
  const random = mulberry32(seed);
  const span = 30 * 86_400_000;
  const rollups = new Map<string, { reporters: number; reports: number }>();
  const symptomRollups = new Map<string, number>();
  let values: string[] = [];
  let chars = 0;
  const flush = async () => {
    if (values.length === 0) return;
    await db.exec(
      `INSERT INTO reports (id, component_id, symptom, symptom_class, message_seen, region, platform, other_methods_work, occurred_at, received_at, fingerprint, is_repeat, verdict) VALUES ${values.join(",")};`,
    );
    values = [];
    chars = 0;
  };
  for (let i = 0; i < count; i++) {
    const at = nowMs - Math.floor(random() * span);
    const component = components[Math.floor(random() * components.length)]!;
    const [symptom, cls] = SYMPTOMS[Math.floor(random() * SYMPTOMS.length)]!;
    const region = REGIONS[Math.floor(random() * REGIONS.length)]!;
    const minute = Math.floor(at / 60_000);
    const verdict = cls === "account" || cls === "merchant" ? "individual" : "unconfirmed";
    if (keep && !keep.has(component)) continue;
    values.push(
      `('bench-${seed}-${i}','${component}','${symptom}','${cls}',NULL,${region ? `'${region}'` : "NULL"},'ios','unknown',${at},${at},'${((i * 2654435761) >>> 0).toString(16).padStart(32, "0")}',0,'${verdict}')`,
    );
    const key = `${component}|${minute}|${cls}|${region}`;
    const rollup = rollups.get(key) ?? { reporters: 0, reports: 0 };
    rollup.reporters++;
    rollup.reports++;
    rollups.set(key, rollup);
    const symptomKey = `${component}|${minute}|${symptom}`;
    symptomRollups.set(symptomKey, (symptomRollups.get(symptomKey) ?? 0) + 1);
    chars += values[values.length - 1]!.length + 1;
    if (chars >= MAX_STATEMENT_CHARS) await flush();
  }
  await flush();

  await insertRows(
    db,
    "INSERT INTO report_rollups (component_id, minute, symptom_class, region, reporters, reports) VALUES",
    [...rollups].map(([key, { reporters, reports }]) => {
      const [component, minute, cls, region] = key.split("|");
      return `('${component}',${minute},'${cls}','${region}',${reporters},${reports})`;
    }),
  );
  await insertRows(
    db,
    "INSERT INTO symptom_rollups (component_id, minute, symptom, reporters) VALUES",
    [...symptomRollups].map(([key, reporters]) => {
      const [component, minute, symptom] = key.split("|");
      return `('${component}',${minute},'${symptom}',${reporters})`;
    }),
  );
}

async function insertRows(db: Executor, head: string, rows: string[]): Promise<void> {
  let batch: string[] = [];
  let chars = 0;
  for (const row of rows) {
    batch.push(row);
    chars += row.length + 1;
    if (chars >= MAX_STATEMENT_CHARS) {
      await db.exec(`${head} ${batch.join(",")};`);
      batch = [];
      chars = 0;
    }
  }
  if (batch.length) await db.exec(`${head} ${batch.join(",")};`);
}
