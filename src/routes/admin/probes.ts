import { createRoute, z } from "@hono/zod-openapi";
import { findComponent } from "../../data/components";
import {
  createProbe,
  createProbeAgent,
  deleteProbe,
  findProbe,
  listProbeAgents,
  listProbes,
  type ProbeAgentView,
  type ProbeRow,
  revokeProbeAgent,
  updateProbe,
} from "../../data/probes";
import type { AppContext } from "../../http/context";
import { ApiError } from "../../http/errors";
import { createRouter } from "../../http/openapi";
import { toIso } from "../../lib/time";
import { probeInputSchema, probePatchSchema } from "../../probes/definition";
import { probeSchema } from "../../schemas/probes";
import { admin, adminErrors, idParam, jsonAnswer, jsonBody } from "./common";

/** Probes (mounted at /api/admin/probes) and probe-agent tokens (/api/admin/probe-agents). */
export const adminProbesRouter = createRouter();
export const adminProbeAgentsRouter = createRouter();
const TAG = "Admin: probes";

const probeCreateSchema = z.object({ probe: probeInputSchema }).openapi("ProbeCreate");
const probeUpdateSchema = z.object({ probe: probePatchSchema }).openapi("ProbeUpdate");
const agentCreateSchema = z
  .object({
    probe_agent: z.object({ name: z.string().trim().min(1).max(100), location: z.string().trim().min(1).max(64) }),
  })
  .openapi("ProbeAgentCreate");

const agentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    location: z.string(),
    created_at: z.string(),
    last_seen_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
  })
  .openapi("ProbeAgent");

function probeOut(row: ProbeRow): z.infer<typeof probeSchema> {
  return {
    id: row.id,
    component: row.componentId,
    name: row.name,
    location: row.location,
    url: row.url,
    method: row.method,
    headers: row.headers ?? null,
    expected_status_min: row.expectedStatusMin,
    expected_status_max: row.expectedStatusMax,
    body_must_contain: row.bodyMustContain,
    body_must_not_contain: row.bodyMustNotContain,
    timeout_ms: row.timeoutMs,
    interval_minutes: row.intervalMinutes,
    latency_threshold_ms: row.latencyThresholdMs,
    runner: row.runner,
    enabled: row.enabled,
    last_run_at: toIso(row.lastRunAt),
    created_at: toIso(row.createdAt)!,
    updated_at: toIso(row.updatedAt)!,
  };
}

function agentOut(agent: ProbeAgentView): z.infer<typeof agentSchema> {
  return {
    id: agent.id,
    name: agent.name,
    location: agent.location,
    created_at: toIso(agent.createdAt)!,
    last_seen_at: toIso(agent.lastSeenAt),
    revoked_at: toIso(agent.revokedAt),
  };
}

async function requireComponent(c: AppContext, id: string | undefined) {
  if (id !== undefined && !(await findComponent(c.get("db"), id))) {
    throw new ApiError(400, "unknown_component", `No component with id "${id}"`, "probe.component");
  }
}

adminProbesRouter.openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "adminListProbes",
    summary: "List probes",
    ...admin(TAG),
    responses: { 200: jsonAnswer(z.array(probeSchema)), ...adminErrors() },
  }),
  async (c) => c.json((await listProbes(c.get("db"))).map(probeOut), 200),
);

adminProbesRouter.openapi(
  createRoute({
    method: "post",
    path: "/",
    operationId: "adminCreateProbe",
    summary: "Create a probe",
    ...admin(TAG, { body: "required" }),
    request: { body: jsonBody(probeCreateSchema) },
    responses: { 201: jsonAnswer(probeSchema), ...adminErrors([409, "The id is taken"]) },
  }),
  async (c) => {
    const { probe } = c.req.valid("json");
    await requireComponent(c, probe.component);
    if (probe.id && (await findProbe(c.get("db"), probe.id))) {
      throw new ApiError(409, "already_exists", `A probe with id "${probe.id}" already exists`, "probe.id");
    }
    return c.json(probeOut(await createProbe(c.get("db"), probe, c.get("now"))), 201);
  },
);

adminProbesRouter.openapi(
  createRoute({
    method: "patch",
    path: "/{id}",
    operationId: "adminUpdateProbe",
    summary: "Update a probe",
    ...admin(TAG, { body: "required" }),
    request: { params: idParam, body: jsonBody(probeUpdateSchema) },
    responses: { 200: jsonAnswer(probeSchema), ...adminErrors() },
  }),
  async (c) => {
    const { probe } = c.req.valid("json");
    await requireComponent(c, probe.component);
    const row = await updateProbe(c.get("db"), c.req.valid("param").id, probe, c.get("now"));
    if (!row) throw new ApiError(404, "not_found", "No such probe");
    return c.json(probeOut(row), 200);
  },
);

adminProbesRouter.openapi(
  createRoute({
    method: "delete",
    path: "/{id}",
    operationId: "adminDeleteProbe",
    summary: "Delete a probe (its daily figures stay)",
    ...admin(TAG),
    request: { params: idParam },
    responses: { 204: { description: "Deleted" }, ...adminErrors() },
  }),
  async (c) => {
    if (!(await deleteProbe(c.get("db"), c.req.valid("param").id)))
      throw new ApiError(404, "not_found", "No such probe");
    return c.body(null, 204);
  },
);

adminProbeAgentsRouter.openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "adminListProbeAgents",
    summary: "List probe agents (never their tokens)",
    ...admin(TAG),
    responses: { 200: jsonAnswer(z.array(agentSchema)), ...adminErrors() },
  }),
  async (c) => c.json((await listProbeAgents(c.get("db"))).map(agentOut), 200),
);

adminProbeAgentsRouter.openapi(
  createRoute({
    method: "post",
    path: "/",
    operationId: "adminCreateProbeAgent",
    summary: "Create a probe agent; its token is shown this once (stored hashed)",
    ...admin(TAG, { body: "required" }),
    request: { body: jsonBody(agentCreateSchema) },
    responses: {
      201: jsonAnswer(agentSchema.extend({ token: z.string() }).openapi("ProbeAgentCreated")),
      ...adminErrors(),
    },
  }),
  async (c) => {
    const { probe_agent: input } = c.req.valid("json");
    const { agent, token } = await createProbeAgent(c.get("db"), input, c.get("now"));
    return c.json({ ...agentOut(agent), token }, 201);
  },
);

adminProbeAgentsRouter.openapi(
  createRoute({
    method: "delete",
    path: "/{id}",
    operationId: "adminRevokeProbeAgent",
    summary: "Revoke a probe agent's token",
    ...admin(TAG),
    request: { params: idParam },
    responses: { 204: { description: "Revoked" }, ...adminErrors() },
  }),
  async (c) => {
    if (!(await revokeProbeAgent(c.get("db"), c.req.valid("param").id, c.get("now")))) {
      throw new ApiError(404, "not_found", "No such active probe agent");
    }
    return c.body(null, 204);
  },
);
