/**
 * A Web Push service on localhost for the tests (vitest globalSetup, runs in Node), so
 * src/notify/push/send.ts talks to a real receiver that checks what a push service
 * checks (RFC 8030, RFC 8292 VAPID, RFC 8291 aes128gcm) and decrypts the message
 * as a browser would, with the http_ece package (an implementation that is not ours).
 *
 *   POST /subscriptions            {applicationServerKey?} → {endpoint, keys: {p256dh, auth}}:
 *                                  a new browser key pair and auth secret (Node crypto)
 *   POST /push/{id}                a push message: 201, or 4xx with the reason as text
 *   GET  /push/{id}/received       {received: [{payload, ttl, urgency, topic}], rejected: [{status, reason}]}
 *   DELETE /push/{id}              the browser unsubscribed: later pushes get 410
 *   POST /gone/{id}                always 410 (a subscription the service has forgotten)
 *   POST /answer/{status}/{id}     always that status (e.g. 500, 429)
 *
 * Tests read the base URL with `inject("pushEndpoint")`; anything else starts one with
 * `startPushEndpoint()` (the end-to-end tests, which import this file under Node's type
 * stripping: erasable TypeScript only here).
 */
import { createECDH, createPublicKey, type ECDH, randomBytes, randomUUID, verify } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { decrypt } from "http_ece";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the local push service, e.g. http://127.0.0.1:41234. */
    pushEndpoint: string;
  }
}

interface Subscription {
  ecdh: ECDH;
  auth: Buffer;
  /** The VAPID public key the "browser" subscribed with: pushes must be signed with it (RFC 8292 §4). */
  applicationServerKey: string | null;
  unsubscribed: boolean;
  received: { payload: string; ttl: number; urgency: string | null; topic: string | null }[];
  rejected: { status: number; reason: string }[];
}

/** RFC 8030 §7.2 lets a push service refuse more; browsers' services take at least 4096 bytes. */
const MAX_BODY = 4096;
const DAY_SECONDS = 24 * 60 * 60;

class Refusal extends Error {
  readonly status: number;
  constructor(status: number, reason: string) {
    super(reason);
    this.status = status;
  }
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

/** `vapid t=<jwt>, k=<key>` (RFC 8292 §3), checked as a push service does; the reason when it fails. */
function checkVapid(authorization: string | undefined, origin: string, subscription: Subscription): void {
  const match = /^vapid\s+(.*)$/i.exec(authorization ?? "");
  if (!match) throw new Refusal(401, "no vapid Authorization");
  const params = Object.fromEntries(
    match[1]!.split(",").map((part) => {
      const at = part.indexOf("=");
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    }),
  );
  const { t: token, k: key } = params;
  if (!token || !key) throw new Refusal(401, "t or k missing");
  const point = Buffer.from(key, "base64url");
  if (point.length !== 65 || point[0] !== 4) throw new Refusal(401, "k is not a P-256 point");
  if (subscription.applicationServerKey && key !== subscription.applicationServerKey) {
    throw new Refusal(403, "k is not the key this subscription was made with");
  }
  const [head, body, signature] = token.split(".");
  if (!head || !body || !signature) throw new Refusal(401, "t is not a JWT");
  const { alg } = JSON.parse(Buffer.from(head, "base64url").toString());
  if (alg !== "ES256") throw new Refusal(401, `alg ${alg}`);
  const publicKey = createPublicKey({
    key: {
      kty: "EC",
      crv: "P-256",
      x: point.subarray(1, 33).toString("base64url"),
      y: point.subarray(33).toString("base64url"),
    },
    format: "jwk",
  });
  const signed = verify(
    "sha256",
    Buffer.from(`${head}.${body}`),
    { key: publicKey, dsaEncoding: "ieee-p1363" },
    Buffer.from(signature, "base64url"),
  );
  if (!signed) throw new Refusal(401, "bad signature");
  const claims = JSON.parse(Buffer.from(body, "base64url").toString());
  if (claims.aud !== origin) throw new Refusal(401, `aud ${claims.aud} is not ${origin}`);
  const now = Math.floor(Date.now() / 1000);
  if (!Number.isInteger(claims.exp) || claims.exp <= now || claims.exp > now + DAY_SECONDS) {
    throw new Refusal(401, "exp is not within the next 24 hours");
  }
  if (typeof claims.sub !== "string" || !/^(mailto:|https:)/.test(claims.sub)) throw new Refusal(401, "bad sub");
}

function receive(request: IncomingMessage, body: Buffer, origin: string, subscription: Subscription): void {
  checkVapid(request.headers.authorization, origin, subscription);
  if (request.headers["content-encoding"] !== "aes128gcm") {
    throw new Refusal(415, `Content-Encoding ${request.headers["content-encoding"]}`);
  }
  const ttl = request.headers.ttl;
  if (typeof ttl !== "string" || !/^\d+$/.test(ttl)) throw new Refusal(400, "TTL missing");
  if (body.length > MAX_BODY) throw new Refusal(413, "too large");
  let payload: Buffer;
  try {
    payload = decrypt(body, { version: "aes128gcm", privateKey: subscription.ecdh, authSecret: subscription.auth });
  } catch (error) {
    throw new Refusal(400, `cannot decrypt: ${(error as Error).message}`);
  }
  subscription.received.push({
    payload: payload.toString("utf8"),
    ttl: Number(ttl),
    urgency: (request.headers.urgency as string | undefined) ?? null,
    topic: (request.headers.topic as string | undefined) ?? null,
  });
}

function send(response: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    response.writeHead(status).end();
  } else if (typeof body === "string") {
    response.writeHead(status, { "content-type": "text/plain" }).end(body);
  } else {
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  }
}

export interface PushEndpoint {
  /** Base URL, e.g. http://127.0.0.1:41234. */
  origin: string;
  close(): Promise<void>;
}

/** A local push service on a free port of 127.0.0.1 (the API above). */
export async function startPushEndpoint(): Promise<PushEndpoint> {
  const subscriptions = new Map<string, Subscription>();
  let origin = "";

  const server = createServer(async (request, response) => {
    try {
      const body = await readBody(request);
      const path = new URL(request.url ?? "/", origin).pathname;
      const [, route, ...rest] = path.split("/");
      if (request.method === "POST" && path === "/subscriptions") {
        const options = body.length ? JSON.parse(body.toString()) : {};
        const ecdh = createECDH("prime256v1");
        ecdh.generateKeys();
        const id = randomUUID();
        const subscription: Subscription = {
          ecdh,
          auth: randomBytes(16),
          applicationServerKey: options.applicationServerKey ?? null,
          unsubscribed: false,
          received: [],
          rejected: [],
        };
        subscriptions.set(id, subscription);
        return send(response, 201, {
          endpoint: `${origin}/push/${id}`,
          keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: subscription.auth.toString("base64url") },
        });
      }
      if (request.method === "POST" && route === "gone") return send(response, 410);
      if (request.method === "POST" && route === "answer") return send(response, Number(rest[0]));
      const subscription = route === "push" ? subscriptions.get(rest[0] ?? "") : undefined;
      if (!subscription) return send(response, 404, "no such subscription");
      if (request.method === "GET" && rest[1] === "received") {
        return send(response, 200, { received: subscription.received, rejected: subscription.rejected });
      }
      if (request.method === "DELETE" && rest.length === 1) {
        subscription.unsubscribed = true;
        return send(response, 204);
      }
      if (request.method === "POST" && rest.length === 1) {
        if (subscription.unsubscribed) return send(response, 410, "unsubscribed");
        try {
          receive(request, body, origin, subscription);
        } catch (error) {
          if (!(error instanceof Refusal)) throw error;
          subscription.rejected.push({ status: error.status, reason: error.message });
          return send(response, error.status, error.message);
        }
        response.setHeader("location", `${origin}/messages/${randomUUID()}`);
        return send(response, 201);
      }
      return send(response, 405);
    } catch (error) {
      send(response, 500, String(error));
    }
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** vitest globalSetup: one push service for the whole run, its base URL provided as `pushEndpoint`. */
export default async function setup(project: TestProject) {
  const endpoint = await startPushEndpoint();
  project.provide("pushEndpoint", endpoint.origin);
  return endpoint.close;
}
