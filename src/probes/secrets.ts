/** The only names a probe header may read with `secret:NAME`: never the runner's own keys. */
const PROBE_SECRET_NAME = /^PROBE_[A-Z0-9_]+$/;
/** The probe agent's own token: a probe definition naming it would send it to whatever URL it checks. */
export const AGENT_TOKEN_VARIABLE = "PROBE_AGENT_TOKEN";

/**
 * A probe's secret reader over the runner's variables (the Worker's env, an
 * agent's process.env): PROBE_* names only, and never the agent's token.
 */
export function probeSecretReader(variables: Record<string, unknown>): (name: string) => string | undefined {
  return (name) => {
    if (!PROBE_SECRET_NAME.test(name) || name === AGENT_TOKEN_VARIABLE) return undefined;
    const value = variables[name];
    return typeof value === "string" ? value : undefined;
  };
}
