import { describe, expect, it } from "vitest";
import { chatRequest } from "../../../src/notify/chat";
import { DINGTALK_MAX_BYTES, dingtalkBody, dingtalkSignature } from "../../../src/notify/chat/dingtalk";
import { chatMessage } from "../../../src/notify/chat/message";
import { CONFIRMATION, HOSTILE, hasInvisible, hmacBase64, NOTICE, utf8Length, wellFormed, withBody } from "./helpers";

const TOKEN = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const URL_ = `https://oapi.dingtalk.com/robot/send?access_token=${TOKEN}`;
const SECRET = `SEC${"0123456789abcdef".repeat(4)}`;
const NOW = 1_700_000_000_000;

const body = (notice = NOTICE, locale: "zh-CN" | "en" = "zh-CN") => dingtalkBody(chatMessage({ notice, locale }));
const count = (text: string, piece: string) => text.split(piece).length - 1;

/** The raw (still URL-encoded) value of `name` in a query string. */
function rawParam(url: string, name: string): string | undefined {
  const query = new URL(url).search.slice(1);
  return query
    .split("&")
    .map((pair) => pair.split("="))
    .find(([key]) => key === name)?.[1];
}

describe("DingTalk custom robot message", () => {
  it("is a markdown message with title and text, and mentions nobody", async () => {
    const request = await chatRequest({ platform: "dingtalk", url: URL_ }, { notice: NOTICE, locale: "zh-CN" }, NOW);
    expect(request.method).toBe("POST");
    expect(request.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const json = await request.json<any>();
    expect(Object.keys(json).sort()).toEqual(["at", "markdown", "msgtype"]);
    expect(json.msgtype).toBe("markdown");
    expect(Object.keys(json.markdown).sort()).toEqual(["text", "title"]);
    expect(typeof json.markdown.title).toBe("string");
    expect(typeof json.markdown.text).toBe("string");
    expect(json.at).toEqual({ isAtAll: false });
  });

  it("says the notice in Chinese, with a sign for the level and a link to the page", () => {
    const { markdown } = body();
    expect(markdown.title).toBe("🟠 花呗 · 线上支付：支付失败（已确认）");
    expect(markdown.text).toBe(
      [
        "#### 🟠 花呗 · 线上支付：支付失败（已确认）",
        "**状态：** 已确认",
        "部分用户在线上支付时失败。  \n我们正在处理，预计一小时内恢复。",
        "[查看详情](https://status.example.com/incidents/inc_1)",
        "###### 花呗 · 状态通知",
      ].join("\n\n"),
    );
  });

  it("says it in English", () => {
    const { markdown } = body(NOTICE, "en");
    expect(markdown.title).toBe("🟠 Huabei · Online payment: payments failing (identified)");
    expect(markdown.text).toContain("**Status:** Identified");
    expect(markdown.text).toContain("Some people cannot pay online.  \nWe are working on it");
    expect(markdown.text).toContain("[View details](https://status.example.com/incidents/inc_1)");
    expect(body({ ...NOTICE, level: "resolved" }, "en").markdown.text).toMatch(/^#### ✅ /);
  });

  it("renders hostile text literally: no tags, links, bold, code or headings of its own", () => {
    for (const locale of ["zh-CN", "en"] as const) {
      const { markdown, at } = body(HOSTILE, locale);
      const text = markdown.text;
      expect(count(text, "**"), locale).toBe(2); // the status label
      expect(count(text, "]("), locale).toBe(1);
      expect(text, locale).not.toMatch(/[<>`~&]/);
      const headings = text.split("\n").filter((line) => /^\s*#/.test(line));
      expect(
        headings.map((line) => line.split(" ")[0]),
        locale,
      ).toEqual(["####", "######"]);
      expect(text, locale).toContain("＜at id=all＞＜/at＞");
      expect(text, locale).toContain("＃＃ ");
      expect(hasInvisible(text), locale).toBe(false);
      expect(at).toEqual({ isAtAll: false });
      // The title is plain text for the conversation list: one line, a hundred characters at most.
      expect(markdown.title).not.toContain("\n");
      expect(markdown.title.length).toBeLessThanOrEqual(100);
    }
  });

  it("stays within its byte budget, cutting between characters and keeping the link", () => {
    for (const long of ["支付失败。".repeat(3000), "👨‍👩‍👧".repeat(2000)]) {
      const text = body(withBody(NOTICE, long)).markdown.text;
      expect(utf8Length(text)).toBeLessThanOrEqual(DINGTALK_MAX_BYTES);
      expect(utf8Length(text)).toBeGreaterThan(DINGTALK_MAX_BYTES - 40);
      expect(wellFormed(text)).toBe(true);
      expect(text).toContain("…\n\n[查看详情](https://status.example.com/incidents/inc_1)");
    }
  });

  it("asks a new group to confirm first", async () => {
    const request = await chatRequest(
      { platform: "dingtalk", url: URL_ },
      { confirmation: { ...CONFIRMATION, locale: "en" } },
      NOW,
    );
    const { markdown } = await request.json<any>();
    expect(markdown.text).toContain("A member of the group can confirm with the link below");
    expect(markdown.text).toContain(
      "[Confirm updates](https://status.example.com/subscriptions/confirm?token=abc%28def%29)",
    );
    expect(count(markdown.text, "](")).toBe(1);
  });
});

describe("DingTalk signing (加签)", () => {
  it("matches the doc's Python sample run with a fixed time and secret (known answer)", async () => {
    // hmac.new(secret, f"{timestamp}\n{secret}", sha256) → base64 → urllib.parse.quote_plus,
    // run in Python 3 with timestamp 1700000000000 and SECRET.
    expect(await dingtalkSignature(SECRET, NOW)).toBe("bTgY2yDbep+wesS7jKiNj+srsHoADES4+C4f8LCHFtU=");
    const request = await chatRequest(
      { platform: "dingtalk", url: URL_, secret: SECRET },
      { notice: NOTICE, locale: "zh-CN" },
      NOW,
    );
    expect(rawParam(request.url, "sign")).toBe("bTgY2yDbep%2BwesS7jKiNj%2BsrsHoADES4%2BC4f8LCHFtU%3D");
  });

  it("adds timestamp (milliseconds) and sign to the query, keeping the access token, checked against the recipe", async () => {
    for (const nowMs of [NOW, Date.UTC(2026, 0, 1, 8, 30, 15, 123)]) {
      const request = await chatRequest(
        { platform: "dingtalk", url: URL_, secret: SECRET },
        { notice: NOTICE, locale: "en" },
        nowMs,
      );
      const url = new URL(request.url);
      expect(url.origin + url.pathname).toBe("https://oapi.dingtalk.com/robot/send");
      expect([...url.searchParams.keys()].sort()).toEqual(["access_token", "sign", "timestamp"]);
      expect(url.searchParams.get("access_token")).toBe(TOKEN);
      expect(url.searchParams.get("timestamp")).toBe(String(nowMs));
      // key = secret, message = "timestamp\nsecret"; the wrong way round does not match.
      const expected = await hmacBase64(SECRET, `${nowMs}\n${SECRET}`);
      expect(url.searchParams.get("sign")).toBe(expected);
      expect(url.searchParams.get("sign")).not.toBe(await hmacBase64(`${nowMs}\n${SECRET}`, ""));
      // urlEncoded: no raw "+", "/" or "=" left in the value.
      expect(rawParam(request.url, "sign")).toBe(encodeURIComponent(expected));
    }
  });

  it("leaves the URL alone without a secret (keyword or IP-list robots)", async () => {
    const request = await chatRequest({ platform: "dingtalk", url: URL_ }, { notice: NOTICE, locale: "zh-CN" }, NOW);
    expect(request.url).toBe(URL_);
  });
});
