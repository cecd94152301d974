import { describe, expect, it } from "vitest";
import { resolveHeaders } from "../../src/probes/headers";

describe("resolveHeaders", () => {
  it("reads secret:NAME values from the secrets and keeps the rest", () => {
    expect(
      resolveHeaders({ authorization: "secret:PROBE_KEY", accept: "text/html" }, (n) =>
        n === "PROBE_KEY" ? "Bearer s3cret" : undefined,
      ),
    ).toEqual({
      authorization: "Bearer s3cret",
      accept: "text/html",
    });
  });
  it("refuses to send a placeholder when the secret is missing", () => {
    expect(() => resolveHeaders({ authorization: "secret:NOPE" }, () => undefined)).toThrow(/NOPE/);
  });
});
