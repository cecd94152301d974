import { OpenAPIHono, z } from "@hono/zod-openapi";
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
import type { AppEnv } from "../../env";
import { ApiError } from "../../lib/errors";
import { documented } from "../../lib/openapi-route";
import { toIso } from "../../lib/time";
import { probeInputSchema, probePatchSchema } from "../../probes/definition";
import { adminRoute, body, db } from "./common";

/** Probes and probe-agent tokens (the data layer is the probes engineer's src/data/probes.ts). */
export const adminProbesRouter = new OpenAPIHono<AppEnv>();
const TAG = "Admin: probes";

const probeCreateSchema = z.object({ probe: probeInputSchema }).openapi("ProbeCreate");
const probeUpdateSchema = z.object({ probe: probePatchSchema }).openapi("ProbeUpdate");
const agentCreateSchema = z
  .object({
    probe_agent: z.object({ name: z.string().trim().min(1).max(100), location: z.string().trim().min(1).max(64) }),
  })
  .openapi("ProbeAgentCreate");

const probeSchema = z
  .object({
    id: z.string(),
    component: z.string(),
    name: z.string(),
    location: z.string(),
    url: z.string(),
    method: z.string(),
    headers: z.record(z.string(), z.string()).nullable(),
    expected_status_min: z.number().int(),
    expected_status_max: z.number().int(),
    body_must_contain: z.string().nullable(),
    body_must_not_contain: z.string().nullable(),
    timeout_ms: z.number().int(),
    interval_minutes: z.number().int(),
    latency_threshold_ms: z.number().int().nullable(),
    runner: z.string(),
    enabled: z.boolean(),
    last_run_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Probe");

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

async function requireComponent(c: Parameters<typeof db>[0], id: string | undefined) {
  if (id !== undefined && !(await findComponent(db(c), id)))
    throw new ApiError(400, "unknown_component", `No component with id "${id}"`, "probe.component");
}

documented(
  adminProbesRouter,
  adminRoute("get", "/api/admin/probes", "List probes", {
    tag: TAG,
    ok: { status: 200, schema: z.array(probeSchema) },
  }),
  async (c) => c.json((await listProbes(db(c))).map(probeOut)),
);

documented(
  adminProbesRouter,
  adminRoute("post", "/api/admin/probes", "Create a probe", {
    tag: TAG,
    body: probeCreateSchema,
    ok: { status: 201, schema: probeSchema },
    conflict: "The id is taken",
  }),
  async (c) => {
    const { probe } = await body(c, probeCreateSchema);
    await requireComponent(c, probe.component);
    if (probe.id && (await findProbe(db(c), probe.id)))
      throw new ApiError(409, "already_exists", `A probe with id "${probe.id}" already exists`, "probe.id");
    return c.json(probeOut(await createProbe(db(c), probe, Date.now())), 201);
  },
);

documented(
  adminProbesRouter,
  adminRoute("patch", "/api/admin/probes/{id}", "Update a probe", {
    tag: TAG,
    body: probeUpdateSchema,
    ok: { status: 200, schema: probeSchema },
  }),
  async (c) => {
    const { probe } = await body(c, probeUpdateSchema);
    await requireComponent(c, probe.component);
    const row = await updateProbe(db(c), c.req.param("id")!, probe, Date.now());
    if (!row) throw new ApiError(404, "not_found", "No such probe");
    return c.json(probeOut(row));
  },
);

documented(
  adminProbesRouter,
  adminRoute("delete", "/api/admin/probes/{id}", "Delete a probe (its daily figures stay)", {
    tag: TAG,
    ok: { status: 204 },
  }),
  async (c) => {
    if (!(await deleteProbe(db(c), c.req.param("id")!))) throw new ApiError(404, "not_found", "No such probe");
    return c.body(null, 204);
  },
);

documented(
  adminProbesRouter,
  adminRoute("get", "/api/admin/probe-agents", "List probe agents (never their tokens)", {
    tag: TAG,
    ok: { status: 200, schema: z.array(agentSchema) },
  }),
  async (c) => c.json((await listProbeAgents(db(c))).map(agentOut)),
);

documented(
  adminProbesRouter,
  adminRoute("post", "/api/admin/probe-agents", "Create a probe agent; its token is shown this once (stored hashed)", {
    tag: TAG,
    body: agentCreateSchema,
    ok: { status: 201, schema: agentSchema.extend({ token: z.string() }).openapi("ProbeAgentCreated") },
  }),
  async (c) => {
    const { probe_agent: input } = await body(c, agentCreateSchema);
    const { agent, token } = await createProbeAgent(db(c), input, Date.now());
    return c.json({ ...agentOut(agent), token }, 201);
  },
);

documented(
  adminProbesRouter,
  adminRoute("delete", "/api/admin/probe-agents/{id}", "Revoke a probe agent's token", {
    tag: TAG,
    ok: { status: 204 },
  }),
  async (c) => {
    if (!(await revokeProbeAgent(db(c), c.req.param("id")!, Date.now())))
      throw new ApiError(404, "not_found", "No such active probe agent");
    return c.body(null, 204);
  },
);
