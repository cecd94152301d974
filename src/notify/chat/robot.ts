import { z } from "zod";
import { STRICT_WEBHOOK_URLS, type WebhookUrlPolicy, webhookUrlProblem } from "../../domain/webhook-url";
import { CHAT_PLATFORMS, type ChatPlatform } from "./message";

/**
 * Which robot addresses a subscription may hold. Anyone can hand in a robot URL,
 * so only each platform's own webhook address is accepted (https, its host, its
 * path, its one token and nothing else): the Worker never posts to an arbitrary
 * server on a stranger's word. Local development and tests may also use a
 * receiver on this machine, under the same policy as webhooks
 * (domain/webhook-url.ts, WEBHOOK_ALLOW_HTTP_LOCALHOST).
 */

interface Shape {
  name: string;
  example: string;
  hosts: string[];
  /** The token in the path, or null when the path must be exactly `path`. */
  path: RegExp;
  /** The one query parameter and its form, when the token is in the query. */
  query: { name: string; value: RegExp } | null;
}

const TOKEN = /^[A-Za-z0-9-]{8,128}$/;

const SHAPES: Record<ChatPlatform, Shape> = {
  // https://developer.work.weixin.qq.com/document/path/91770
  wecom: {
    name: "WeCom group robot",
    example: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
    hosts: ["qyapi.weixin.qq.com"],
    path: /^\/cgi-bin\/webhook\/send$/,
    query: { name: "key", value: TOKEN },
  },
  // https://open.dingtalk.com/document/orgapp/custom-robot-access
  dingtalk: {
    name: "DingTalk custom robot",
    example: "https://oapi.dingtalk.com/robot/send?access_token=…",
    hosts: ["oapi.dingtalk.com"],
    path: /^\/robot\/send$/,
    query: { name: "access_token", value: /^[A-Za-z0-9]{8,128}$/ },
  },
  // https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot
  feishu: {
    name: "Feishu/Lark custom bot",
    example: "https://open.feishu.cn/open-apis/bot/v2/hook/…",
    hosts: ["open.feishu.cn", "open.larksuite.com"],
    path: /^\/open-apis\/bot\/v2\/hook\/[A-Za-z0-9-]{8,128}$/,
    query: null,
  },
  // https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks
  slack: {
    name: "Slack incoming webhook",
    example: "https://hooks.slack.com/services/T…/B…/…",
    hosts: ["hooks.slack.com"],
    path: /^\/services\/[A-Z0-9]{2,32}\/[A-Z0-9]{2,32}\/[A-Za-z0-9]{8,64}$/,
    query: null,
  },
};

/** Where a local-development receiver is allowed: the policy admits it and the strict rules do not. */
function isLocalReceiver(url: string, policy: WebhookUrlPolicy): boolean {
  return (
    policy.allowHttpLocalhost &&
    webhookUrlProblem(url, policy) === null &&
    webhookUrlProblem(url, STRICT_WEBHOOK_URLS) !== null
  );
}

function matchesShape(url: URL, shape: Shape): boolean {
  if (url.protocol !== "https:" || url.port !== "" || url.username || url.password || url.hash) return false;
  if (!shape.hosts.includes(url.hostname)) return false;
  if (!shape.path.test(url.pathname)) return false;
  const params = [...url.searchParams];
  if (!shape.query) return params.length === 0 && url.search === "";
  const [only, ...rest] = params;
  return rest.length === 0 && only?.[0] === shape.query.name && shape.query.value.test(only[1]);
}

/** Why `url` may not be `platform`'s robot address under `policy`, or null when it may. */
export function chatUrlProblem(platform: ChatPlatform, url: string, policy: WebhookUrlPolicy): string | null {
  if (isLocalReceiver(url, policy)) return null;
  const shape = SHAPES[platform];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "must be a valid URL";
  }
  return matchesShape(parsed, shape) ? null : `must be a ${shape.name} address (${shape.example})`;
}

/** Why `secret` does not fit `platform`, or null when it does (null and "" mean no secret). */
export function chatSecretProblem(platform: ChatPlatform, secret: string | null): string | null {
  if (!secret) return null;
  switch (platform) {
    // The 加签 secret DingTalk shows: "SEC" and 64 hex digits; a little latitude in length.
    case "dingtalk":
      return /^SEC[A-Za-z0-9]{16,128}$/.test(secret)
        ? null
        : "must be the DingTalk signing secret (it starts with SEC)";
    // The 签名校验 key Feishu shows: letters and digits.
    case "feishu":
      return /^[A-Za-z0-9]{8,64}$/.test(secret) ? null : "must be the Feishu/Lark signing secret (letters and digits)";
    default:
      return `a ${SHAPES[platform].name} has no signing secret; leave it empty`;
  }
}

/**
 * A chat robot as a subscription form sends it. `secret` comes out as a string
 * or null. Problems name their field (`url`, `secret`).
 */
export function chatRobotSchemaFor(policy: WebhookUrlPolicy) {
  return z
    .object({
      platform: z.enum(CHAT_PLATFORMS),
      url: z.string().trim().min(1).max(2000),
      secret: z
        .string()
        .trim()
        .max(200)
        .nullish()
        .transform((secret) => secret || null),
    })
    .superRefine((robot, ctx) => {
      const urlProblem = chatUrlProblem(robot.platform, robot.url, policy);
      if (urlProblem) ctx.addIssue({ code: "custom", path: ["url"], message: urlProblem });
      const secretProblem = chatSecretProblem(robot.platform, robot.secret);
      if (secretProblem) ctx.addIssue({ code: "custom", path: ["secret"], message: secretProblem });
    });
}

/** The production rules: each platform's own https address only. */
export const chatRobotSchema = chatRobotSchemaFor(STRICT_WEBHOOK_URLS);
