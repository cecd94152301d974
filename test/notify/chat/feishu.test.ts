import { describe, expect, it } from "vitest";
import { chatRequest } from "../../../src/notify/chat";
import { feishuCard, feishuSignature } from "../../../src/notify/chat/feishu";
import { chatMessage } from "../../../src/notify/chat/message";
import { CONFIRMATION, HOSTILE, hasInvisible, hmacBase64, NOTICE, utf8Length, wellFormed, withBody } from "./helpers";

const URL_ = "https://open.feishu.cn/open-apis/bot/v2/hook/5e3d587e-d78e-4a07-bd07-265f269f86fd";
const LARK = "https://open.larksuite.com/open-apis/bot/v2/hook/5e3d587e-d78e-4a07-bd07-265f269f86fd";
const SECRET = "TestSecret0123456789ab";
const NOW = Date.UTC(2026, 5, 1, 12, 0, 0, 999);

const card = (notice = NOTICE, locale: "zh-CN" | "en" = "zh-CN") => feishuCard(chatMessage({ notice, locale }));
const count = (text: string, piece: string) => text.split(piece).length - 1;

describe("Feishu/Lark custom bot card", () => {
  it("is an interactive message whose card has a header, a lark_md block, a button and a note", async () => {
    for (const url of [URL_, LARK]) {
      const request = await chatRequest({ platform: "feishu", url }, { notice: NOTICE, locale: "zh-CN" }, NOW);
      expect(request.url).toBe(url);
      expect(request.headers.get("content-type")).toBe("application/json; charset=utf-8");
      const json = await request.json<any>();
      expect(Object.keys(json).sort()).toEqual(["card", "msg_type"]);
      expect(json.msg_type).toBe("interactive");
      expect(json.card.config).toEqual({ wide_screen_mode: true });
      expect(json.card.header).toEqual({
        template: "orange",
        title: { tag: "plain_text", content: "花呗 · 线上支付：支付失败（已确认）" },
      });
      expect(json.card.elements).toEqual([
        {
          tag: "div",
          text: {
            tag: "lark_md",
            content: "**状态：** 已确认\n部分用户在线上支付时失败。\n我们正在处理，预计一小时内恢复。",
          },
        },
        {
          tag: "action",
          actions: [
            {
              tag: "button",
              text: { tag: "plain_text", content: "查看详情" },
              type: "primary",
              url: "https://status.example.com/incidents/inc_1",
            },
          ],
        },
        { tag: "note", elements: [{ tag: "plain_text", content: "花呗 · 状态通知" }] },
      ]);
    }
  });

  it("says it in English and colours the header by level", () => {
    const english = card(NOTICE, "en");
    expect(english.header.title.content).toBe("Huabei · Online payment: payments failing (identified)");
    expect(JSON.stringify(english.elements)).toContain("**Status:** Identified\\nSome people cannot pay online.");
    expect(JSON.stringify(english.elements)).toContain('"content":"View details"');
    const templates = (["critical", "major", "minor", "info", "maintenance", "resolved"] as const).map(
      (level) => card({ ...NOTICE, level }).header.template,
    );
    expect(templates).toEqual(["red", "orange", "yellow", "blue", "indigo", "green"]);
  });

  it("renders hostile text literally: lark_md gets no tags, mentions, links or emphasis of its own", () => {
    for (const locale of ["zh-CN", "en"] as const) {
      const { header, elements } = card(HOSTILE, locale);
      const div = elements.find((element) => element.tag === "div");
      const markdown = div?.tag === "div" ? div.text.content : "";
      expect(count(markdown, "**"), locale).toBe(2); // the status label
      expect(markdown, locale).not.toMatch(/[<>[\]`~&]/);
      expect(markdown, locale).toContain("＜at id=all＞＜/at＞");
      expect(markdown, locale).not.toMatch(/^\s*#/m);
      expect(hasInvisible(markdown), locale).toBe(false);
      // Header and note are plain_text, which Feishu never parses for markup.
      expect(header.title.tag).toBe("plain_text");
      expect(elements.at(-1)).toMatchObject({ tag: "note", elements: [{ tag: "plain_text" }] });
    }
  });

  it("keeps the whole request under Feishu's 20 KB with a very long body", async () => {
    for (const long of ["支付失败。".repeat(5000), "👨‍👩‍👧".repeat(3000)]) {
      const request = await chatRequest(
        { platform: "feishu", url: URL_, secret: SECRET },
        { notice: withBody(NOTICE, long, "标题".repeat(2000)), locale: "zh-CN" },
        NOW,
      );
      const raw = await request.text();
      expect(utf8Length(raw)).toBeLessThan(20_000);
      expect(wellFormed(raw)).toBe(true);
      expect(raw).toContain("…");
    }
  });

  it("asks a new group to confirm first, with a button to the confirmation page", async () => {
    const request = await chatRequest({ platform: "feishu", url: URL_ }, { confirmation: CONFIRMATION }, NOW);
    const json = await request.json<any>();
    expect(json.card.header.template).toBe("grey");
    expect(json.card.elements[1].actions[0]).toEqual({
      tag: "button",
      text: { tag: "plain_text", content: "确认订阅" },
      type: "primary",
      url: "https://status.example.com/subscriptions/confirm?token=abc%28def%29",
    });
    expect(json.card.elements[0].text.content).toContain("「花呗 · ［线上支付］(https://evil.example/)」");
  });
});

describe("Feishu/Lark signing (签名校验)", () => {
  it("matches the doc's Python sample gen_sign(1599360473, secret) (known answer)", async () => {
    // hmac.new(f"{timestamp}\n{secret}".encode(), digestmod=sha256) → base64: the string is the KEY,
    // the message is empty. Run in Python 3 with the doc's example timestamp 1599360473.
    expect(await feishuSignature(SECRET, 1599360473)).toBe("ba89eh6+plYbBu9h8x9jVsqcZpQW4dRAK28o/yA/mmw=");
    // DingTalk's arrangement (secret as key, the string as message) gives something else.
    expect(await feishuSignature(SECRET, 1599360473)).not.toBe("hRTFhEWK7uPhFJYmScjWjz/jf1KzSRU9jha+7PJA6LA=");
  });

  it("puts timestamp (seconds, as a string) and sign in the JSON body, checked against the recipe", async () => {
    const request = await chatRequest(
      { platform: "feishu", url: URL_, secret: SECRET },
      { notice: NOTICE, locale: "en" },
      NOW,
    );
    expect(request.url).toBe(URL_);
    const json = await request.json<any>();
    expect(Object.keys(json).sort()).toEqual(["card", "msg_type", "sign", "timestamp"]);
    const seconds = Math.floor(NOW / 1000);
    expect(json.timestamp).toBe(String(seconds));
    expect(json.sign).toBe(await hmacBase64(`${seconds}\n${SECRET}`, ""));
    expect(json.sign).not.toBe(await hmacBase64(SECRET, `${seconds}\n${SECRET}`));
  });
});
