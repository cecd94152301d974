import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import {
  findAgentByToken,
  listAgentProbes,
  type ProbeAgentView,
  type ProbeRow,
  storeAgentResults,
  touchAgent,
} from "../data/probes";
import { guardBody } from "../http/body";
import type { AppEnv } from "../http/context";
import { ApiError } from "../http/errors";
import { createRouter, errorResponses } from "../http/openapi";
import { agentPushSchema } from "../probes/definition";
import { bearerToken } from "../probes/token";
import { agentProbeSchema } from "../schemas/probes";

/**
 * The API probe agents use, mounted at /api: fetch the probes of their
 * location, push results. Each agent authenticates with its own token
 * (created in the admin API, stored hashed).
 */
type AgentEnv = AppEnv & { Variables: { agent: ProbeAgentView } };
export const probeAgentRouter = createRouter<AgentEnv>();

/** A push of 500 results is about 70 KB; this leaves room without inviting abuse. */
const MAX_PUSH_BYTES = 128 * 1024;
/** Agents buffer while the Worker is unreachable; older results would land in days already rolled up. */
const MAX_RESULT_AGE_MS = 90 * 60_000;
/** Agents' clocks drift a little. */
const CLOCK_SKEW_MS = 5 * 60_000;
const TAG = "Probe agents";
const AGENT_AUTH = [{ probeAgentAuth: [] }];

/** Runs before the body is read: an unknown agent learns nothing about what it sent. */
const authenticate: MiddlewareHandler<AgentEnv> = async (c, next) => {
  const token = bearerToken(c.req.header("authorization"));
  const agent = token ? await findAgentByToken(c.get("db"), token) : undefined;
  if (!agent) {
    throw new ApiError(
      401,
      "unauthorized",
      "A valid probe agent token is required (Authorization: Bearer …)",
      undefined,
      { "WWW-Authenticate": "Bearer" },
    );
  }
  c.set("agent", agent);
  await next();
};

/** A probe as an agent needs it; a bare-path URL is resolved against this Worker's origin. */
function agentProbe(probe: ProbeRow, origin: string): z.infer<typeof agentProbeSchema> {
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

probeAgentRouter.openapi(
  createRoute({
    method: "get",
    path: "/probe-agent/probes",
    operationId: "agentListProbes",
    tags: [TAG],
    summary: "The probes this agent runs (its location's, and those for every location)",
    security: AGENT_AUTH,
    middleware: [authenticate],
    responses: {
      200: {
        description: "OK",
        content: {
          "application/json": {
            schema: z.object({
              agent: z.object({ id: z.string(), name: z.string(), location: z.string() }),
              probes: z.array(agentProbeSchema),
            }),
          },
        },
      },
      ...errorResponses(401),
    },
  }),
  async (c) => {
    const agent = c.get("agent");
    const [list] = await Promise.all([
      listAgentProbes(c.get("db"), agent.location),
      touchAgent(c.get("db"), agent.id, c.get("now")),
    ]);
    const origin = new URL(c.req.url).origin;
    return c.json(
      {
        agent: { id: agent.id, name: agent.name, location: agent.location },
        probes: list.map((p) => agentProbe(p, origin)),
      },
      200,
    );
  },
);

probeAgentRouter.openapi(
  createRoute({
    method: "post",
    path: "/probe-results",
    operationId: "agentPushResults",
    tags: [TAG],
    summary: "Push check results; a push is stored whole or not at all",
    security: AGENT_AUTH,
    middleware: [authenticate, guardBody({ maxBytes: MAX_PUSH_BYTES })],
    request: { body: { required: true, content: { "application/json": { schema: agentPushSchema } } } },
    responses: {
      202: {
        description: "Accepted",
        content: { "application/json": { schema: z.object({ accepted: z.number().int() }) } },
      },
      ...errorResponses(400, 401, 413, 415),
    },
  }),
  async (c) => {
    const now = c.get("now");
    const agent = c.get("agent");
    const push = c.req.valid("json");
    const allowed = new Map((await listAgentProbes(c.get("db"), agent.location)).map((p) => [p.id, p]));
    // Everything is checked before anything is written: a push is stored whole or not at all.
    const rows = push.results.map((result, i) => {
      const field = `results.${i}`;
      const probe = allowed.get(result.probe_id);
      if (!probe) {
        const message = `${field}.probe_id: no enabled agent probe "${result.probe_id}" for this agent`;
        throw new ApiError(400, "unknown_probe", message, `${field}.probe_id`);
      }
      if (result.checked_at > now + CLOCK_SKEW_MS) {
        throw new ApiError(400, "invalid_field", `${field}.checked_at is in the future`, `${field}.checked_at`);
      }
      if (result.checked_at < now - MAX_RESULT_AGE_MS) {
        const message = `${field}.checked_at is older than 90 minutes`;
        throw new ApiError(400, "invalid_field", message, `${field}.checked_at`);
      }
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
    await storeAgentResults(c.get("db"), agent, rows, now);
    return c.json({ accepted: rows.length }, 202);
  },
);
