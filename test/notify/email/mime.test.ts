import { describe, expect, inject, it } from "vitest";
import { parseMailbox } from "../../../src/notify/email/mailbox";
import { noticeEmail } from "../../../src/notify/email/message";
import { asciiValue, buildMime, formatMailbox, unstructuredValue } from "../../../src/notify/email/mime";
import type { ReceivedMail } from "../../setup/smtp-server";
import { hostileNotice, LINKS, sampleNotice } from "./fixtures";

const FROM = { address: "status@example.com", name: "花呗状态" };
const LONG_SUBJECT =
  "花呗 · 线上支付、还款、转账、信用购：部分用户支付失败，提示“系统繁忙，请稍后再试”（已确认，正在修复）🙏";

/** RFC 2047 encoded words back to text, each one checked to hold whole UTF-8 characters. */
function decodeWords(value: string): string {
  const words = value.split(/\r\n /).flatMap((line) => line.split(" "));
  return words
    .map((word) => {
      const match = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=$/.exec(word);
      expect(match, word).not.toBeNull();
      expect(word.length).toBeLessThanOrEqual(75);
      const bytes = Uint8Array.from(atob(match![1]!), (c) => c.charCodeAt(0));
      return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    })
    .join("");
}

/** Splits a raw message into its header block and body, and the header fields (unfolded) by lowercase name. */
function splitMessage(raw: string): { fields: Map<string, string>; body: string } {
  const end = raw.indexOf("\r\n\r\n");
  const fields = new Map<string, string>();
  for (const field of raw.slice(0, end).split(/\r\n(?![ \t])/)) {
    const colon = field.indexOf(":");
    fields.set(
      field.slice(0, colon).toLowerCase(),
      field
        .slice(colon + 1)
        .replace(/\r\n(?=[ \t])/g, "")
        .trim(),
    );
  }
  return { fields, body: raw.slice(end + 4) };
}

function base64Text(encoded: string): string {
  const bytes = Uint8Array.from(atob(encoded.replace(/\r\n/g, "")), (c) => c.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
}

describe("header values", () => {
  it("leaves a short ASCII subject as it is and folds a long one at its spaces, within 78 columns", () => {
    expect(unstructuredValue("Subject", "Huabei: all good")).toBe("Huabei: all good");
    const long = Array.from({ length: 30 }, (_, i) => `word${i}`).join(" ");
    const folded = unstructuredValue("Subject", long);
    const lines = `Subject: ${folded}`.split("\r\n");
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(78);
    expect(folded.replace(/\r\n(?=[ \t])/g, "")).toBe(long);
  });

  it("encodes a Chinese subject as RFC 2047 words of whole characters, folded within 78 columns", () => {
    const value = unstructuredValue("Subject", LONG_SUBJECT);
    const lines = `Subject: ${value}`.split("\r\n");
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(78);
    expect(decodeWords(value)).toBe(LONG_SUBJECT);
  });

  it("encodes ASCII that would read as an encoded word, and refuses line breaks", () => {
    expect(decodeWords(unstructuredValue("Subject", "=?UTF-8?B?aGk=?="))).toBe("=?UTF-8?B?aGk=?=");
    expect(() => unstructuredValue("Subject", "hi\r\nBcc: victim@example.org")).toThrow(/line breaks/);
    expect(() => asciiValue("List-Unsubscribe", "<https://x.example/\n>")).toThrow(/line breaks/);
    expect(() => asciiValue("List-Id", "花呗")).toThrow(/ASCII/);
  });

  it("writes a display name plain, quoted, or encoded as it needs", () => {
    expect(formatMailbox({ address: "status@example.com" })).toBe("status@example.com");
    expect(formatMailbox({ address: "status@example.com", name: "Huabei Status" })).toBe(
      "Huabei Status <status@example.com>",
    );
    expect(formatMailbox({ address: "status@example.com", name: 'Status, "Inc"' })).toBe(
      '"Status, \\"Inc\\"" <status@example.com>',
    );
    const encoded = formatMailbox(FROM);
    expect(encoded).toMatch(/^=\?UTF-8\?B\?[^ ]+\?= <status@example\.com>$/);
    expect(decodeWords(encoded.replace(" <status@example.com>", ""))).toBe("花呗状态");
    expect(() => formatMailbox({ address: "not an address" })).toThrow();
  });

  it("reads MAIL_FROM forms and refuses what is not one address", () => {
    expect(parseMailbox("花呗状态 <status@example.com>")).toEqual(FROM);
    expect(parseMailbox('"Huabei, Status" <status@example.com>')).toEqual({
      address: "status@example.com",
      name: "Huabei, Status",
    });
    expect(parseMailbox("<status@example.com>")).toEqual({ address: "status@example.com" });
    expect(parseMailbox(" status@example.com ")).toEqual({ address: "status@example.com" });
    for (const bad of ["", "status", "a@b c", "Name <a@b.com", "x@y.com, z@w.com", "A <a@b.com>\r\nBcc: c@d.com"]) {
      expect(parseMailbox(bad), bad).toBeNull();
    }
  });
});

describe("buildMime (the raw message of the send_email binding)", () => {
  const email = noticeEmail({ to: "reader@example.net", notice: sampleNotice(), locale: "zh-CN", ...LINKS });
  const date = new Date(Date.UTC(2026, 11, 1, 2, 30, 5));

  it("writes multipart/alternative with CRLF lines, folded to 78 characters where there is a space to fold at", () => {
    const raw = buildMime({ ...email, from: FROM, date, messageId: "<fixed@example.com>" });
    expect(raw).not.toMatch(/[^\r]\n/);
    for (const line of raw.split("\r\n")) {
      // A `<URL>` has no space to fold at: it may be longer (RFC 5322 §2.1.1 allows up to 998).
      if (line.startsWith("List-Unsubscribe: <")) expect(line.length).toBeLessThanOrEqual(998);
      else expect(line.length, line).toBeLessThanOrEqual(78);
    }

    const { fields, body } = splitMessage(raw);
    expect([...fields.keys()]).toEqual([
      "from",
      "to",
      "subject",
      "date",
      "message-id",
      "mime-version",
      "auto-submitted",
      "list-unsubscribe",
      "list-unsubscribe-post",
      "content-type",
    ]);
    expect(decodeWords(fields.get("from")!.replace(" <status@example.com>", ""))).toBe("花呗状态");
    expect(fields.get("to")).toBe("reader@example.net");
    expect(decodeWords(fields.get("subject")!)).toBe(email.subject);
    expect(fields.get("date")).toBe("Tue, 01 Dec 2026 02:30:05 +0000");
    expect(fields.get("message-id")).toBe("<fixed@example.com>");
    expect(fields.get("mime-version")).toBe("1.0");
    expect(fields.get("list-unsubscribe")).toBe(`<${LINKS.unsubscribeUrl}>`);
    expect(fields.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");

    const boundary = /^multipart\/alternative; boundary="([^"]+)"$/.exec(fields.get("content-type")!)![1]!;
    const parts = body.split(`--${boundary}`);
    // Preamble (empty), text, html, and what follows the closing `--boundary--`.
    expect(parts).toHaveLength(4);
    expect(parts[0]).toBe("");
    expect(parts[3]).toBe("--\r\n");
    const [textPart, htmlPart] = [parts[1]!, parts[2]!].map((part) => splitMessage(part.replace(/^\r\n/, "")));
    expect(textPart!.fields.get("content-type")).toBe("text/plain; charset=UTF-8");
    expect(textPart!.fields.get("content-transfer-encoding")).toBe("base64");
    expect(base64Text(textPart!.body)).toBe(email.text.replace(/\n/g, "\r\n"));
    expect(htmlPart!.fields.get("content-type")).toBe("text/html; charset=UTF-8");
    expect(base64Text(htmlPart!.body)).toBe(email.html.replace(/\n/g, "\r\n"));
  });

  it("gives every message a new Message-ID on the sender's domain and a current date", () => {
    const first = splitMessage(buildMime({ ...email, from: FROM })).fields;
    const second = splitMessage(buildMime({ ...email, from: FROM })).fields;
    expect(first.get("message-id")).toMatch(/^<[0-9a-f-]{36}@example\.com>$/);
    expect(first.get("message-id")).not.toBe(second.get("message-id"));
    expect(Math.abs(Date.parse(first.get("date")!) - Date.now())).toBeLessThan(60_000);
  });

  it("refuses header fields it writes itself, odd names, and a To that is not one plain address", () => {
    expect(() => buildMime({ ...email, from: FROM, headers: { Subject: "x" } })).toThrow(
      /written by the message builder/,
    );
    expect(() => buildMime({ ...email, from: FROM, headers: { "Bad Name": "x" } })).toThrow(/not a header field name/);
    expect(() => buildMime({ ...email, from: FROM, to: "a@example.net, b@example.net" })).toThrow(/To/);
  });

  it("parses back with mailparser (in Node) to the same subject, sender, text, HTML and headers", async () => {
    const hostile = noticeEmail({ to: "reader@example.net", notice: hostileNotice(), locale: "zh-CN", ...LINKS });
    for (const message of [email, { ...email, subject: LONG_SUBJECT }, hostile]) {
      const response = await fetch(`http://127.0.0.1:${inject("mailboxPort")}/parse`, {
        method: "POST",
        body: buildMime({ ...message, from: FROM }),
      });
      expect(response.status).toBe(200);
      const parsed = (await response.json()) as ReceivedMail;
      expect(parsed.subject).toBe(message.subject);
      expect(parsed.from).toBe("status@example.com");
      expect(parsed.fromName).toBe("花呗状态");
      expect(parsed.to).toBe("reader@example.net");
      expect(parsed.text.replace(/\r\n/g, "\n")).toBe(message.text);
      expect(parsed.html.replace(/\r\n/g, "\n")).toBe(message.html);
      expect(parsed.headers["list-unsubscribe"]).toBe(`<${LINKS.unsubscribeUrl}>`);
      expect(parsed.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
      expect(parsed.headers["auto-submitted"]).toBe("auto-generated");
      expect(parsed.headers.bcc).toBeUndefined();
    }
  });
});
