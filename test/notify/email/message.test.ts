import { describe, expect, it } from "vitest";
import { confirmationEmail, noticeEmail } from "../../../src/notify/email/message";
import { HOSTILE, hostileNotice, LINKS, sampleNotice } from "./fixtures";

const EXPIRES = Date.UTC(2026, 11, 2, 2, 30); // 2026-12-02 10:30 in Asia/Shanghai
const confirmation = {
  to: "reader@example.net",
  serviceName: "花呗",
  follows: "线上支付、还款",
  confirmUrl: "https://status.example.com/subscriptions/confirm?token=t0k3n",
  expiresAt: EXPIRES,
  timeZone: "Asia/Shanghai",
};

describe("confirmation e-mail (double opt-in)", () => {
  it("zh-CN: says what was asked, where to confirm, until when, that nothing else comes, and that ignoring is fine", () => {
    const email = confirmationEmail({ ...confirmation, locale: "zh-CN" });
    expect(email.to).toBe("reader@example.net");
    expect(email.subject).toBe("请确认订阅花呗状态通知");
    expect(email.text).toContain("订阅了花呗的状态通知，关注：线上支付、还款。");
    expect(email.text).toContain(`\n${confirmation.confirmUrl}\n`);
    expect(email.text).toContain("链接在 2026/12/02 GMT+8 10:30 前有效。");
    expect(email.text).toContain("在你确认之前，我们不会再给这个地址发送任何邮件。");
    expect(email.text).toContain("如果不是你本人申请的，忽略这封邮件即可");
    expect(email.html).toContain('<html lang="zh-CN">');
    expect(email.html).toContain(`href="${confirmation.confirmUrl}"`);
    expect(email.html).toContain("确认订阅");
    expect(email.html).toContain("在你确认之前，我们不会再给这个地址发送任何邮件。");
    // Nothing to unsubscribe from yet; automated, so auto-responders keep quiet.
    expect(email.headers).toEqual({ "Auto-Submitted": "auto-generated" });
  });

  it("en: the same in English, the expiry in the page's time zone", () => {
    const email = confirmationEmail({
      ...confirmation,
      locale: "en",
      serviceName: "Huabei",
      follows: "Online checkout, Repayment",
    });
    expect(email.subject).toBe("Confirm your subscription to Huabei status updates");
    expect(email.text).toContain("Huabei status updates about: Online checkout, Repayment.");
    expect(email.text).toMatch(/The link works until 12\/02\/2026, 10:30 GMT\+8\./);
    expect(email.text).toContain("Until you confirm, nothing else will be sent to this address.");
    expect(email.text).toContain("If you did not ask for this, just ignore this message");
    expect(email.text).not.toMatch(/[\u4e00-\u9fff]/);
    expect(email.html).toContain('<html lang="en">');
    expect(email.html).toContain("Confirm subscription");
  });

  it("escapes every caller's string in the HTML and refuses a link that is not http(s)", () => {
    const email = confirmationEmail({ ...confirmation, locale: "en", serviceName: HOSTILE, follows: HOSTILE });
    expect(email.html).not.toMatch(/<script|<img/i);
    expect(email.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(() => confirmationEmail({ ...confirmation, locale: "en", confirmUrl: "javascript:alert(1)" })).toThrow(
      /confirmUrl/,
    );
    expect(() => confirmationEmail({ ...confirmation, locale: "en", confirmUrl: "/relative" })).toThrow(/confirmUrl/);
  });
});

describe("notice e-mail", () => {
  it("zh-CN: the title as subject, the update, status and time, the incident link, manage and unsubscribe links", () => {
    const email = noticeEmail({ to: "reader@example.net", notice: sampleNotice(), locale: "zh-CN", ...LINKS });
    expect(email.subject).toBe("花呗 · 线上支付：支付失败（已确认）");
    const lines = email.text.split("\n");
    expect(lines[0]).toBe("花呗 · 线上支付：支付失败（已确认）");
    expect(email.text).toContain(
      "部分用户线上支付失败，提示“系统繁忙”。\n我们正在排查原因。\n\n下一次更新在 30 分钟内。",
    );
    expect(lines).toContain("状态: 已确认");
    expect(lines).toContain("时间: 2026/12/01 GMT+8 10:30");
    expect(lines).toContain("查看详情: https://status.example.com/incidents/inc123");
    expect(lines).toContain("你收到这封邮件，是因为你订阅了花呗的状态通知。");
    expect(lines).toContain(`管理订阅: ${LINKS.manageUrl}`);
    expect(lines).toContain(`退订: ${LINKS.unsubscribeUrl}`);

    expect(email.html).toContain("<h1");
    expect(email.html).toContain(">花呗 · 线上支付：支付失败（已确认）</h1>");
    expect(email.html).toContain("部分用户线上支付失败，提示“系统繁忙”。<br>我们正在排查原因。</p>");
    expect(email.html).toContain("下一次更新在 30 分钟内。</p>");
    expect(email.html).toContain('href="https://status.example.com/incidents/inc123"');
    expect(email.html).toContain(`href="${LINKS.manageUrl}"`);
    expect(email.html).toContain(`href="${LINKS.unsubscribeUrl}"`);
    expect(email.html).toContain(">退订</a>");

    expect(email.headers).toEqual({
      "Auto-Submitted": "auto-generated",
      "List-Unsubscribe": `<${LINKS.unsubscribeUrl}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
  });

  it("en: the English text of the same notice, nothing in Chinese", () => {
    const email = noticeEmail({
      to: "reader@example.net",
      notice: sampleNotice(),
      locale: "en",
      timeZone: "UTC",
      ...LINKS,
    });
    expect(email.subject).toBe("Huabei · Online checkout: payments failing (identified)");
    expect(email.text).toContain("Some online payments fail with “system busy”.");
    expect(email.text).toContain("Status: Identified");
    expect(email.text).toMatch(/Time: 12\/01\/2026, 02:30 UTC/);
    expect(email.text).toContain("View details: https://status.example.com/incidents/inc123");
    expect(email.text).toContain("You are receiving this because you subscribed to Huabei status updates.");
    expect(email.text).toContain(`Manage your subscription: ${LINKS.manageUrl}`);
    expect(email.text).toContain(`Unsubscribe: ${LINKS.unsubscribeUrl}`);
    expect(`${email.subject}${email.text}${email.html}`).not.toMatch(/[\u4e00-\u9fff]/);
    expect(email.headers["List-Unsubscribe"]).toBe(`<${LINKS.unsubscribeUrl}>`);
  });

  it("escapes hostile notice text in the HTML and keeps the subject on one line", () => {
    for (const locale of ["zh-CN", "en"] as const) {
      const email = noticeEmail({ to: "reader@example.net", notice: hostileNotice(), locale, ...LINKS });
      expect(email.html).not.toMatch(/<script|<img|onerror=alert\(1\)>/i);
      expect(email.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
      expect(email.html).toContain("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot; &#39;single&#39;");
      // The title's line break cannot start a header of its own (a Bcc here).
      expect(email.subject).not.toMatch(/[\r\n]/);
      expect(email.subject).toBe(`Title ${HOSTILE} Bcc: victim@example.org`);
      // Plain text is not HTML: it says what the notice says.
      expect(email.text).toContain(HOSTILE);
    }
  });

  it("refuses links that are not http(s), so none lands in an href", () => {
    const base = { to: "reader@example.net", locale: "en" as const, ...LINKS };
    expect(() => noticeEmail({ ...base, notice: sampleNotice({ url: "javascript:alert(1)" }) })).toThrow(/notice\.url/);
    expect(() => noticeEmail({ ...base, notice: sampleNotice(), manageUrl: "data:text/html,x" })).toThrow(/manageUrl/);
    expect(() => noticeEmail({ ...base, notice: sampleNotice(), unsubscribeUrl: "mailto:x@example.com" })).toThrow(
      /unsubscribeUrl/,
    );
  });
});
