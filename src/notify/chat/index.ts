import { STRICT_WEBHOOK_URLS, type WebhookUrlPolicy } from "../../domain/webhook-url";
import { dingtalkBody, dingtalkUrl } from "./dingtalk";
import { feishuBody } from "./feishu";
import { type ChatContent, type ChatRobot, chatMessage } from "./message";
import { ChatSendError, readChatResponse } from "./response";
import { chatUrlProblem } from "./robot";
import { slackBody } from "./slack";
import { wecomBody } from "./wecom";

/**
 * Chat group robots as a notification channel: a notice (or the confirmation
 * request a new robot gets first) in one language, as the robot's platform
 * wants it, signed where the platform signs; and what the platform's answer means.
 * The robot's URL is contact data: it is sent to, never logged or shown.
 */
export type { ChatConfirmation, ChatContent, ChatPlatform, ChatRobot } from "./message";
export { CHAT_PLATFORMS } from "./message";
export { ChatSendError } from "./response";
export { chatRobotSchema, chatRobotSchemaFor, chatSecretProblem, chatUrlProblem } from "./robot";

export type Fetcher = (request: Request) => Promise<Response>;

/** Robots answer within seconds; a send that takes longer is abandoned and retried. */
export const CHAT_TIMEOUT_MS = 10_000;

/**
 * The POST that delivers `content` to `robot`, signed with the time `nowMs`
 * (DingTalk and Feishu refuse signatures more than an hour old, so build it just
 * before sending). Throws a ChatSendError ("invalid URL") when the URL is not the
 * platform's own address under `policy`, checked again here because the rules
 * may have changed since the robot was stored.
 */
export async function chatRequest(
  robot: ChatRobot,
  content: ChatContent,
  nowMs: number,
  policy: WebhookUrlPolicy = STRICT_WEBHOOK_URLS,
): Promise<Request> {
  if (chatUrlProblem(robot.platform, robot.url, policy)) throw new ChatSendError("invalid URL");
  const message = chatMessage(content);
  if ("confirmation" in content && !message.link) throw new Error("confirmUrl must be an http(s) URL");
  const secret = robot.secret || null;
  let url = robot.url;
  let body: unknown;
  switch (robot.platform) {
    case "wecom":
      body = wecomBody(message);
      break;
    case "dingtalk":
      url = await dingtalkUrl(robot.url, secret, nowMs);
      body = dingtalkBody(message);
      break;
    case "feishu":
      body = await feishuBody(message, secret, nowMs);
      break;
    case "slack":
      body = slackBody(message);
      break;
  }
  return new Request(url, {
    method: "POST",
    headers: { "content-type": "application/json; charset=utf-8", "user-agent": "paystatus-notify/1" },
    body: JSON.stringify(body),
    redirect: "manual",
  });
}

function failureOf(caught: unknown): ChatSendError {
  const name = caught instanceof Error || caught instanceof DOMException ? caught.name : "";
  return new ChatSendError(name === "TimeoutError" || name === "AbortError" ? "timeout" : "connection failed");
}

/**
 * Sends a request made by chatRequest and reads the answer: "sent", "gone" (the
 * robot no longer exists: drop the subscription), or a thrown ChatSendError
 * whose `reason` is safe to store (retry later).
 */
export async function sendChat(
  request: Request,
  fetcher: Fetcher,
  timeoutMs = CHAT_TIMEOUT_MS,
): Promise<"sent" | "gone"> {
  let response: Response;
  try {
    response = await fetcher(new Request(request, { signal: AbortSignal.timeout(timeoutMs) }));
  } catch (caught) {
    throw failureOf(caught);
  }
  return readChatResponse(response);
}
