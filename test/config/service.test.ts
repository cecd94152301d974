import { describe, expect, it } from "vitest";
import { serviceConfig } from "../../src/config/service";

describe("serviceConfig", () => {
  it("overrides the built-in configuration with SERVICE_CONFIG", () => {
    const config = serviceConfig({ SERVICE_CONFIG: JSON.stringify({ name: { "zh-CN": "白条", en: "Baitiao" } }) });
    expect(config.name).toEqual({ "zh-CN": "白条", en: "Baitiao" });
  });

  it("ignores a broken SERVICE_CONFIG instead of failing", () => {
    expect(serviceConfig({ SERVICE_CONFIG: "{broken" }).name.en).toBe("Huabei");
  });
});
