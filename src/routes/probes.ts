import { type Context, Hono } from "hono";
import {
  findAgentByToken,
  listAgentProbes,
  type ProbeAgentView,
  type ProbeRow,
  storeAgentResults,
  touchAgent,
} from "../data/probes";
import { database } from "../db/client";
import type { AppEnv } from "../env";
import { readBody, validate } from "../lib/body";
import { ApiError } from "../lib/errors";
import { agentPushSchema } from "../probes/definition";
import { DEMO_UPSTREAM_MARKER, DEMO_UPSTREAM_PATH } from "../probes/seed";
import { bearerToken } from "../probes/token";

export const probesRouter = new Hono<AppEnv>();

/** A push of 500 results is about 70 KB; this leaves room without inviting abuse. */
const MAX_PUSH_BYTES = 128 * 1024;
/** Agents buffer while the Worker is unreachable; older results would land in days already rolled up. */
const MAX_RESULT_AGE_MS = 90 * 60_000;
/** Agents' clocks drift a little. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The Worker's own stand-in upstream: the default probe checks it, so a fresh
 * local install shows working probes with no internet. `?status=503` makes it
 * fail on purpose, to watch a probe go red.
 */
probesRouter.get(DEMO_UPSTREAM_PATH, (c) => {
  const status = Number(c.req.query("status") ?? 200);
  const code = Number.isInteger(status) && status >= 200 && status <= 599 ? status : 200;
  return c.text(code === 200 ? DEMO_UPSTREAM_MARKER : `paystatus demo upstream: failing with ${code}`, code as 200);
});

async function authenticate(c: Context<AppEnv>): Promise<ProbeAgentView> {
  const token = bearerToken(c.req.header("authorization"));
  const agent = token ? await findAgentByToken(database(c.env.DB), token) : undefined;
  if (!agent)
    throw new ApiError(
      401,
      "unauthorized",
      "A valid probe agent token is required (Authorization: Bearer …)",
      undefined,
      { "WWW-Authenticate": "Bearer" },
    );
  return agent;
}

/** A probe as an agent needs it; a bare-path URL is resolved against this Worker's origin. */
function agentProbe(probe: ProbeRow, origin: string) {
  return {
    id: probe.id,
    name: probe.name,
    url: probe.url.startsWith("/") ? origin + probe.url : probe.url,
    method: probe.method,
    headers: probe.headers ?? {},
    expected_status_min: probe.expectedStatusMin,
    expected_status_max: probe.expectedStatusMax,
    body_must_contain: probe.bodyMustContain,
    body_must_not_contain: probe.bodyMustNotContain,
    timeout_ms: probe.timeoutMs,
    interval_minutes: probe.intervalMinutes,
    latency_threshold_ms: probe.latencyThresholdMs,
  };
}

probesRouter.get("/api/probe-agent/probes", async (c) => {
  const agent = await authenticate(c);
  const db = database(c.env.DB);
  const [list] = await Promise.all([listAgentProbes(db, agent.location), touchAgent(db, agent.id, Date.now())]);
  const origin = new URL(c.req.url).origin;
  return c.json({
    agent: { id: agent.id, name: agent.name, location: agent.location },
    probes: list.map((p) => agentProbe(p, origin)),
  });
});

probesRouter.post("/api/probe-results", async (c) => {
  const now = Date.now();
  const agent = await authenticate(c);
  const { format, data } = await readBody(c, MAX_PUSH_BYTES);
  if (format !== "json") throw new ApiError(415, "unsupported_media_type", "Send application/json");
  const push = validate(agentPushSchema, data);

  const db = database(c.env.DB);
  const allowed = new Map((await listAgentProbes(db, agent.location)).map((p) => [p.id, p]));
  // Everything is checked before anything is written: a push is stored whole or not at all.
  const rows = push.results.map((result, i) => {
    const probe = allowed.get(result.probe_id);
    if (!probe)
      throw new ApiError(
        400,
        "unknown_probe",
        `results.${i}.probe_id: no enabled agent probe "${result.probe_id}" for this agent`,
        `results.${i}.probe_id`,
      );
    if (result.checked_at > now + CLOCK_SKEW_MS)
      throw new ApiError(400, "invalid_field", `results.${i}.checked_at is in the future`, `results.${i}.checked_at`);
    if (result.checked_at < now - MAX_RESULT_AGE_MS)
      throw new ApiError(
        400,
        "invalid_field",
        `results.${i}.checked_at is older than 90 minutes`,
        `results.${i}.checked_at`,
      );
    const latencyMs = result.latency_ms ?? null;
    const slow = probe.latencyThresholdMs != null && latencyMs != null && latencyMs > probe.latencyThresholdMs;
    return {
      probeId: probe.id,
      componentId: probe.componentId,
      checkedAt: result.checked_at,
      ok: result.ok,
      degraded: result.degraded ?? slow,
      httpStatus: result.http_status ?? null,
      latencyMs,
      errorClass: result.error_class ?? null,
    };
  });
  await storeAgentResults(db, agent, rows, now);
  return c.json({ accepted: rows.length }, 202);
});
