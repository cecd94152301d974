import { describe, expect, it } from "vitest";
import { retryDelayMs } from "../../src/webhooks/backoff";

const MINUTE = 60_000;

describe("retry backoff", () => {
  it("backs off exponentially up to a cap", () => {
    expect([1, 2, 3, 4, 8, 20].map((n) => retryDelayMs(n) / MINUTE)).toEqual([1, 2, 4, 8, 120, 120]);
  });
});
