#!/usr/bin/env -S npx tsx
/**
 * A probe agent: runs the Worker's agent probes from wherever it is started
 * (e.g. a mainland China vantage point) and pushes the results back.
 *
 *   npx tsx scripts/probe-agent.ts --url https://status.example.com --token pa_…
 *   PROBE_AGENT_TOKEN=pa_… npx tsx scripts/probe-agent.ts --url … --once
 *
 * Every minute it runs the probes that are due (the same checks and the same
 * classification as the Worker's cron: src/probes), and pushes the results to
 * POST /api/probe-results. The probe list is refreshed every few minutes.
 * Results that could not be pushed are kept and retried, up to the age the
 * Worker still accepts. A header value `secret:NAME` is read from this
 * process's environment variable NAME, so secrets never travel from the Worker.
 */
import { parseArgs } from "node:util";
import { runCheck } from "../src/probes/execute";
import { selectDue } from "../src/probes/schedule";
import { AGENT_TOKEN_VARIABLE, probeSecretReader } from "../src/probes/secrets";
import type { CheckOutcome, ProbeSpec } from "../src/probes/types";

const MINUTE_MS = 60_000;
/** The Worker refuses results older than 90 minutes; keep a margin for clock skew. */
const MAX_BUFFER_AGE_MS = 80 * MINUTE_MS;
const MAX_BUFFERED = 20_000;
const PUSH_BATCH = 500;

interface AgentProbe {
  id: string;
  name: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  expected_status_min: number;
  expected_status_max: number;
  body_must_contain: string | null;
  body_must_not_contain: string | null;
  timeout_ms: number;
  interval_minutes: number;
  latency_threshold_ms: number | null;
}

const { values: args } = parseArgs({
  options: {
    url: { type: "string" },
    token: { type: "string" },
    once: { type: "boolean", default: false },
    "refresh-minutes": { type: "string", default: "5" },
    help: { type: "boolean", short: "h", default: false },
  },
});

const USAGE =
  "usage: npx tsx scripts/probe-agent.ts --url <worker URL> [--token <agent token> | PROBE_AGENT_TOKEN=…] [--once] [--refresh-minutes 5]";
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const baseUrl = (args.url ?? process.env.PROBE_AGENT_URL ?? "").replace(/\/+$/, "");
const token = args.token ?? process.env[AGENT_TOKEN_VARIABLE] ?? "";
if (!baseUrl || !token) {
  console.error(USAGE);
  process.exit(2);
}
const refreshMinutes = Math.max(1, Number(args["refresh-minutes"]) || 5);
const authHeaders = { authorization: `Bearer ${token}` };

class FatalError extends Error {}

function log(message: string): void {
  console.log(`${new Date().toISOString()} ${message}`);
}

async function fetchProbes(): Promise<{ location: string; probes: AgentProbe[] }> {
  const response = await fetch(`${baseUrl}/api/probe-agent/probes`, {
    headers: authHeaders,
    signal: AbortSignal.timeout(15_000),
  });
  if (response.status === 401) throw new FatalError("the Worker refused the token (401): is the agent revoked?");
  if (!response.ok) throw new Error(`probe list: HTTP ${response.status}`);
  const body = (await response.json()) as { agent: { location: string }; probes: AgentProbe[] };
  return { location: body.agent.location, probes: body.probes };
}

function specOf(p: AgentProbe): ProbeSpec {
  return {
    id: p.id,
    url: p.url,
    method: p.method,
    headers: p.headers,
    expectedStatusMin: p.expected_status_min,
    expectedStatusMax: p.expected_status_max,
    bodyMustContain: p.body_must_contain,
    bodyMustNotContain: p.body_must_not_contain,
    timeoutMs: p.timeout_ms,
    latencyThresholdMs: p.latency_threshold_ms,
  };
}

const checkDeps = {
  fetch: (request: Request) => fetch(request),
  // PROBE_* variables only, as in the Worker, and never the agent's own token.
  readSecret: probeSecretReader(process.env),
  now: () => Date.now(),
};

let buffer: CheckOutcome[] = [];

/** Pushes buffered results in batches; keeps what could not be pushed for the next round. */
async function flush(): Promise<void> {
  buffer = buffer.filter((r) => r.checkedAt > Date.now() - MAX_BUFFER_AGE_MS).slice(-MAX_BUFFERED);
  while (buffer.length > 0) {
    const batch = buffer.slice(0, PUSH_BATCH);
    const response = await fetch(`${baseUrl}/api/probe-results`, {
      method: "POST",
      headers: { ...authHeaders, "content-type": "application/json" },
      body: JSON.stringify({
        results: batch.map((r) => ({
          probe_id: r.probeId,
          checked_at: r.checkedAt,
          ok: r.ok,
          degraded: r.degraded,
          http_status: r.httpStatus,
          latency_ms: r.latencyMs,
          error_class: r.errorClass,
        })),
      }),
      signal: AbortSignal.timeout(30_000),
    });
    if (response.status === 401) throw new FatalError("the Worker refused the token (401): is the agent revoked?");
    if (response.status === 400 || response.status === 413) {
      // The Worker will never take this batch (e.g. a probe deleted meanwhile): drop it rather than retry forever.
      log(`push rejected (${response.status}): ${await response.text()}; dropping ${batch.length} results`);
    } else if (!response.ok) {
      throw new Error(`push: HTTP ${response.status}`);
    } else {
      log(`pushed ${batch.length} results`);
    }
    buffer = buffer.slice(batch.length);
  }
}

const lastRunAt = new Map<string, number>();
let probes: AgentProbe[] = [];
let listFetchedAt = 0;

async function tick(runAll: boolean): Promise<void> {
  const now = Date.now();
  if (now - listFetchedAt >= refreshMinutes * MINUTE_MS || probes.length === 0) {
    try {
      const list = await fetchProbes();
      probes = list.probes;
      listFetchedAt = now;
      log(`location ${list.location}: ${probes.length} probes`);
    } catch (error) {
      if (error instanceof FatalError) throw error;
      log(`could not refresh the probe list (${(error as Error).message}); using the last one`);
    }
  }
  const schedulable = probes.map((p) => ({
    ...p,
    intervalMinutes: p.interval_minutes,
    lastRunAt: lastRunAt.get(p.id) ?? null,
  }));
  const due = runAll ? schedulable : selectDue(schedulable, Math.floor(now / MINUTE_MS), Number.MAX_SAFE_INTEGER);
  const outcomes = await Promise.all(due.map((p) => runCheck(specOf(p), checkDeps)));
  for (const p of due) lastRunAt.set(p.id, now);
  for (const outcome of outcomes) {
    if (!outcome) continue;
    buffer.push(outcome);
    if (!outcome.ok)
      log(`${outcome.probeId}: ${outcome.errorClass}${outcome.httpStatus ? ` (HTTP ${outcome.httpStatus})` : ""}`);
  }
  try {
    await flush();
  } catch (error) {
    if (error instanceof FatalError) throw error;
    log(`push failed (${(error as Error).message}); ${buffer.length} results kept for the next minute`);
  }
}

async function main(): Promise<void> {
  if (args.once) {
    await tick(true);
    if (buffer.length > 0) throw new Error(`${buffer.length} results could not be pushed`);
    return;
  }
  let stopping = false;
  const stop = () => {
    stopping = true;
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  log(`probe agent for ${baseUrl} started`);
  while (!stopping) {
    await tick(false);
    // Sleep to the start of the next minute, waking early if asked to stop.
    const wait = MINUTE_MS - (Date.now() % MINUTE_MS);
    for (let slept = 0; slept < wait && !stopping; slept += 250)
      await new Promise((r) => setTimeout(r, Math.min(250, wait - slept)));
  }
  await flush().catch((error: Error) => log(`final push failed: ${error.message}`));
  log("stopped");
}

main().catch((error: Error) => {
  console.error(`probe agent: ${error.message}`);
  process.exit(1);
});
