import { describe, expect, it } from "vitest";
import { AGENT_TOKEN_VARIABLE, probeSecretReader } from "../../src/probes/secrets";

describe("probeSecretReader", () => {
  const variables = {
    PROBE_CASHIER_KEY: "k3y",
    [AGENT_TOKEN_VARIABLE]: "pa_agent-token",
    ADMIN_TOKEN: "admin",
    FINGERPRINT_SECRET: "fp",
    PROBE_NOT_A_STRING: 42,
  };
  const read = probeSecretReader(variables);

  it("reads PROBE_* variables", () => {
    expect(read("PROBE_CASHIER_KEY")).toBe("k3y");
  });

  it("never hands out the runner's own keys, nor the agent's token", () => {
    for (const name of ["ADMIN_TOKEN", "FINGERPRINT_SECRET", AGENT_TOKEN_VARIABLE, "PROBE_NOT_A_STRING", "probe_x"]) {
      expect(read(name), name).toBeUndefined();
    }
  });
});
