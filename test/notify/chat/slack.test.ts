import { describe, expect, it } from "vitest";
import { chatRequest } from "../../../src/notify/chat";
import { chatMessage } from "../../../src/notify/chat/message";
import { SLACK_HEADER_MAX, SLACK_TEXT_MAX, slackBody } from "../../../src/notify/chat/slack";
import { CONFIRMATION, HOSTILE, hasInvisible, NOTICE, wellFormed, withBody } from "./helpers";

const URL_ = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";
const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);

const body = (notice = NOTICE, locale: "zh-CN" | "en" = "en") => slackBody(chatMessage({ notice, locale }));

/** Every mrkdwn string of a message: the fallback `text`, the section and the context. */
function mrkdwnTexts(message: ReturnType<typeof body>): string[] {
  return [message.text, message.blocks[1].text.text, message.blocks[2].elements[0].text];
}

describe("Slack incoming webhook message", () => {
  it("has fallback text and header, section and context blocks, with no signature", async () => {
    const request = await chatRequest({ platform: "slack", url: URL_ }, { notice: NOTICE, locale: "en" }, NOW);
    expect(request.url).toBe(URL_);
    expect(request.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const json = await request.json<any>();
    expect(Object.keys(json).sort()).toEqual(["blocks", "text"]);
    expect(json).toEqual({
      text: "🟠 Huabei · Online payment: payments failing (identified) · Identified",
      blocks: [
        {
          type: "header",
          text: { type: "plain_text", text: "Huabei · Online payment: payments failing (identified)", emoji: true },
        },
        {
          type: "section",
          text: {
            type: "mrkdwn",
            text: "*Status:* Identified\nSome people cannot pay online.\nWe are working on it and expect a fix within the hour.",
            verbatim: true,
          },
        },
        {
          type: "context",
          elements: [
            {
              type: "mrkdwn",
              text: "Huabei · status update · <https://status.example.com/incidents/inc_1|View details>",
              verbatim: true,
            },
          ],
        },
      ],
    });
  });

  it("says it in Chinese", () => {
    const message = body(NOTICE, "zh-CN");
    expect(message.blocks[0].text.text).toBe("花呗 · 线上支付：支付失败（已确认）");
    expect(message.blocks[1].text.text).toBe(
      "*状态：* 已确认\n部分用户在线上支付时失败。\n我们正在处理，预计一小时内恢复。",
    );
    expect(message.blocks[2].elements[0].text).toBe(
      "花呗 · 状态通知 · <https://status.example.com/incidents/inc_1|查看详情>",
    );
  });

  it("escapes &, < and > in every mrkdwn text, so no mention, link or entity of the notice's own survives", () => {
    for (const locale of ["zh-CN", "en"] as const) {
      const message = body(HOSTILE, locale);
      for (const text of mrkdwnTexts(message)) {
        // Only "<" and ">" left are the page link's own.
        const withoutLink = text.replace("<https://status.example.com/incidents/inc_1|", "").replace(/>$/, "");
        expect(withoutLink, locale).not.toMatch(/[<>]/);
        expect(text, locale).not.toMatch(/&(?!amp;|lt;|gt;)/);
        expect(text, locale).not.toContain("<!channel>");
      }
      const section = message.blocks[1].text.text;
      expect(section).toContain("&lt;!channel&gt; &lt;!here&gt; &lt;@U0123&gt; &lt;https://evil.example|x&gt;");
      expect(section).toContain("&amp;lt;b&amp;gt; A&amp;B");
      expect(hasInvisible(section)).toBe(false);
      expect(message.blocks[1].text.verbatim).toBe(true);
      // The header is plain_text: Slack does not parse it for mentions or links.
      expect(message.blocks[0].text.type).toBe("plain_text");
    }
  });

  it("keeps the header within 150 characters and the section within 3000, escapes included", () => {
    const message = body(withBody(NOTICE, "<&>".repeat(5000), "Title ".repeat(100)));
    expect(message.blocks[0].text.text.length).toBeLessThanOrEqual(SLACK_HEADER_MAX);
    expect(message.blocks[0].text.text.endsWith("…")).toBe(true);
    const section = message.blocks[1].text.text;
    expect(section.length).toBeLessThanOrEqual(SLACK_TEXT_MAX);
    expect(section.length).toBeGreaterThan(SLACK_TEXT_MAX - 10);
    // Cut between escapes, never inside one.
    expect(section.split("\n")[1]).toMatch(/^(&lt;&amp;&gt;)+(&lt;|&lt;&amp;)?…$/);
    const emoji = body(withBody(NOTICE, "👨‍👩‍👧".repeat(2000))).blocks[1].text.text;
    expect(emoji.length).toBeLessThanOrEqual(SLACK_TEXT_MAX);
    expect(wellFormed(emoji)).toBe(true);
  });

  it("asks a new group to confirm first", async () => {
    const request = await chatRequest({ platform: "slack", url: URL_ }, { confirmation: CONFIRMATION }, NOW);
    const json = await request.json<any>();
    expect(json.blocks[1].text.text).toContain("请群内成员打开下面的链接确认");
    expect(json.blocks[1].text.text).toContain("支付状态 &lt;at id=all&gt;&lt;/at&gt;");
    expect(json.blocks[2].elements[0].text).toContain(
      "<https://status.example.com/subscriptions/confirm?token=abc%28def%29|确认订阅>",
    );
  });
});
