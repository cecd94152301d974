import { describe, expect, it } from "vitest";
import { type ChatPlatform, ChatSendError, chatRequest, sendChat } from "../../../src/notify/chat";
import { CONFIRMATION, hmacBase64, NOTICE, receivedAt, receiverUrl, uniquePath } from "./helpers";

// Requests go to the real local receiver (test/setup/chat-receiver.ts), which answers
// as each platform does; local receivers are allowed only under this policy.
const LOCAL = { allowHttpLocalhost: true };
const NOW = () => Date.now();
const viaFetch = (request: Request) => fetch(request);

const DINGTALK_SECRET = `SEC${"0123456789abcdef".repeat(4)}`;
const FEISHU_SECRET = "TestSecret0123456789ab";

async function sendTo(platform: ChatPlatform, path: string, secret: string | null = null) {
  const request = await chatRequest(
    { platform, url: receiverUrl(path), secret },
    { notice: NOTICE, locale: "zh-CN" },
    NOW(),
    LOCAL,
  );
  return sendChat(request, viaFetch);
}

async function failure(promise: Promise<unknown>): Promise<ChatSendError> {
  const caught = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  expect(caught).toBeInstanceOf(ChatSendError);
  return caught as ChatSendError;
}

const PLATFORMS: ChatPlatform[] = ["wecom", "dingtalk", "feishu", "slack"];

describe("sendChat against a local receiver that answers like each platform", () => {
  it("delivers the request as built: path, query, JSON body and content type", async () => {
    for (const platform of PLATFORMS) {
      const path = uniquePath(`/${platform}/ok`);
      const request = await chatRequest(
        { platform, url: receiverUrl(`${path}?key=abcdefgh-1234`) },
        { notice: NOTICE, locale: "en" },
        NOW(),
        LOCAL,
      );
      const sentBody = await request.clone().json();
      expect(await sendChat(request, viaFetch), platform).toBe("sent");
      const [arrived, ...more] = await receivedAt(path);
      expect(more, platform).toEqual([]);
      expect(arrived!.method).toBe("POST");
      expect(arrived!.query).toEqual({ key: "abcdefgh-1234" });
      expect(arrived!.headers["content-type"]).toBe("application/json; charset=utf-8");
      expect(arrived!.body, platform).toEqual(sentBody);
    }
  });

  it("says gone for the codes that mean the robot no longer exists", async () => {
    for (const platform of PLATFORMS) {
      const path = uniquePath(`/${platform}/gone`);
      expect(await sendTo(platform, path), platform).toBe("gone");
      expect(await receivedAt(path), platform).toHaveLength(1);
    }
  });

  it("throws on other platform errors with a short reason that never repeats the platform's message", async () => {
    const reasons: Record<string, string> = {};
    for (const platform of PLATFORMS) {
      const error = await failure(sendTo(platform, uniquePath(`/${platform}/error`)));
      reasons[platform] = error.reason;
      expect(error.message).not.toMatch(/203\.0\.113|hint|freq|frequency|psm/);
    }
    expect(reasons).toEqual({
      wecom: "errcode 45009",
      dingtalk: "errcode 410100",
      feishu: "code 11232",
      slack: "HTTP 400 invalid_payload",
    });
  });

  it("throws on an HTTP error, with the status", async () => {
    for (const platform of PLATFORMS) {
      const error = await failure(sendTo(platform, uniquePath(`/${platform}/http500`)));
      expect(error.status, platform).toBe(500);
      expect(error.reason, platform).toBe("HTTP 500");
    }
  });

  it("is accepted by a receiver that checks DingTalk's and Feishu's signatures, and refused with the wrong secret", async () => {
    for (const [platform, secret, wrong, code] of [
      ["dingtalk", DINGTALK_SECRET, `SEC${"f".repeat(64)}`, "errcode 310000"],
      ["feishu", FEISHU_SECRET, "WrongSecret0123456789", "code 19021"],
    ] as const) {
      const path = uniquePath(`/${platform}/signed/${encodeURIComponent(secret)}`);
      expect(await sendTo(platform, path, secret), platform).toBe("sent");
      const error = await failure(sendTo(platform, path, wrong));
      expect(error.reason, platform).toBe(code);
      const [good] = await receivedAt(path);
      if (platform === "dingtalk") {
        expect(good!.query.sign).toBe(await hmacBase64(secret, `${good!.query.timestamp}\n${secret}`));
      } else {
        const body = good!.body as { timestamp: string; sign: string };
        expect(body.sign).toBe(await hmacBase64(`${body.timestamp}\n${secret}`, ""));
      }
    }
  });

  it("sends the confirmation request the same way", async () => {
    const path = uniquePath("/wecom/ok");
    const request = await chatRequest(
      { platform: "wecom", url: receiverUrl(path) },
      { confirmation: CONFIRMATION },
      NOW(),
      LOCAL,
    );
    expect(await sendChat(request, viaFetch)).toBe("sent");
    const [arrived] = await receivedAt(path);
    expect((arrived!.body as any).markdown.content).toContain("确认订阅");
  });

  it("refuses to build a request for an address the policy does not allow", async () => {
    const local = receiverUrl(uniquePath("/slack/ok"));
    const error = await failure(
      chatRequest({ platform: "slack", url: local }, { notice: NOTICE, locale: "en" }, NOW()),
    );
    expect(error.reason).toBe("invalid URL");
    await failure(
      chatRequest(
        { platform: "slack", url: "https://hooks.example.com/services/T0/B0/X" },
        { notice: NOTICE, locale: "en" },
        NOW(),
        LOCAL,
      ),
    );
  });

  it("throws timeout when no answer comes in time, and connection failed when the connection fails", async () => {
    const request = await chatRequest(
      { platform: "slack", url: receiverUrl(uniquePath("/slack/ok")) },
      { notice: NOTICE, locale: "en" },
      NOW(),
      LOCAL,
    );
    const hanging = (r: Request) =>
      new Promise<Response>((_, reject) => r.signal.addEventListener("abort", () => reject(r.signal.reason)));
    expect((await failure(sendChat(request, hanging, 50))).reason).toBe("timeout");

    // What fetch does when nothing listens (a real refused connection also makes workerd log the
    // failed body upload, which would only be noise here).
    const refused = async () => {
      throw new TypeError("Network connection lost.");
    };
    expect((await failure(sendChat(request, refused))).reason).toBe("connection failed");
  });
});
