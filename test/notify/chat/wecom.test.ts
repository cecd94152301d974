import { describe, expect, it } from "vitest";
import { chatRequest } from "../../../src/notify/chat";
import { chatMessage } from "../../../src/notify/chat/message";
import { WECOM_MAX_BYTES, wecomBody } from "../../../src/notify/chat/wecom";
import { CONFIRMATION, HOSTILE, hasInvisible, NOTICE, utf8Length, wellFormed, withBody } from "./helpers";

const ROBOT = {
  platform: "wecom" as const,
  url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa",
};
const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);

const content = (notice = NOTICE, locale: "zh-CN" | "en" = "zh-CN") =>
  wecomBody(chatMessage({ notice, locale })).markdown.content;

const count = (text: string, piece: string) => text.split(piece).length - 1;

describe("WeCom group robot message", () => {
  it("is a markdown message as the robot doc shows it, POSTed as JSON to the robot's own URL with no signature", async () => {
    const request = await chatRequest(ROBOT, { notice: NOTICE, locale: "zh-CN" }, NOW);
    expect(request.method).toBe("POST");
    expect(request.url).toBe(ROBOT.url);
    expect(request.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const body = await request.json<any>();
    expect(Object.keys(body).sort()).toEqual(["markdown", "msgtype"]);
    expect(body.msgtype).toBe("markdown");
    expect(Object.keys(body.markdown)).toEqual(["content"]);
    expect(typeof body.markdown.content).toBe("string");
  });

  it("says the notice in Chinese, with the status coloured by level and a link to the page", () => {
    const text = content();
    expect(text).toBe(
      [
        "**花呗 · 线上支付：支付失败（已确认）**",
        '> 状态：<font color="warning">已确认</font>',
        "",
        "部分用户在线上支付时失败。\n我们正在处理，预计一小时内恢复。",
        "",
        "[查看详情](https://status.example.com/incidents/inc_1)",
        '<font color="comment">花呗 · 状态通知</font>',
      ].join("\n"),
    );
  });

  it("says it in English", () => {
    const text = content(NOTICE, "en");
    expect(text).toContain("**Huabei · Online payment: payments failing (identified)**");
    expect(text).toContain('> Status: <font color="warning">Identified</font>');
    expect(text).toContain("Some people cannot pay online.\nWe are working on it");
    expect(text).toContain("[View details](https://status.example.com/incidents/inc_1)");
    expect(text).toContain('<font color="comment">Huabei · status update</font>');
  });

  it("colours a resolved notice green (info) and an informational one grey (comment)", () => {
    expect(content({ ...NOTICE, level: "resolved" })).toContain('<font color="info">已确认</font>');
    expect(content({ ...NOTICE, level: "info" })).toContain('<font color="comment">已确认</font>');
  });

  it("renders hostile text literally: no tags, mentions, links, bold, code or headings of its own", () => {
    for (const locale of ["zh-CN", "en"] as const) {
      const text = content(HOSTILE, locale);
      // Only the message's own markup: bold title, two font tags, one link.
      expect(count(text, "**"), locale).toBe(2);
      expect(count(text, "<font"), locale).toBe(2);
      expect(count(text, "</font>"), locale).toBe(2);
      expect(count(text, "]("), locale).toBe(1);
      expect(text, locale).not.toMatch(/<@|<at|<!|`|~|&/);
      expect(
        text.split("\n").filter((line) => /^\s*#/.test(line)),
        locale,
      ).toEqual([]);
      expect(
        text.split("\n").filter((line) => line.startsWith(">")),
        locale,
      ).toHaveLength(1); // the status line
      // What people wrote is still there to read, in look-alike characters.
      expect(text, locale).toContain("＜at id=all＞＜/at＞");
      expect(text, locale).toContain("［click］(https://evil.example/)");
      expect(text, locale).toContain("＃");
      // Bidirectional overrides and control characters are dropped.
      expect(hasInvisible(text), locale).toBe(false);
    }
  });

  it("stays within 4096 bytes of UTF-8, cutting the body between characters and keeping the link", () => {
    for (const body of ["支付失败。".repeat(2000), "👨‍👩‍👧".repeat(1000), `${"a".repeat(4094)}中文`]) {
      const text = content(withBody(NOTICE, body));
      expect(utf8Length(text)).toBeLessThanOrEqual(WECOM_MAX_BYTES);
      expect(utf8Length(text)).toBeGreaterThan(WECOM_MAX_BYTES - 40);
      expect(wellFormed(text)).toBe(true);
      expect(text).toContain("…\n\n[查看详情](https://status.example.com/incidents/inc_1)");
    }
    // Whole emoji only: what is left of the family sequence is a run of complete families.
    const families = content(withBody(NOTICE, "👨‍👩‍👧".repeat(1000))).split("\n\n")[1]!;
    expect(families.replace(/…$/, "").replaceAll("👨‍👩‍👧", "")).toBe("");
  });

  it("keeps a long title within the limit too", () => {
    const text = content(withBody(NOTICE, "正文", "很长的标题".repeat(1000)));
    expect(utf8Length(text)).toBeLessThanOrEqual(WECOM_MAX_BYTES);
    const title = text.split("\n")[0]!;
    expect(title).toMatch(/^\*\*很长的标题[很长的标题]+…\*\*$/);
    expect(utf8Length(title)).toBeLessThanOrEqual(512 + 4);
  });

  it("asks a new group to confirm before anything else is sent", async () => {
    const request = await chatRequest(ROBOT, { confirmation: CONFIRMATION }, NOW);
    const text: string = (await request.json<any>()).markdown.content;
    expect(text).toContain("请群内成员打开下面的链接确认");
    expect(text).toContain("[确认订阅](https://status.example.com/subscriptions/confirm?token=abc%28def%29)");
    expect(text).toContain("「花呗 · ［线上支付］(https://evil.example/)」");
    expect(text).not.toContain("<at");
    expect(count(text, "](")).toBe(1);
  });
});
