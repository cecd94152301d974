import { hmacSha256Base64 } from "./hmac";
import { type ChatMessage, LEVEL_SIGN } from "./message";
import { defangLineStarts, defangMarkdown, fitText, oneLine, utf8Bytes, utf16Units } from "./text";

/**
 * DingTalk (钉钉) custom robot, markdown message: POST
 * `{ msgtype: "markdown", markdown: { title, text }, at }` to
 * `https://oapi.dingtalk.com/robot/send?access_token=…`.
 * https://open.dingtalk.com/document/orgapp/custom-robot-access (自定义机器人接入, message types)
 *
 * `title` is what the conversation list shows; `text` is a markdown subset
 * (headings, quotes, bold, links, images, lists). Mentions happen only through
 * `at` (phone numbers, user ids, isAtAll), so `at` says "nobody" outright.
 */
export interface DingtalkBody {
  msgtype: "markdown";
  markdown: { title: string; text: string };
  at: { isAtAll: false };
}

/**
 * DingTalk documents no limit for markdown text; 5000 bytes keeps a notice whole
 * (it is a few sentences) while a runaway body cannot reach the request size limit.
 */
export const DINGTALK_MAX_BYTES = 5000;

// DingTalk markdown breaks a line only where "\n" follows two spaces (as in the message-type doc).
const escapeText = (piece: string) => defangMarkdown(piece).replace(/\n/g, "  \n");
const text = (raw: string, maxBytes: number) => fitText(defangLineStarts(raw), maxBytes, escapeText, utf8Bytes);

export function dingtalkBody(message: ChatMessage): DingtalkBody {
  const sign = LEVEL_SIGN[message.level];
  const head = [`#### ${sign} ${text(message.title, 512)}`];
  if (message.status) head.push(`**${message.status.label.trim()}** ${text(message.status.word, 128)}`);
  const tail: string[] = [];
  if (message.link) tail.push(`[${message.link.label}](${message.link.href})`);
  tail.push(`###### ${text(message.footer, 256)}`);

  const fixed = [...head, ...tail].join("\n\n");
  const budget = DINGTALK_MAX_BYTES - utf8Bytes(fixed) - utf8Bytes("\n\n");
  const body = budget > 0 ? text(message.body, budget) : "";
  return {
    msgtype: "markdown",
    markdown: {
      // Plain text, not markdown: only one line of it shows in the conversation list.
      title: fitText(oneLine(`${sign} ${message.title}`), 100, (piece) => piece, utf16Units),
      text: [...head, body, ...tail].filter(Boolean).join("\n\n"),
    },
    at: { isAtAll: false },
  };
}

/**
 * 加签: `sign` = base64(HMAC-SHA256(key = secret, message = `${timestamp}\n${secret}`)),
 * with `timestamp` in milliseconds (accepted within an hour of DingTalk's clock),
 * both added to the query string; URLSearchParams applies the urlEncode the doc asks for.
 * https://open.dingtalk.com/document/robots/customize-robot-security-settings (安全设置)
 */
export async function dingtalkSignature(secret: string, timestampMs: number): Promise<string> {
  return hmacSha256Base64(secret, `${timestampMs}\n${secret}`);
}

/** The robot's URL with `timestamp` and `sign` when it has a signing secret, else unchanged. */
export async function dingtalkUrl(url: string, secret: string | null, nowMs: number): Promise<string> {
  if (!secret) return url;
  const timestamp = Math.trunc(nowMs);
  const signed = new URL(url);
  signed.searchParams.set("timestamp", String(timestamp));
  signed.searchParams.set("sign", await dingtalkSignature(secret, timestamp));
  return signed.href;
}
