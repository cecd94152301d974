import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";
import type { TestProject } from "vitest/node";

/**
 * A local S3-compatible server for the static mirror's S3 target (test/mirror/).
 * Runs in Node, once per test run; tests in workerd reach it over HTTP on 127.0.0.1.
 *
 * s3rver stores objects with their headers and `x-amz-meta-*` metadata, but it only
 * checks that a SigV4 Authorization header is well formed (its v4 check is unimplemented:
 * node_modules/s3rver/lib/middleware/authentication.js). So a small proxy in front of it
 * verifies every request's AWS Signature Version 4 itself, independently of the aws4fetch
 * the Worker signs with, including the signed payload hash against the body, and answers
 * 403 `SignatureDoesNotMatch` (or 400 `XAmzContentSHA256Mismatch`) as S3 does; only
 * verified requests reach s3rver. Unsigned requests are refused too.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
 */

// s3rver's one built-in account; the proxy knows the same secret.
const ACCESS_KEY_ID = "S3RVER";
const SECRET_ACCESS_KEY = "S3RVER";
const REGION = "us-east-1";
const BUCKET = "paystatus-mirror";

declare module "vitest" {
  export interface ProvidedContext {
    /** The verifying proxy's port on 127.0.0.1 (path-style: http://127.0.0.1:{port}/{bucket}/{key}). */
    s3Port: number;
    s3Bucket: string;
    s3Region: string;
    s3AccessKeyId: string;
    s3SecretAccessKey: string;
  }
}

const sha256Hex = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");
const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();

/** RFC 3986 unreserved characters stay, everything else is percent-encoded (SigV4's UriEncode). */
const uriEncode = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Null when the request is signed with the known key; else the S3 error to answer. */
export function verifySigV4(req: IncomingMessage, body: Buffer): { status: number; code: string } | null {
  const denied = (code: string) => ({ status: 403, code });
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
      req.headers.authorization ?? "",
    );
  if (!match) return denied("AccessDenied");
  const [, accessKeyId, day, region, service, signedHeaderList, signature] = match as unknown as string[];
  if (accessKeyId !== ACCESS_KEY_ID) return denied("InvalidAccessKeyId");
  const amzDate = String(req.headers["x-amz-date"] ?? "");
  if (!amzDate.startsWith(day!)) return denied("SignatureDoesNotMatch");
  const signedAt = Date.parse(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"));
  if (!(Math.abs(Date.now() - signedAt) < 15 * 60_000)) return denied("RequestTimeTooSkewed");
  const payloadHash = String(req.headers["x-amz-content-sha256"] ?? "");
  if (!payloadHash) return { status: 400, code: "InvalidRequest" };
  if (payloadHash !== "UNSIGNED-PAYLOAD" && payloadHash !== sha256Hex(body))
    return { status: 400, code: "XAmzContentSHA256Mismatch" };
  const signedHeaders = signedHeaderList!.split(";");
  for (const required of ["host", "x-amz-date", "x-amz-content-sha256"])
    if (!signedHeaders.includes(required)) return denied("SignatureDoesNotMatch");

  const url = new URL(req.url ?? "/", "http://placeholder");
  const canonicalUri = url.pathname
    .split("/")
    .map((segment) => uriEncode(decodeURIComponent(segment)))
    .join("/");
  const canonicalQuery = [...url.searchParams]
    .map(([key, value]) => [uriEncode(key), uriEncode(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
  const canonicalHeaders = signedHeaders
    .map((name) => {
      const value = req.headers[name];
      const joined = Array.isArray(value) ? value.join(",") : (value ?? "");
      return `${name}:${joined.trim().replace(/\s+/g, " ")}\n`;
    })
    .join("");
  const canonicalRequest = [
    req.method,
    canonicalUri,
    canonicalQuery,
    canonicalHeaders,
    signedHeaderList,
    payloadHash,
  ].join("\n");
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${SECRET_ACCESS_KEY}`, day!), region!), service!), "aws4_request");
  const expected = createHmac("sha256", signingKey).update(stringToSign).digest();
  const given = Buffer.from(signature!, "hex");
  if (region !== REGION || service !== "s3" || !timingSafeEqual(expected, given))
    return denied("SignatureDoesNotMatch");
  return null;
}

function s3ErrorBody(code: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${code}</Message></Error>`;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

export default async function setup(project: TestProject) {
  const directory = await mkdtemp(join(tmpdir(), "paystatus-s3rver-"));
  const s3rver = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  const { port: s3rverPort } = await s3rver.run();

  const proxy = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const body = await readBody(req);
      const refused = verifySigV4(req, body);
      if (refused) {
        res.writeHead(refused.status, { "content-type": "application/xml" });
        res.end(s3ErrorBody(refused.code));
        return;
      }
      const forwarded = request(
        { host: "127.0.0.1", port: s3rverPort, method: req.method, path: req.url, headers: req.headers },
        (upstream) => {
          res.writeHead(upstream.statusCode ?? 502, upstream.headers);
          upstream.pipe(res);
        },
      );
      forwarded.on("error", () => {
        res.writeHead(502);
        res.end();
      });
      forwarded.end(body);
    } catch {
      res.writeHead(500);
      res.end();
    }
  });
  const port = await listen(proxy);

  project.provide("s3Port", port);
  project.provide("s3Bucket", BUCKET);
  project.provide("s3Region", REGION);
  project.provide("s3AccessKeyId", ACCESS_KEY_ID);
  project.provide("s3SecretAccessKey", SECRET_ACCESS_KEY);

  return async () => {
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
    await s3rver.close();
    await rm(directory, { recursive: true, force: true });
  };
}
