import { describe, expect, it } from "vitest";
import { logGamma, negBinomialUpperTail, poissonUpperTail } from "../../src/detection/stats";

describe("tail probabilities", () => {
  it("logGamma matches factorials", () => {
    expect(logGamma(1)).toBeCloseTo(0, 10);
    expect(logGamma(6)).toBeCloseTo(Math.log(120), 10);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
  });

  it("Poisson upper tail matches closed forms", () => {
    expect(poissonUpperTail(0, 3)).toBe(1);
    // Below the mean the tail is large; the detector only needs "not significant".
    expect(poissonUpperTail(1, 1)).toBe(1);
    const p3 = 1 - Math.exp(-1) * (1 + 1 + 0.5);
    expect(poissonUpperTail(3, 1)).toBeCloseTo(p3, 12);
    // Very small tails stay accurate instead of rounding to zero.
    expect(poissonUpperTail(30, 1)).toBeGreaterThan(0);
    expect(poissonUpperTail(30, 1)).toBeLessThan(1e-30);
  });

  it("negative binomial tends to the Poisson as cv goes to 0 and is heavier otherwise", () => {
    expect(negBinomialUpperTail(12, 4, 0)).toBe(poissonUpperTail(12, 4));
    expect(negBinomialUpperTail(12, 4, 1e-4)).toBeCloseTo(poissonUpperTail(12, 4), 6);
    expect(negBinomialUpperTail(12, 4, 0.3)).toBeGreaterThan(poissonUpperTail(12, 4));
    expect(negBinomialUpperTail(60, 20, 0.15)).toBeLessThan(1e-6);
  });
});
