import { describe, expect, it } from "vitest";
import { SYMPTOM_CLASS_VALUES } from "../../src/domain/symptoms";
import { verdictKind } from "../../src/domain/verdict-kind";

const calm = { maintenance: false, outage: false, accountWave: false };

describe("verdictKind", () => {
  it("follows the precedence maintenance > outage > account_wave for every symptom class", () => {
    for (const cls of SYMPTOM_CLASS_VALUES) {
      expect(verdictKind(cls, { maintenance: true, outage: true, accountWave: true })).toBe("maintenance");
      expect(verdictKind(cls, { maintenance: false, outage: true, accountWave: true })).toBe("outage");
      expect(verdictKind(cls, { ...calm, accountWave: true })).toBe("account_wave");
    }
  });

  it("without anything widespread, blames the account or merchant only for those symptoms", () => {
    expect(verdictKind("account", calm)).toBe("individual");
    expect(verdictKind("merchant", calm)).toBe("individual");
    expect(verdictKind("technical", calm)).toBe("unconfirmed");
    expect(verdictKind("other", calm)).toBe("unconfirmed");
  });
});
