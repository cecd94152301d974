import { describe, expect, it } from "vitest";
import { redirectHeaders, resolveHeaders } from "../../src/probes/headers";

describe("resolveHeaders", () => {
  it("reads secret:NAME values from the secrets, keeps the rest, and names the headers that carry secrets", () => {
    expect(
      resolveHeaders({ authorization: "secret:PROBE_KEY", accept: "text/html" }, (n) =>
        n === "PROBE_KEY" ? "Bearer s3cret" : undefined,
      ),
    ).toEqual({
      headers: { authorization: "Bearer s3cret", accept: "text/html" },
      secretNames: ["authorization"],
    });
  });

  it("refuses to send a placeholder when the secret is missing", () => {
    expect(() => resolveHeaders({ authorization: "secret:NOPE" }, () => undefined)).toThrow(/NOPE/);
  });
});

describe("redirectHeaders", () => {
  const headers = { "X-Api-Key": "k3y", accept: "text/html" };
  it("keeps every header on the probe's own origin", () => {
    expect(redirectHeaders(headers, ["x-api-key"], "https://api.example", new URL("https://api.example/next"))).toBe(
      headers,
    );
  });

  it("drops the secret headers, and only those, on any other origin (scheme, host or port)", () => {
    for (const elsewhere of ["https://evil.example/", "http://api.example/", "https://api.example:8443/"]) {
      expect(redirectHeaders(headers, ["x-api-key"], "https://api.example", new URL(elsewhere))).toEqual({
        accept: "text/html",
      });
    }
  });
});
