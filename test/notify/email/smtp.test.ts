import { describe, expect, inject, it } from "vitest";
import type { SmtpConfig } from "../../../src/notify/email/config";
import { confirmationEmail, noticeEmail } from "../../../src/notify/email/message";
import { EmailSendError, smtpSender } from "../../../src/notify/email/senders";
import type { ReceivedMail } from "../../setup/smtp-server";
import { HOSTILE, hostileNotice, LINKS, sampleNotice } from "./fixtures";

// The real round trip: smtpSender in workerd → cloudflare:sockets → smtp-server in Node
// (test/setup/smtp-server.ts) → mailparser → read back from its HTTP mailbox.
const MAILBOX = `http://127.0.0.1:${inject("mailboxPort")}`;
const FROM = { address: "status@example.com", name: "花呗状态" };

const withAuth: SmtpConfig = {
  host: "127.0.0.1",
  port: inject("smtpAuthPort"),
  security: "none",
  credentials: { user: inject("smtpUser"), password: inject("smtpPassword") },
  from: FROM,
};
const withoutAuth: SmtpConfig = { host: "127.0.0.1", port: inject("smtpOpenPort"), security: "none", from: FROM };

/** The error a send fails with; fails the test when it succeeds. */
async function failure(sending: Promise<void>): Promise<EmailSendError> {
  const error = await sending.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EmailSendError);
  return error as EmailSendError;
}

/** A recipient no other test uses (test files run side by side against one mailbox). */
const recipient = (prefix = "reader") => `${prefix}-${crypto.randomUUID()}@example.net`;

async function mailTo(to: string): Promise<ReceivedMail[]> {
  const response = await fetch(`${MAILBOX}/messages?to=${encodeURIComponent(to)}`);
  return (await response.json()) as ReceivedMail[];
}

/** Polls the mailbox until `count` messages for `to` are there, for at most 10 s. */
async function waitForMail(to: string, count = 1): Promise<ReceivedMail[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const mail = await mailTo(to);
    if (mail.length >= count) return mail;
    if (Date.now() > deadline)
      throw new Error(`${count} message(s) for ${to} did not arrive in 10 s (got ${mail.length})`);
    await scheduler.wait(25);
  }
}

describe("smtpSender (worker-mailer over cloudflare:sockets)", () => {
  it("delivers a Chinese notice with AUTH: subject, sender, text and HTML parts, and the unsubscribe headers intact", async () => {
    const to = recipient();
    const email = noticeEmail({ to, notice: sampleNotice(), locale: "zh-CN", ...LINKS });
    await smtpSender(withAuth).send(email, { subscriberId: "sub1" });

    const [mail, ...more] = await waitForMail(to);
    expect(more).toEqual([]);
    expect(mail).toMatchObject({
      server: "auth",
      user: inject("smtpUser"),
      envelope: { from: "status@example.com", to: [to] },
      from: "status@example.com",
      fromName: "花呗状态",
      to,
      subject: "花呗 · 线上支付：支付失败（已确认）",
    });
    expect(mail!.text.replace(/\r\n/g, "\n").trimEnd()).toBe(email.text.trimEnd());
    expect(mail!.html.replace(/\r\n/g, "\n").trimEnd()).toBe(email.html.trimEnd());
    expect(mail!.headers["list-unsubscribe"]).toBe(`<${LINKS.unsubscribeUrl}>`);
    expect(mail!.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    expect(mail!.headers["auto-submitted"]).toBe("auto-generated");
    expect(mail!.headers["message-id"]).toMatch(/@example\.com>$/);
    expect(mail!.headers["content-type"]).toMatch(/^multipart\//);
  });

  it("keeps a long Chinese subject and hostile text intact, with no header injected", async () => {
    const to = recipient();
    const long =
      "花呗 · 线上支付、还款、转账、信用购：部分用户支付失败，提示“系统繁忙，请稍后再试”（已确认，正在修复）🙏";
    const notice = sampleNotice();
    notice.text["zh-CN"].title = long;
    await smtpSender(withAuth).send(noticeEmail({ to, notice, locale: "zh-CN", ...LINKS }));
    const hostile = noticeEmail({ to, notice: hostileNotice(), locale: "en", ...LINKS });
    await smtpSender(withAuth).send(hostile);

    const mail = await waitForMail(to, 2);
    expect(mail.map((m) => m.subject)).toEqual([long, hostile.subject]);
    expect(mail[1]!.headers.bcc).toBeUndefined();
    expect(mail[1]!.envelope.to).toEqual([to]);
    expect(mail[1]!.text).toContain(HOSTILE);
    expect(mail[1]!.html).not.toMatch(/<script|<img/i);
    expect(mail[1]!.html).toContain("&lt;script&gt;");
  });

  it("sends without AUTH to a server that offers none (an English confirmation)", async () => {
    const to = recipient();
    const email = confirmationEmail({
      to,
      locale: "en",
      serviceName: "Huabei",
      follows: "everything",
      confirmUrl: "https://status.example.com/subscriptions/confirm?token=t0k3n",
      expiresAt: Date.UTC(2026, 11, 2, 2, 30),
      timeZone: "Asia/Shanghai",
    });
    await smtpSender(withoutAuth).send(email);
    const [mail] = await waitForMail(to);
    expect(mail).toMatchObject({ server: "open", user: null, subject: email.subject, fromName: "花呗状态" });
    expect(mail!.text).toContain("https://status.example.com/subscriptions/confirm?token=t0k3n");
    expect(mail!.headers["list-unsubscribe"]).toBeUndefined();
  });

  it("throws a permanent error on a refused login or a refused mailbox, never naming the recipient", async () => {
    const to = recipient();
    const email = noticeEmail({ to, notice: sampleNotice(), locale: "en", ...LINKS });
    const wrongPassword = { ...withAuth, credentials: { user: "mailer", password: "wrong" } };
    const login = await failure(smtpSender(wrongPassword).send(email));
    expect(login).toMatchObject({ permanent: true });
    expect(login.message).toMatch(/535/);

    const noCredentials = await failure(smtpSender({ ...withAuth, credentials: undefined }).send(email));
    expect(noCredentials.message).toMatch(/requires authentication/);

    const refused = recipient("reject");
    const mailbox = await failure(smtpSender(withAuth).send({ ...email, to: refused }));
    expect(mailbox).toMatchObject({ permanent: true });
    expect(mailbox.message).toMatch(/550/);
    expect(mailbox.message).not.toContain(refused.split("@")[0]);
    expect(mailbox.message).toContain("[recipient]");

    expect(await mailTo(to)).toEqual([]);
    expect(await mailTo(refused)).toEqual([]);
  });

  it("throws an error worth a retry when the server cannot be reached", async () => {
    // Nothing listens on port 1 of the loopback: the connection is refused.
    const unreachable = await failure(
      smtpSender({ ...withoutAuth, port: 1 }).send(
        noticeEmail({ to: recipient(), notice: sampleNotice(), locale: "en", ...LINKS }),
      ),
    );
    expect(unreachable).toMatchObject({ permanent: false });
  });
});
