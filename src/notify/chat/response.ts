/**
 * What a robot's answer means. Every platform answers its own way, and the shape
 * of the answer says which one it is, so the request need not carry its platform:
 *
 * - WeCom and DingTalk: HTTP 200 with `{ errcode, errmsg }`, errcode 0 when sent.
 * - Feishu/Lark: `{ code, msg }` (older answers: `StatusCode`), 0 when sent.
 * - Slack: 200 with the text `ok`; otherwise a 4xx/5xx with one error word.
 *
 * "gone" means the robot or its key no longer exists (removed from the group,
 * the group dissolved, the webhook revoked), so the subscription can be dropped.
 * Every other failure throws a ChatSendError and the caller retries later.
 */

/** A failed send, with a reason that is safe to store and show: a status and a platform code, never the platform's message (WeCom's names our IP address). */
export class ChatSendError extends Error {
  readonly reason: string;
  /** The HTTP status, 0 when no answer came. */
  readonly status: number;
  /** From `Retry-After` (seconds) when the answer had one, e.g. a Slack 429. */
  readonly retryAfterMs: number | null;

  constructor(reason: string, status = 0, retryAfterMs: number | null = null) {
    super(`chat robot: ${reason}`);
    this.name = "ChatSendError";
    this.reason = reason;
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * `errcode`s of WeCom and DingTalk that mean the robot is gone (the two ranges do not overlap).
 * WeCom, global error codes (https://developer.work.weixin.qq.com/document/path/90313):
 *   93000 the webhook URL is invalid or the robot was removed from the group; 93008 not in the group.
 *   (93004, robot disabled, can be undone by the group and is retried instead.)
 * DingTalk, the error table of the custom robot doc (https://open.dingtalk.com/document/orgapp/custom-robot-access):
 *   400013 group dissolved; 400101 access_token does not exist; 400106 robot does not exist.
 *   300001 and 300005 "token is not exist" are what oapi.dingtalk.com answers for a deleted
 *   robot's token in practice, though the doc's table does not list them.
 *   (400102, robot disabled, can be undone and is retried instead.)
 */
const GONE_ERRCODES = new Set([93000, 93008, 400013, 400101, 400106, 300001, 300005]);

/** Feishu/Lark: 19001 "param invalid: incoming webhook access token invalid", a deleted bot's or mistyped hook. */
const GONE_FEISHU_CODES = new Set([19001]);

/**
 * Slack's incoming-webhook error words for a webhook that no longer leads anywhere:
 * the webhook disabled or removed (`no_service`), its workspace gone (`no_team`,
 * `team_disabled`), its channel deleted or archived (`channel_not_found`, `channel_is_archived`).
 * https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks ("Handling errors")
 * https://api.slack.com/changelog/2016-05-17-changes-to-errors-for-incoming-webhooks
 */
const GONE_SLACK_ERRORS = new Set([
  "no_service",
  "no_team",
  "team_disabled",
  "channel_not_found",
  "channel_is_archived",
]);

/** Robots answer in a few dozen bytes; anything longer is cut before it is looked at. */
const MAX_ANSWER_BYTES = 8192;

async function readAnswer(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < MAX_ANSWER_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  await reader.cancel().catch(() => {});
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return new TextDecoder().decode(bytes.subarray(0, MAX_ANSWER_BYTES));
}

function numberField(value: unknown, field: string): number | null {
  if (typeof value !== "object" || value === null || !(field in value)) return null;
  const n = (value as Record<string, unknown>)[field];
  return typeof n === "number" && Number.isInteger(n) ? n : null;
}

function retryAfterMs(response: Response): number | null {
  const seconds = Number(response.headers.get("retry-after"));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
}

/** "sent", "gone", or a thrown ChatSendError, for the answer of any of the four platforms. */
export async function readChatResponse(response: Response): Promise<"sent" | "gone"> {
  const status = response.status;
  const answer = await readAnswer(response);
  let json: unknown = null;
  try {
    json = JSON.parse(answer);
  } catch {
    // Slack answers in plain text.
  }
  const fail = (reason: string) =>
    new ChatSendError(response.ok ? reason : `HTTP ${status} ${reason}`.trim(), status, retryAfterMs(response));

  const errcode = numberField(json, "errcode");
  if (errcode !== null) {
    if (GONE_ERRCODES.has(errcode)) return "gone";
    if (errcode !== 0) throw fail(`errcode ${errcode}`);
  } else {
    const code = numberField(json, "code") ?? numberField(json, "StatusCode");
    if (code !== null) {
      if (GONE_FEISHU_CODES.has(code)) return "gone";
      if (code !== 0) throw fail(`code ${code}`);
    } else {
      const word = answer.trim();
      if (!response.ok && GONE_SLACK_ERRORS.has(word)) return "gone";
      // Slack's error words are short snake_case; anything else is not repeated.
      if (!response.ok) throw fail(/^[a-z0-9_]{1,64}$/.test(word) ? word : "");
      if (word !== "ok") throw fail("unexpected answer");
    }
  }
  if (!response.ok) throw fail("");
  return "sent";
}
