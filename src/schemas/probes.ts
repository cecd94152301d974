import { z } from "@hono/zod-openapi";

/** A probe as a probe agent runs it (GET /api/probe-agent/probes). */
export const agentProbeSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    method: z.string(),
    headers: z.record(z.string(), z.string()),
    expected_status_min: z.number().int(),
    expected_status_max: z.number().int(),
    body_must_contain: z.string().nullable(),
    body_must_not_contain: z.string().nullable(),
    timeout_ms: z.number().int(),
    interval_minutes: z.number().int(),
    latency_threshold_ms: z.number().int().nullable(),
  })
  .openapi("AgentProbe");

/** A probe as operators manage it: the agent's view plus where it runs and its bookkeeping. */
export const probeSchema = agentProbeSchema
  .extend({
    component: z.string(),
    location: z.string(),
    headers: z.record(z.string(), z.string()).nullable(),
    runner: z.string(),
    enabled: z.boolean(),
    last_run_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Probe");
