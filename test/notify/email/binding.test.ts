import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { confirmationEmail, noticeEmail } from "../../../src/notify/email/message";
import { bindingSender, EmailSendError } from "../../../src/notify/email/senders";
import { LINKS, sampleNotice } from "./fixtures";

// Miniflare's local send_email binding (vitest.config.ts) parses the raw message as Cloudflare does,
// requires a Message-ID and a From header matching the envelope sender, and allows only
// status@example.com to send, to reader@example.net.
const FROM = { address: "status@example.com", name: "花呗状态" };

function notice(to = "reader@example.net") {
  return noticeEmail({ to, notice: sampleNotice(), locale: "zh-CN", ...LINKS });
}

describe("bindingSender (Cloudflare send_email, raw MIME)", () => {
  it("hands a notice and a confirmation to the binding", async () => {
    const sender = bindingSender(env.TEST_SEND_EMAIL, FROM);
    await expect(sender.send(notice(), { subscriberId: "sub1" })).resolves.toBeUndefined();
    const confirmation = confirmationEmail({
      to: "reader@example.net",
      locale: "en",
      serviceName: "Huabei",
      follows: "everything",
      confirmUrl: "https://status.example.com/subscriptions/confirm?token=t",
      expiresAt: Date.now() + 86_400_000,
      timeZone: "Asia/Shanghai",
    });
    await expect(sender.send(confirmation)).resolves.toBeUndefined();
  });

  it("takes a bare address as the sender too", async () => {
    await expect(bindingSender(env.TEST_SEND_EMAIL, "status@example.com").send(notice())).resolves.toBeUndefined();
  });

  it("throws what the binding refuses, without the recipient's address in the error", async () => {
    const refused = bindingSender(env.TEST_SEND_EMAIL, FROM).send(notice("someone.else@example.net"));
    await expect(refused).rejects.toBeInstanceOf(EmailSendError);
    const error = (await refused.catch((e: unknown) => e)) as EmailSendError;
    expect(error.message).toMatch(/^send_email: .*not allowed/);
    expect(error.message).not.toContain("someone.else");
    expect(error.message).toContain("[recipient]");

    const wrongSender = bindingSender(env.TEST_SEND_EMAIL, { address: "other@example.com" }).send(notice());
    await expect(wrongSender).rejects.toThrow(/other@example\.com not allowed/);
  });

  it("marks Cloudflare's permanent error codes permanent and the rest worth a retry", async () => {
    const failing = (code: string) =>
      ({
        send: async () => {
          throw Object.assign(new Error(`reader@example.net: ${code}`), { code });
        },
      }) as unknown as SendEmail;
    const suppressed = await bindingSender(failing("E_RECIPIENT_SUPPRESSED"), FROM)
      .send(notice())
      .catch((e: unknown) => e as EmailSendError);
    expect(suppressed).toMatchObject({
      permanent: true,
      message: "send_email: E_RECIPIENT_SUPPRESSED [recipient]: E_RECIPIENT_SUPPRESSED",
    });
    const limited = await bindingSender(failing("E_RATE_LIMIT_EXCEEDED"), FROM)
      .send(notice())
      .catch((e: unknown) => e as EmailSendError);
    expect(limited).toMatchObject({ permanent: false });
  });

  it("refuses, before sending, an e-mail whose address or headers cannot be written", async () => {
    const calls: unknown[] = [];
    const binding = { send: async (message: unknown) => calls.push(message) } as unknown as SendEmail;
    const sender = bindingSender(binding, FROM);
    const bad = [
      { ...notice(), to: "a@example.net\r\nBcc: b@example.net" },
      { ...notice(), headers: { "List-Unsubscribe": "<https://x.example/>\r\nBcc: b@example.net" } },
      { ...notice(), headers: { From: "someone@example.org" } },
    ];
    for (const email of bad) {
      await expect(sender.send(email)).rejects.toMatchObject({ name: "EmailSendError", permanent: true });
    }
    expect(calls).toEqual([]);
  });
});
