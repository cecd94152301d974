import { AwsClient } from "aws4fetch";
import type { MirrorConfig, S3Settings } from "./config";

/** One file of the mirror as it is stored: its bytes and the headers a bucket serves it with. */
export interface MirrorObject {
  /** Path in the bucket, no leading slash (`en/index.html`); a target adds its prefix. */
  key: string;
  body: Uint8Array;
  contentType: string;
  cacheControl: string;
  /** Hex SHA-256 of `body`, kept with the object (`sha256` metadata) so the bucket says what it holds. */
  sha256: string;
}

/** A bucket the mirror writes to: Cloudflare R2 through its binding, or any S3-compatible API. */
export interface MirrorTarget {
  readonly name: string;
  /** The object's text, or null when there is none. */
  get(key: string): Promise<string | null>;
  put(object: MirrorObject): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Metadata key of the content hash: R2 customMetadata `sha256`, S3 `x-amz-meta-sha256`. */
export const HASH_METADATA = "sha256";

/** https://developers.cloudflare.com/r2/api/workers/workers-api-reference/ */
export function r2Target(bucket: R2Bucket): MirrorTarget {
  return {
    name: "r2",
    async get(key) {
      const object = await bucket.get(key);
      return object ? object.text() : null;
    },
    async put(object) {
      await bucket.put(object.key, object.body, {
        httpMetadata: { contentType: object.contentType, cacheControl: object.cacheControl },
        customMetadata: { [HASH_METADATA]: object.sha256 },
        // R2 refuses the write if the bytes that arrive do not have this hash.
        sha256: object.sha256,
      });
    },
    async delete(key) {
      await bucket.delete(key);
    },
  };
}

/** Each path segment percent-encoded, the slashes kept. */
function encodeKey(key: string): string {
  return key.split("/").map(encodeURIComponent).join("/");
}

/** The object's URL: path-style `endpoint/bucket/key` or virtual-hosted `bucket.endpoint/key`. */
export function s3ObjectUrl(settings: S3Settings, key: string): string {
  const path = encodeKey(settings.prefix + key);
  if (settings.pathStyle) return `${settings.endpoint}/${settings.bucket}/${path}`;
  const url = new URL(settings.endpoint);
  return `${url.protocol}//${settings.bucket}.${url.host}/${path}`;
}

/** The `<Code>` of an S3 error answer, which says what is wrong without echoing anything secret. */
async function s3Error(response: Response, what: string): Promise<Error> {
  const text = await response.text().catch(() => "");
  const code = /<Code>([^<]{1,80})<\/Code>/.exec(text)?.[1] ?? "no error code";
  return new Error(`S3 mirror: ${what} answered ${response.status} (${code})`);
}

/**
 * Any S3-compatible bucket (Aliyun OSS, Tencent COS, MinIO, R2's S3 API),
 * requests signed with AWS Signature Version 4 by aws4fetch. Uploads carry
 * their SHA-256 as `x-amz-content-sha256`, so the payload is signed too.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
 */
export function s3Target(settings: S3Settings): MirrorTarget {
  const client = new AwsClient({
    accessKeyId: settings.accessKeyId,
    secretAccessKey: settings.secretAccessKey,
    service: "s3",
    region: settings.region,
    // Retries on 5xx and 429 (aws4fetch's backoff); the next cron run tries again after that.
    retries: 2,
  });
  return {
    name: "s3",
    async get(key) {
      const response = await client.fetch(s3ObjectUrl(settings, key), { method: "GET" });
      if (response.status === 404) {
        await response.body?.cancel();
        return null;
      }
      if (!response.ok) throw await s3Error(response, `GET ${key}`);
      return response.text();
    },
    async put(object) {
      const response = await client.fetch(s3ObjectUrl(settings, object.key), {
        method: "PUT",
        body: object.body,
        headers: {
          "content-type": object.contentType,
          "cache-control": object.cacheControl,
          [`x-amz-meta-${HASH_METADATA}`]: object.sha256,
          "x-amz-content-sha256": object.sha256,
        },
      });
      if (!response.ok) throw await s3Error(response, `PUT ${object.key}`);
      await response.body?.cancel();
    },
    async delete(key) {
      const response = await client.fetch(s3ObjectUrl(settings, key), { method: "DELETE" });
      if (!response.ok && response.status !== 404) throw await s3Error(response, `DELETE ${key}`);
      await response.body?.cancel();
    },
  };
}

export function mirrorTargets(config: MirrorConfig): MirrorTarget[] {
  const targets: MirrorTarget[] = [];
  if (config.r2) targets.push(r2Target(config.r2));
  if (config.s3) targets.push(s3Target(config.s3));
  return targets;
}
