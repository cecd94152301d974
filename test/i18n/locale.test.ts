import { describe, expect, it } from "vitest";
import { pickLocale } from "../../src/i18n/locale";

describe("pickLocale", () => {
  it("defaults to zh-CN", () => {
    expect(pickLocale(undefined, undefined)).toBe("zh-CN");
    expect(pickLocale(undefined, "fr-FR,de;q=0.8")).toBe("zh-CN");
  });
  it("prefers ?lang= over Accept-Language", () => {
    expect(pickLocale("en", "zh-CN")).toBe("en");
    expect(pickLocale("zh", "en")).toBe("zh-CN");
  });
  it("ranks Accept-Language by q-value", () => {
    expect(pickLocale(undefined, "fr;q=1, en;q=0.8, zh;q=0.5")).toBe("en");
    expect(pickLocale(undefined, "en;q=0.3, zh-TW;q=0.9")).toBe("zh-CN");
    expect(pickLocale(undefined, "en;q=0")).toBe("zh-CN");
  });
  it("ignores an unknown ?lang=", () => {
    expect(pickLocale("xx", "en")).toBe("en");
  });
});
