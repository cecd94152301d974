import { env } from "cloudflare:workers";
import { eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { addToOutbox, listOutbox } from "../../../src/data/email-outbox";
import { database } from "../../../src/db/client";
import { emailOutbox, subscribers } from "../../../src/db/schema";
import { noticeEmail } from "../../../src/notify/email/message";
import { EmailSendError, outboxSender } from "../../../src/notify/email/senders";
import { LINKS, sampleNotice } from "./fixtures";

const db = database(env.DB);

async function addSubscriber(id: string, address: string) {
  const now = Date.now();
  await db.insert(subscribers).values({
    id,
    serviceId: "huabei",
    channel: "email",
    address,
    locale: "zh-CN",
    confirmedAt: now,
    createdAt: now,
    updatedAt: now,
  });
}

// Only this file's rows: other test files may share the database.
const MINE = ["reader@example.net", "two@example.net", "nobody@example.net"];
const mine = async (limit = 50) => (await listOutbox(db, limit)).filter((row) => MINE.includes(row.to));

beforeEach(async () => {
  await db.delete(emailOutbox).where(inArray(emailOutbox.to, MINE));
  await db.delete(subscribers).where(inArray(subscribers.id, ["sub-outbox-1", "sub-outbox-2"]));
});

describe("outboxSender (no sender configured)", () => {
  it("keeps the whole e-mail in email_outbox, tied to its subscriber", async () => {
    await addSubscriber("sub-outbox-1", "reader@example.net");
    const email = noticeEmail({ to: "reader@example.net", notice: sampleNotice(), locale: "zh-CN", ...LINKS });
    await outboxSender(db).send(email, { subscriberId: "sub-outbox-1" });

    const rows = await db.select().from(emailOutbox).where(eq(emailOutbox.to, "reader@example.net"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      subscriberId: "sub-outbox-1",
      to: "reader@example.net",
      subject: email.subject,
      text: email.text,
      html: email.html,
      headers: email.headers,
    });
    expect(rows[0]!.id).toMatch(/^[0-9a-z]{16}$/);
    expect(Math.abs(rows[0]!.createdAt - Date.now())).toBeLessThan(60_000);
  });

  it("keeps mail without a subscriber, lists the newest first, and loses a subscriber's mail with them", async () => {
    await addSubscriber("sub-outbox-2", "two@example.net");
    const mail = (to: string) => noticeEmail({ to, notice: sampleNotice(), locale: "en", ...LINKS });
    await outboxSender(db).send(mail("nobody@example.net"));
    const [kept] = await mine();
    expect(kept).toMatchObject({ to: "nobody@example.net", subscriberId: null });
    await addToOutbox(db, mail("two@example.net"), "sub-outbox-2", kept!.createdAt + 1000);

    expect((await mine()).map((row) => row.to)).toEqual(["two@example.net", "nobody@example.net"]);
    expect(await listOutbox(db, 1)).toHaveLength(1);

    // ON DELETE CASCADE: no separate clean-up of the outbox when a subscriber leaves.
    await db.delete(subscribers).where(eq(subscribers.id, "sub-outbox-2"));
    expect((await mine()).map((row) => row.to)).toEqual(["nobody@example.net"]);
  });

  it("refuses to keep an e-mail no sender could send", async () => {
    const email = noticeEmail({ to: "reader@example.net", notice: sampleNotice(), locale: "en", ...LINKS });
    await expect(outboxSender(db).send({ ...email, to: "not an address" })).rejects.toBeInstanceOf(EmailSendError);
    expect(await mine()).toEqual([]);
  });
});
