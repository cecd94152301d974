import { describe, expect, it } from "vitest";
import { ChatSendError } from "../../../src/notify/chat";
import { readChatResponse } from "../../../src/notify/chat/response";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const text = (body: string, status = 200, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers });

async function reason(response: Response): Promise<ChatSendError> {
  const caught = await readChatResponse(response).then(
    () => null,
    (error: unknown) => error,
  );
  expect(caught).toBeInstanceOf(ChatSendError);
  return caught as ChatSendError;
}

describe("reading a robot's answer", () => {
  it("sent: errcode 0 (WeCom, DingTalk), code 0 or StatusCode 0 (Feishu), ok (Slack)", async () => {
    expect(await readChatResponse(json({ errcode: 0, errmsg: "ok" }))).toBe("sent");
    expect(await readChatResponse(json({ code: 0, msg: "success", data: {} }))).toBe("sent");
    expect(await readChatResponse(json({ StatusCode: 0, StatusMessage: "success" }))).toBe("sent");
    expect(await readChatResponse(text("ok"))).toBe("sent");
  });

  it("gone: the codes for a removed robot, a dissolved group, a revoked webhook", async () => {
    for (const errcode of [93000, 93008, 400013, 400101, 400106, 300001, 300005]) {
      expect(await readChatResponse(json({ errcode, errmsg: "x" })), String(errcode)).toBe("gone");
    }
    expect(
      await readChatResponse(json({ code: 19001, msg: "param invalid: incoming webhook access token invalid" })),
    ).toBe("gone");
    for (const [word, status] of [
      ["no_service", 404],
      ["channel_not_found", 404],
      ["channel_is_archived", 410],
      ["no_team", 404],
      ["team_disabled", 410],
    ] as const) {
      expect(await readChatResponse(text(word, status)), word).toBe("gone");
    }
  });

  it("retried: a disabled robot can be enabled again, so it is not gone", async () => {
    expect((await reason(json({ errcode: 93004, errmsg: "robot is disabled" }))).reason).toBe("errcode 93004");
    expect((await reason(json({ errcode: 400102, errmsg: "机器人已停用" }))).reason).toBe("errcode 400102");
    expect((await reason(json({ code: 19021, msg: "sign match fail" }))).reason).toBe("code 19021");
    expect((await reason(text("invalid_token", 403))).reason).toBe("HTTP 403 invalid_token");
  });

  it("keeps the reason short and free of the answer's own words", async () => {
    expect((await reason(text("<html>Bad gateway from 10.0.0.7</html>", 502))).reason).toBe("HTTP 502");
    expect((await reason(text("maybe sent?", 200))).reason).toBe("unexpected answer");
    expect((await reason(text("", 200))).reason).toBe("unexpected answer");
    expect((await reason(json({ errcode: 0 }, 500))).reason).toBe("HTTP 500");
    // A Slack word on a 200 is not an answer Slack gives; it is not taken as gone.
    expect((await reason(text("no_service", 200))).reason).toBe("unexpected answer");
  });

  it("passes Retry-After on, in milliseconds", async () => {
    const error = await reason(text("rate_limited", 429, { "retry-after": "30" }));
    expect(error.status).toBe(429);
    expect(error.reason).toBe("HTTP 429 rate_limited");
    expect(error.retryAfterMs).toBe(30_000);
    expect((await reason(text("", 503))).retryAfterMs).toBeNull();
  });

  it("reads at most a few kilobytes of a runaway answer", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1024).fill(0x61));
      },
    });
    expect((await reason(new Response(endless, { status: 200 }))).reason).toBe("unexpected answer");
    expect(pulled).toBeLessThan(20);
  });
});
