import { z } from "zod";
import { type ProbeInput, probeInputSchema } from "./definition";

/** The path of the Worker's own demo upstream (served by src/routes/probes.ts). */
export const DEMO_UPSTREAM_PATH = "/demo/upstream";
/** What the demo upstream answers; the demo probe checks for it. */
export const DEMO_UPSTREAM_MARKER = "paystatus demo upstream: ok";

/**
 * The probes a fresh deployment starts with, until probes are managed through
 * the admin API. Nothing here may invent an outage on a machine without
 * internet: the one enabled probe checks the Worker's own demo upstream (a
 * path, so it never leaves the Worker); the real endpoint is a disabled
 * example to enable once deployed. Override all of it with PROBES_CONFIG.
 */
export const DEFAULT_PROBES: Array<ProbeInput & { id: string }> = [
  {
    id: "demo-upstream",
    component: "app-login",
    name: "Demo upstream (this Worker)",
    location: "cf-worker",
    url: DEMO_UPSTREAM_PATH,
    body_must_contain: DEMO_UPSTREAM_MARKER,
    interval_minutes: 5,
    timeout_ms: 5_000,
    latency_threshold_ms: 2_000,
  },
  {
    id: "alipay-web",
    component: "app-login",
    name: "Alipay website",
    location: "cf-worker",
    url: "https://www.alipay.com/",
    expected_status_min: 200,
    expected_status_max: 399,
    interval_minutes: 5,
    latency_threshold_ms: 3_000,
    enabled: false,
  },
];

const probesConfigSchema = z.array(probeInputSchema.and(z.object({ id: z.string() }))).max(200);

/**
 * The configured seed probes: PROBES_CONFIG (a JSON array of probe
 * definitions, `[]` for none) or the defaults. A broken PROBES_CONFIG gives
 * null: the probes in D1 stay as they are rather than being half replaced.
 */
export function configuredProbes(raw: string | undefined): Array<ProbeInput & { id: string }> | null {
  if (raw === undefined || raw.trim() === "") return DEFAULT_PROBES;
  try {
    return probesConfigSchema.parse(JSON.parse(raw));
  } catch (error) {
    console.error("PROBES_CONFIG is invalid; probes left unchanged:", error instanceof Error ? error.message : error);
    return null;
  }
}
