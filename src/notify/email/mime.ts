import { toBase64 } from "../../lib/base64";
import { toHex } from "../../lib/id";
import { domainOf, isPlainAddress, type Mailbox } from "./mailbox";

/**
 * A raw e-mail message (RFC 5322 + MIME) for Cloudflare's `send_email` binding,
 * which takes the message as it goes on the wire. Written here rather than
 * taken from worker-mailer: its `Email.getEmailData()` is SMTP DATA (dot-stuffed,
 * ending in `.`), and its subject is one unfolded encoded word of any length.
 *
 * One shape only: multipart/alternative with a plain-text part and an HTML part,
 * both UTF-8 in base64 (safe for any line length and any character).
 */

const CRLF = "\r\n";
/** RFC 5322 §2.1.1: lines SHOULD be at most 78 characters, MUST be at most 998. */
const SOFT_LINE = 78;
const HARD_LINE = 998;
/**
 * Bytes of text per RFC 2047 encoded word: 39 bytes are 52 base64 characters, so
 * `=?UTF-8?B?…?=` is 64 characters and `Subject: ` plus one word stays under 78.
 */
const WORD_BYTES = 39;

/** Header fields the builder writes itself; a caller's `headers` may not set them. */
const OWN_FIELDS = new Set([
  "from",
  "to",
  "subject",
  "date",
  "message-id",
  "mime-version",
  "content-type",
  "content-transfer-encoding",
]);

const encoder = new TextEncoder();

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters (CR and LF above all) would start a new header field.
const CONTROL = /[\u0000-\u001f\u007f]/;
const PRINTABLE_ASCII = /^[\u0020-\u007e]*$/;

function refuseControls(name: string, value: string): void {
  if (CONTROL.test(value)) throw new Error(`${name}: a header value may not contain control characters or line breaks`);
}

/**
 * RFC 2047 encoded words (`B` encoding, UTF-8) for `text`, each holding whole
 * characters (§5: an encoded word must not split one).
 */
function encodedWords(text: string): string[] {
  const words: string[] = [];
  let chunk: number[] = [];
  for (const char of text) {
    const bytes = encoder.encode(char);
    if (chunk.length + bytes.length > WORD_BYTES && chunk.length > 0) {
      words.push(`=?UTF-8?B?${toBase64(Uint8Array.from(chunk))}?=`);
      chunk = [];
    }
    chunk.push(...bytes);
  }
  if (chunk.length > 0) words.push(`=?UTF-8?B?${toBase64(Uint8Array.from(chunk))}?=`);
  return words;
}

/** Joins space-separated tokens into lines of at most 78 characters, folding before a space (RFC 5322 §2.2.3). */
function fold(name: string, tokens: string[]): string {
  const lines: string[] = [];
  let line = `${name}:`;
  for (const token of tokens) {
    if (line.length + 1 + token.length > SOFT_LINE && line.length > name.length + 1) {
      lines.push(line);
      line = "";
    }
    line += ` ${token}`;
  }
  lines.push(line);
  if (lines.some((l) => l.length > HARD_LINE)) throw new Error(`${name}: a header line would exceed 998 characters`);
  return lines.join(CRLF).slice(name.length + 2);
}

/**
 * The value of an unstructured field such as Subject, as it goes after `Name: `:
 * RFC 2047 encoded words when it has anything but printable ASCII (or something
 * that would read as an encoded word), folded to 78 columns.
 */
export function unstructuredValue(name: string, text: string): string {
  refuseControls(name, text);
  const plain = PRINTABLE_ASCII.test(text) && !text.includes("=?");
  return fold(name, plain ? text.split(" ") : encodedWords(text));
}

/** The value of a field that is already ASCII (an address, a `<URL>`), folded at its spaces. */
export function asciiValue(name: string, value: string): string {
  refuseControls(name, value);
  if (!PRINTABLE_ASCII.test(value)) throw new Error(`${name}: only printable ASCII may go in this header`);
  return fold(name, value.split(" "));
}

/** RFC 5322 atext and spaces: a display name that needs no quotes. */
const ATOMS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]+$/;

/** `Name <address>` as a header writes it: the name encoded (RFC 2047 §5 (3)) or quoted when it has to be. */
export function formatMailbox(mailbox: Mailbox): string {
  if (!isPlainAddress(mailbox.address)) throw new Error("not a plain e-mail address");
  const name = mailbox.name?.trim();
  if (!name) return mailbox.address;
  refuseControls("display name", name);
  let phrase: string;
  if (!PRINTABLE_ASCII.test(name) || name.includes("=?")) phrase = encodedWords(name).join(" ");
  else if (ATOMS.test(name)) phrase = name;
  else phrase = `"${name.replace(/(["\\])/g, "\\$1")}"`;
  return `${phrase} <${mailbox.address}>`;
}

/** An RFC 5322 date-time in UTC, e.g. `Tue, 01 Dec 2026 02:03:04 +0000`. */
export function mailDate(date: Date): string {
  return date.toUTCString().replace(/GMT$/, "+0000");
}

export function newMessageId(from: string): string {
  return `<${crypto.randomUUID()}@${domainOf(from)}>`;
}

/** Base64 of the UTF-8 text with CRLF line ends (the canonical form of text, RFC 2046 §4.1.1), 76 per line. */
function base64Body(text: string): string {
  const canonical = text.replace(/\r?\n/g, CRLF);
  const encoded = toBase64(encoder.encode(canonical));
  return encoded.match(/.{1,76}/g)?.join(CRLF) ?? "";
}

/** A caller's extra fields, checked: a plain field name, not one the builder writes, printable ASCII. */
export function extraHeaderLines(headers: Record<string, string>): string[] {
  return Object.entries(headers).map(([name, value]) => {
    if (!/^[A-Za-z0-9-]+$/.test(name)) throw new Error(`not a header field name: ${JSON.stringify(name)}`);
    if (OWN_FIELDS.has(name.toLowerCase())) throw new Error(`${name}: this header is written by the message builder`);
    return `${name}: ${asciiValue(name, value)}`;
  });
}

export interface MimeMessage {
  from: Mailbox;
  /** One plain address. */
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra fields, printable ASCII (e.g. List-Unsubscribe). */
  headers?: Record<string, string>;
  date?: Date;
  /** `<id@domain>`; a new one on the sender's domain when absent (the send_email binding requires one). */
  messageId?: string;
}

/** The whole message, CRLF line ends, ready for `new EmailMessage(from, to, raw)`. */
export function buildMime(message: MimeMessage): string {
  if (!isPlainAddress(message.to)) throw new Error("To: not a plain e-mail address");
  const boundary = `=_${toHex(crypto.getRandomValues(new Uint8Array(16)))}`;
  const lines = [
    `From: ${asciiValue("From", formatMailbox(message.from))}`,
    `To: ${message.to}`,
    `Subject: ${unstructuredValue("Subject", message.subject)}`,
    `Date: ${mailDate(message.date ?? new Date())}`,
    `Message-ID: ${message.messageId ?? newMessageId(message.from.address)}`,
    "MIME-Version: 1.0",
    ...extraHeaderLines(message.headers ?? {}),
    `Content-Type: ${asciiValue("Content-Type", `multipart/alternative; boundary="${boundary}"`)}`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=UTF-8",
    "Content-Transfer-Encoding: base64",
    "",
    base64Body(message.text),
    `--${boundary}`,
    "Content-Type: text/html; charset=UTF-8",
    "Content-Transfer-Encoding: base64",
    "",
    base64Body(message.html),
    `--${boundary}--`,
    "",
  ];
  return lines.join(CRLF);
}
