import { z } from "zod";
import { misconfigured } from "../config/registry";
import type { Env } from "../env";

/** Where the mirror goes and how often; null from `mirrorConfig` when no target is configured. */
export interface MirrorConfig {
  /** The live origin (PUBLIC_URL without a trailing slash): pages are rendered as if requested there and link back to it. */
  publicUrl: string;
  intervalMs: number;
  r2?: R2Bucket;
  s3?: S3Settings;
}

export interface S3Settings {
  /** An origin, no path: `https://cos.ap-guangzhou.myqcloud.com`. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** "" or a folder ending in `/`. */
  prefix: string;
  pathStyle: boolean;
}

export const DEFAULT_INTERVAL_MINUTES = 5;

const S3_REQUIRED = [
  "MIRROR_S3_ENDPOINT",
  "MIRROR_S3_BUCKET",
  "MIRROR_S3_REGION",
  "MIRROR_S3_ACCESS_KEY_ID",
  "MIRROR_S3_SECRET_ACCESS_KEY",
] as const;
const S3_OPTIONAL = ["MIRROR_S3_PREFIX", "MIRROR_S3_PATH_STYLE"] as const;

const isLoopback = (host: string) => host === "localhost" || host === "127.0.0.1" || host === "[::1]";

/** An origin only; plain http only for a local test server (MinIO, s3rver). */
const endpoint = z
  .url({ protocol: /^https?$/ })
  .transform((value) => new URL(value))
  .refine((url) => url.pathname === "/" && !url.search && !url.hash && !url.username, "an origin without a path")
  .refine((url) => url.protocol === "https:" || isLoopback(url.hostname), "https (http only for localhost)")
  .transform((url) => url.origin);

/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html (COS adds `-{appid}`, which fits). */
const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "a bucket name: a-z, 0-9, . and -");

const prefix = z
  .string()
  .transform((value) => value.replace(/^\/+|\/+$/g, ""))
  .refine((value) => /^[A-Za-z0-9._\-/]*$/.test(value) && !value.split("/").some((part) => part === ".."), {
    message: "a folder name: letters, digits, . _ - and /",
  })
  .transform((value) => (value ? `${value}/` : ""));

const s3Schema = z.object({
  MIRROR_S3_ENDPOINT: endpoint,
  MIRROR_S3_BUCKET: bucketName,
  MIRROR_S3_REGION: z.string().regex(/^[a-z0-9-]{1,40}$/, "a region such as oss-cn-hangzhou or us-east-1"),
  MIRROR_S3_ACCESS_KEY_ID: z.string().min(1),
  MIRROR_S3_SECRET_ACCESS_KEY: z.string().min(1),
  MIRROR_S3_PREFIX: prefix.default(""),
  MIRROR_S3_PATH_STYLE: z.enum(["true", "false"]).default("false"),
});

const commonSchema = z.object({
  PUBLIC_URL: z.url({
    protocol: /^https?$/,
    error: "the mirror links back to the live page: set it to its address, e.g. https://status.example.com",
  }),
  MIRROR_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(DEFAULT_INTERVAL_MINUTES),
});

/** A variable set to "" counts as unset (as `wrangler secret` and .dev.vars leave them). */
function given(env: Env, key: keyof Env): boolean {
  const value = env[key];
  return value !== undefined && value !== null && value !== "";
}

function firstIssue(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0]!;
  return { field: String(issue.path[0] ?? "MIRROR"), message: issue.message };
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const { field, message } = firstIssue(result.error);
    throw misconfigured(field, message);
  }
  return result.data;
}

/**
 * The mirror's configuration from the environment, checked: null when no
 * target is configured (then nothing is mirrored); a `misconfigured` error
 * naming the variable when one is half-configured or invalid, never a guess.
 */
export function mirrorConfig(env: Env): MirrorConfig | null {
  const r2 = env.MIRROR_BUCKET;
  const s3Keys = [...S3_REQUIRED, ...S3_OPTIONAL].filter((key) => given(env, key));
  if (!r2 && s3Keys.length === 0) return null;

  let s3: S3Settings | undefined;
  if (s3Keys.length > 0) {
    const missing = S3_REQUIRED.filter((key) => !given(env, key));
    if (missing.length > 0)
      throw misconfigured(
        missing[0]!,
        `the S3 mirror is half-configured: set ${missing.join(", ")} too, or unset every MIRROR_S3_* variable`,
      );
    const input = Object.fromEntries(s3Keys.map((key) => [key, env[key]]));
    const parsed = parse(s3Schema, input);
    s3 = {
      endpoint: parsed.MIRROR_S3_ENDPOINT,
      bucket: parsed.MIRROR_S3_BUCKET,
      region: parsed.MIRROR_S3_REGION,
      accessKeyId: parsed.MIRROR_S3_ACCESS_KEY_ID,
      secretAccessKey: parsed.MIRROR_S3_SECRET_ACCESS_KEY,
      prefix: parsed.MIRROR_S3_PREFIX,
      pathStyle: parsed.MIRROR_S3_PATH_STYLE === "true",
    };
  }
  if (r2 && typeof r2.put !== "function") throw misconfigured("MIRROR_BUCKET", "not an R2 bucket binding");

  const common = parse(commonSchema, {
    PUBLIC_URL: env.PUBLIC_URL || undefined,
    MIRROR_INTERVAL_MINUTES: env.MIRROR_INTERVAL_MINUTES || undefined,
  });
  return {
    publicUrl: common.PUBLIC_URL.replace(/\/+$/, ""),
    intervalMs: common.MIRROR_INTERVAL_MINUTES * 60_000,
    r2,
    s3,
  };
}
