import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/errors";
import type { Env } from "../../src/env";
import { mirrorConfig } from "../../src/mirror/config";
import { s3ObjectUrl } from "../../src/mirror/targets";
import { mirrorAt } from "./helpers";

const S3: Partial<Env> = {
  MIRROR_S3_ENDPOINT: "https://oss-cn-hangzhou.aliyuncs.com",
  MIRROR_S3_BUCKET: "paystatus-mirror",
  MIRROR_S3_REGION: "oss-cn-hangzhou",
  MIRROR_S3_ACCESS_KEY_ID: "key-id",
  MIRROR_S3_SECRET_ACCESS_KEY: "key-secret",
};

const base = (overrides: Partial<Env> = {}): Env =>
  ({ DB: env.DB, PUBLIC_URL: "https://status.example.com/", ...overrides }) as Env;

function configError(overrides: Partial<Env>): DomainError {
  try {
    mirrorConfig(base(overrides));
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error("expected a configuration error");
}

describe("mirror configuration", () => {
  it("is off when no target is configured, and then a run does nothing", async () => {
    expect(mirrorConfig(base())).toBeNull();
    expect(mirrorConfig(base({ MIRROR_S3_PREFIX: "" }))).toBeNull();
    expect(await mirrorAt(Date.now(), { ...env, PUBLIC_URL: "https://status.example.com" }, true)).toEqual([]);
  });

  it("reads a complete S3 configuration: virtual-hosted by default, prefix as a folder, interval in minutes", () => {
    const config = mirrorConfig(base({ ...S3, MIRROR_S3_PREFIX: "/status", MIRROR_INTERVAL_MINUTES: "10" }))!;
    expect(config.publicUrl).toBe("https://status.example.com");
    expect(config.intervalMs).toBe(10 * 60_000);
    expect(config.r2).toBeUndefined();
    expect(config.s3).toEqual({
      endpoint: "https://oss-cn-hangzhou.aliyuncs.com",
      bucket: "paystatus-mirror",
      region: "oss-cn-hangzhou",
      accessKeyId: "key-id",
      secretAccessKey: "key-secret",
      prefix: "status/",
      pathStyle: false,
    });
    expect(s3ObjectUrl(config.s3!, "en/index.html")).toBe(
      "https://paystatus-mirror.oss-cn-hangzhou.aliyuncs.com/status/en/index.html",
    );
    const pathStyle = mirrorConfig(base({ ...S3, MIRROR_S3_PATH_STYLE: "true" }))!.s3!;
    expect(s3ObjectUrl(pathStyle, "api/v2/summary.json")).toBe(
      "https://oss-cn-hangzhou.aliyuncs.com/paystatus-mirror/api/v2/summary.json",
    );
    expect(mirrorConfig(base({ MIRROR_BUCKET: env.MIRROR_TEST_BUCKET }))!.intervalMs).toBe(5 * 60_000);
  });

  it("refuses a half-configured S3 target, naming every variable still missing", () => {
    const error = configError({ MIRROR_S3_ENDPOINT: S3.MIRROR_S3_ENDPOINT, MIRROR_S3_BUCKET: S3.MIRROR_S3_BUCKET });
    expect(error.code).toBe("invalid_configuration");
    expect(error.field).toBe("MIRROR_S3_REGION");
    expect(error.message).toContain("half-configured");
    expect(error.message).toContain("MIRROR_S3_REGION, MIRROR_S3_ACCESS_KEY_ID, MIRROR_S3_SECRET_ACCESS_KEY");
    expect(configError({ ...S3, MIRROR_S3_SECRET_ACCESS_KEY: "" }).field).toBe("MIRROR_S3_SECRET_ACCESS_KEY");
    // A prefix alone is a half-configured target too, not silence.
    expect(configError({ MIRROR_S3_PREFIX: "status/" }).message).toContain("MIRROR_S3_ENDPOINT");
  });

  it("never puts a secret in its messages", () => {
    const error = configError({ MIRROR_S3_ACCESS_KEY_ID: "AKIDSECRETVALUE", MIRROR_S3_SECRET_ACCESS_KEY: "s3cr3t" });
    expect(error.message).not.toMatch(/AKIDSECRETVALUE|s3cr3t/);
  });

  it("checks each value, naming the variable", () => {
    expect(configError({ ...S3, MIRROR_S3_ENDPOINT: "oss-cn-hangzhou.aliyuncs.com" }).field).toBe("MIRROR_S3_ENDPOINT");
    expect(configError({ ...S3, MIRROR_S3_ENDPOINT: "https://oss.example.com/bucket" }).message).toContain("origin");
    expect(configError({ ...S3, MIRROR_S3_ENDPOINT: "http://oss.example.com" }).message).toContain("https");
    expect(mirrorConfig(base({ ...S3, MIRROR_S3_ENDPOINT: "http://127.0.0.1:9000" }))!.s3!.endpoint).toBe(
      "http://127.0.0.1:9000",
    );
    expect(configError({ ...S3, MIRROR_S3_BUCKET: "Not_A_Bucket" }).field).toBe("MIRROR_S3_BUCKET");
    expect(configError({ ...S3, MIRROR_S3_PATH_STYLE: "yes" }).field).toBe("MIRROR_S3_PATH_STYLE");
    expect(configError({ ...S3, MIRROR_S3_PREFIX: "../up" }).field).toBe("MIRROR_S3_PREFIX");
    expect(configError({ ...S3, MIRROR_INTERVAL_MINUTES: "0" }).field).toBe("MIRROR_INTERVAL_MINUTES");
  });

  it("needs PUBLIC_URL, the live origin the mirrored pages link back to", () => {
    const error = configError({ MIRROR_BUCKET: env.MIRROR_TEST_BUCKET, PUBLIC_URL: undefined });
    expect(error.field).toBe("PUBLIC_URL");
    expect(error.message).toContain("live page");
  });
});
