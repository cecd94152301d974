import { env } from "cloudflare:workers";
import { AwsClient } from "aws4fetch";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { Env } from "../../src/env";
import { PAGE_CACHE } from "../../src/mirror/render";
import { STATE_KEY } from "../../src/mirror/run";
import { mirrorAt, mirrorEnv, sha256Hex } from "./helpers";

// The local S3-compatible server (test/setup/s3-server.ts): s3rver behind a proxy that verifies SigV4.
const endpoint = `http://127.0.0.1:${inject("s3Port")}`;
const bucketName = inject("s3Bucket");
const PREFIX = "status/";

function s3Env(overrides: Partial<Env> = {}): Env {
  return mirrorEnv({
    MIRROR_S3_ENDPOINT: endpoint,
    MIRROR_S3_BUCKET: bucketName,
    MIRROR_S3_REGION: inject("s3Region"),
    MIRROR_S3_ACCESS_KEY_ID: inject("s3AccessKeyId"),
    MIRROR_S3_SECRET_ACCESS_KEY: inject("s3SecretAccessKey"),
    MIRROR_S3_PREFIX: PREFIX,
    MIRROR_S3_PATH_STYLE: "true",
    ...overrides,
  });
}

const client = new AwsClient({
  accessKeyId: inject("s3AccessKeyId"),
  secretAccessKey: inject("s3SecretAccessKey"),
  service: "s3",
  region: inject("s3Region"),
  retries: 0,
});
const objectUrl = (key: string) => `${endpoint}/${bucketName}/${PREFIX}${key}`;

async function s3Get(key: string): Promise<Response> {
  return client.fetch(objectUrl(key), { method: "GET" });
}

describe("the mirror in an S3-compatible bucket", () => {
  let written: string[] = [];
  beforeAll(async () => {
    // Both targets at once: the R2 copy is the reference the S3 copy must equal.
    const runs = await mirrorAt(Date.now(), s3Env(), true);
    expect(runs.map((run) => run.target).sort()).toEqual(["r2", "s3"]);
    written = runs.find((run) => run.target === "s3")!.written;
  });

  it("receives the same files as the R2 bucket, under its prefix, with type, cache lifetime and hash", async () => {
    const r2Keys = (await env.MIRROR_TEST_BUCKET.list({ limit: 1000 })).objects
      .map((object) => object.key)
      .filter((key) => key !== STATE_KEY);
    expect(written.sort()).toEqual(r2Keys.sort());
    expect(written).toEqual(expect.arrayContaining(["index.html", "en/index.html", "api/v2/summary.json"]));
    for (const key of written) {
      const response = await s3Get(key);
      expect(response.status, key).toBe(200);
      const body = await response.arrayBuffer();
      const r2 = await env.MIRROR_TEST_BUCKET.get(key);
      expect(await sha256Hex(body), key).toBe(await sha256Hex(await r2!.arrayBuffer()));
      expect(response.headers.get("x-amz-meta-sha256"), key).toBe(await sha256Hex(body));
      expect(response.headers.get("content-type"), key).toBe(r2!.httpMetadata!.contentType);
      expect(response.headers.get("cache-control"), key).toBe(r2!.httpMetadata!.cacheControl);
    }
    const page = await s3Get("index.html");
    expect(page.headers.get("content-type")).toMatch(/^text\/html; charset=utf-8$/i);
    expect(page.headers.get("cache-control")).toBe(PAGE_CACHE);
    expect(await page.text()).toContain("此页面为静态镜像");
  });

  it("keeps its state next to the files and writes nothing when nothing is due", async () => {
    const state = JSON.parse(await (await s3Get(STATE_KEY)).text());
    expect(Object.keys(state.objects).sort()).toEqual([...written].sort());
    expect(await mirrorAt(Date.now(), s3Env())).toEqual([]);
  });

  it("fails naming the target when the signature is refused, and still writes the other target", async () => {
    await env.MIRROR_TEST_BUCKET.delete("index.html");
    const run = mirrorAt(Date.now(), s3Env({ MIRROR_S3_SECRET_ACCESS_KEY: "not-the-secret" }), true);
    await expect(run).rejects.toThrow(/s3: .*SignatureDoesNotMatch/);
    await expect(run).rejects.not.toThrow(/not-the-secret/);
    expect(await env.MIRROR_TEST_BUCKET.head("index.html")).not.toBeNull();
  });
});

describe("the local S3 server checks signatures as S3 does", () => {
  it("refuses an unsigned write", async () => {
    const response = await fetch(objectUrl("unsigned.txt"), { method: "PUT", body: "x" });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("AccessDenied");
  });

  it("refuses a body that is not the one signed", async () => {
    const response = await client.fetch(objectUrl("tampered.txt"), {
      method: "PUT",
      body: "what arrives",
      headers: { "x-amz-content-sha256": await sha256Hex(new TextEncoder().encode("what was signed")) },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("XAmzContentSHA256Mismatch");
  });

  it("accepts a correctly signed write", async () => {
    const body = new TextEncoder().encode("signed");
    const response = await client.fetch(objectUrl("signed.txt"), {
      method: "PUT",
      body,
      headers: { "content-type": "text/plain; charset=utf-8", "x-amz-content-sha256": await sha256Hex(body) },
    });
    expect(response.status).toBe(200);
    expect(await (await s3Get("signed.txt")).text()).toBe("signed");
  });
});
