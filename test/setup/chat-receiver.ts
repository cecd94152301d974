/**
 * A local receiver for chat robot messages (WeCom, DingTalk, Feishu/Lark, Slack),
 * run in Node as a vitest globalSetup, or by anything else through
 * `startChatReceiver()` (the end-to-end tests). It listens on a free port of
 * 127.0.0.1; vitest tests get the port with `inject("chatReceiverPort")`.
 *
 * API
 *
 *   POST /<platform>/<outcome>[/<secret>]/<anything>[?query]
 *     Records the request (path, query, headers, body) and answers the way
 *     <platform> (wecom | dingtalk | feishu | slack) answers for <outcome>:
 *       ok      sent (WeCom/DingTalk `{"errcode":0}`, Feishu `{"code":0}`, Slack 200 `ok`)
 *       error   a failure that is worth retrying (WeCom 45009 rate limit,
 *               DingTalk 410100 too fast, Feishu 11232 rate limit, Slack 400 invalid_payload)
 *       gone    the robot no longer exists (WeCom 93000, DingTalk 400101,
 *               Feishu 19001, Slack 404 no_service)
 *       http500 HTTP 500 with a text body, for any platform
 *       signed  checks the signature the way the platform does, with <secret>
 *               (URL-encoded) as the robot's signing secret: DingTalk's `timestamp`
 *               and `sign` query parameters, Feishu's `timestamp` and `sign` body
 *               fields, both within an hour of now; answers like `ok` when they
 *               match and like the platform's signature error when they do not
 *               (DingTalk 310000, Feishu 19021). WeCom and Slack sign nothing:
 *               `signed` is `ok` for them.
 *     Use a path of your own under the prefix (a test name, a random id) so
 *     tests running side by side do not read each other's requests.
 *     Any other path is recorded too and answered 404.
 *
 *   GET /received?path=<exact path>      what arrived at that path, oldest first
 *   GET /received?prefix=<path prefix>   what arrived under that prefix
 *     JSON array of ReceivedRequest (below). The request is recorded before it is
 *     answered, so once the sender has its answer the record is there.
 */
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    chatReceiverPort: number;
  }
}

export interface ReceivedRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The body as text, and parsed when it is JSON (else null). */
  raw: string;
  body: unknown;
  /** What the receiver answered. */
  answer: { status: number; body: string };
}

type Answer = { status: number; body: unknown };
type Platform = "wecom" | "dingtalk" | "feishu" | "slack";

const OK: Record<Platform, Answer> = {
  wecom: { status: 200, body: { errcode: 0, errmsg: "ok" } },
  dingtalk: { status: 200, body: { errcode: 0, errmsg: "ok" } },
  feishu: { status: 200, body: { StatusCode: 0, StatusMessage: "success", code: 0, data: {}, msg: "success" } },
  slack: { status: 200, body: "ok" },
};

const ERROR: Record<Platform, Answer> = {
  // WeCom's messages name the caller's address; the sender must not repeat them.
  wecom: {
    status: 200,
    body: {
      errcode: 45009,
      errmsg:
        "api freq out of limit, hint: [1700000000_12_abc], from ip: 203.0.113.7, more info at https://open.work.weixin.qq.com/devtool/query?e=45009",
    },
  },
  dingtalk: { status: 200, body: { errcode: 410100, errmsg: "send too fast, exceed 20 times per minute" } },
  feishu: {
    status: 200,
    body: { code: 11232, data: {}, msg: "frequency limited psm[lark.oapi.app_platform_runtime]" },
  },
  slack: { status: 400, body: "invalid_payload" },
};

const GONE: Record<Platform, Answer> = {
  wecom: {
    status: 200,
    body: {
      errcode: 93000,
      errmsg:
        "invalid webhook url, hint: [1700000000_12_def], from ip: 203.0.113.7, more info at https://open.work.weixin.qq.com/devtool/query?e=93000",
    },
  },
  dingtalk: { status: 200, body: { errcode: 400101, errmsg: "access_token不存在" } },
  feishu: { status: 200, body: { code: 19001, data: {}, msg: "param invalid: incoming webhook access token invalid" } },
  slack: { status: 404, body: "no_service" },
};

const BAD_SIGNATURE: Partial<Record<Platform, Answer>> = {
  dingtalk: {
    status: 200,
    body: { errcode: 310000, errmsg: "sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]" },
  },
  feishu: {
    status: 200,
    body: { code: 19021, data: {}, msg: "sign match fail or timestamp is not within one hour from current time" },
  },
};

const HOUR_MS = 3_600_000;

function hmacBase64(key: string, message: string): string {
  return createHmac("sha256", key).update(message, "utf8").digest("base64");
}

/** DingTalk 加签: HMAC(key = secret, message = `${timestamp}\n${secret}`), timestamp in ms, in the query. */
function dingtalkSigned(query: Record<string, string>, secret: string): boolean {
  const timestamp = Number(query.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(Date.now() - timestamp) > HOUR_MS) return false;
  return query.sign === hmacBase64(secret, `${query.timestamp}\n${secret}`);
}

/** Feishu 签名校验: HMAC(key = `${timestamp}\n${secret}`, message = ""), timestamp in seconds, in the body. */
function feishuSigned(body: unknown, secret: string): boolean {
  const { timestamp, sign } = (body ?? {}) as { timestamp?: unknown; sign?: unknown };
  if (typeof timestamp !== "string" || typeof sign !== "string") return false;
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds) || Math.abs(Date.now() - seconds * 1000) > HOUR_MS) return false;
  return sign === hmacBase64(`${timestamp}\n${secret}`, "");
}

function answerFor(path: string, query: Record<string, string>, body: unknown): Answer {
  const [platform, outcome, secret] = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (platform !== "wecom" && platform !== "dingtalk" && platform !== "feishu" && platform !== "slack") {
    return { status: 404, body: "unknown receiver path" };
  }
  switch (outcome) {
    case "ok":
      return OK[platform];
    case "error":
      return ERROR[platform];
    case "gone":
      return GONE[platform];
    case "http500":
      return { status: 500, body: "internal error" };
    case "signed": {
      const signed =
        platform === "dingtalk"
          ? dingtalkSigned(query, secret ?? "")
          : platform === "feishu"
            ? feishuSigned(body, secret ?? "")
            : true;
      return signed ? OK[platform] : (BAD_SIGNATURE[platform] ?? OK[platform]);
    }
    default:
      return { status: 404, body: "unknown receiver path" };
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function send(response: ServerResponse, answer: Answer): string {
  const text = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
  const type = typeof answer.body === "string" ? "text/plain; charset=utf-8" : "application/json; charset=utf-8";
  response.writeHead(answer.status, { "content-type": type });
  response.end(text);
  return text;
}

export interface ChatReceiver {
  port: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startChatReceiver(): Promise<ChatReceiver> {
  const received: ReceivedRequest[] = [];
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const query = Object.fromEntries(url.searchParams);
    if (request.method === "GET" && url.pathname === "/received") {
      const path = url.searchParams.get("path");
      const prefix = url.searchParams.get("prefix");
      const matching = received.filter((r) =>
        path !== null ? r.path === path : prefix !== null ? r.path.startsWith(prefix) : true,
      );
      send(response, { status: 200, body: matching });
      return;
    }
    const raw = await readBody(request);
    let body: unknown = null;
    try {
      body = JSON.parse(raw);
    } catch {
      // Not JSON: kept as raw only.
    }
    const answer =
      request.method === "POST" ? answerFor(url.pathname, query, body) : { status: 405, body: "POST only" };
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.join(", ") : (value ?? ""),
      ]),
    );
    const record: ReceivedRequest = {
      method: request.method ?? "",
      path: url.pathname,
      query,
      headers,
      raw,
      body,
      answer: { status: answer.status, body: "" },
    };
    received.push(record);
    record.answer.body = send(response, answer);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** vitest globalSetup: one receiver for the whole run, its port provided as `chatReceiverPort`. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const receiver = await startChatReceiver();
  project.provide("chatReceiverPort", receiver.port);
  return () => receiver.close();
}
