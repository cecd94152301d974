import { EmailMessage } from "cloudflare:email";
import { LogLevel, WorkerMailer, type WorkerMailerOptions } from "worker-mailer";
import { addToOutbox } from "../../data/email-outbox";
import type { Database } from "../../db/client";
import { type EmailEnv, mailFrom, type SmtpConfig, smtpConfigFrom } from "./config";
import { isPlainAddress, type Mailbox } from "./mailbox";
import type { OutgoingEmail } from "./message";
import { asciiValue, buildMime, extraHeaderLines, formatMailbox, unstructuredValue } from "./mime";

/** Sends one e-mail; resolves once it is handed over, throws (an `EmailSendError`) so the caller retries. */
export interface EmailSender {
  send(email: OutgoingEmail, meta?: { subscriberId?: string }): Promise<void>;
}

export type EmailSenderKind = "binding" | "smtp" | "outbox";

/**
 * A failed send. `permanent` when trying again cannot help (the server refused
 * the address or the message with a 5xx reply, the message cannot be built);
 * otherwise (timeouts, 4xx, a dropped connection) a retry may succeed. The
 * message never holds the recipient's address: callers store it as the last error.
 */
export class EmailSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = "EmailSendError";
  }
}

/** The error's message with the recipient's address taken out (servers echo it back: `RCPT TO:<…> 550 …`). */
function redact(message: string, address: string): string {
  const escaped = address.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return message.replace(new RegExp(escaped, "gi"), "[recipient]");
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Before anything is sent: the address and the headers must be writable, or the send cannot ever work. */
function check(email: OutgoingEmail): void {
  try {
    if (!isPlainAddress(email.to)) throw new Error("To: not a plain e-mail address");
    extraHeaderLines(email.headers);
    unstructuredValue("Subject", email.subject);
  } catch (error) {
    throw new EmailSendError(redact(messageOf(error), email.to), true);
  }
}

/** An SMTP reply code in worker-mailer's error text (`Invalid RCPT TO: <…> 550 …`): 5xx is a permanent failure (RFC 5321 §4.2.1). */
function smtpPermanent(message: string): boolean {
  return /(?:^|[\s:])5\d\d[\s-]/.test(message);
}

/**
 * SMTP over Workers TCP sockets (https://developers.cloudflare.com/workers/runtime-apis/tcp-sockets/)
 * with worker-mailer: one connection per e-mail, closed after it. worker-mailer
 * writes the MIME body (plain text and HTML, quoted-printable); From and Subject
 * are given as finished header values so that long Chinese subjects are folded
 * RFC 2047 words, and the notice's own headers (List-Unsubscribe…) pass as they are.
 *
 * `starttls` upgrades when the server offers STARTTLS; worker-mailer carries on
 * in plain text when it does not, so prefer `tls` (port 465) for a server on the internet.
 */
export function smtpSender(config: SmtpConfig): EmailSender {
  const options: WorkerMailerOptions = {
    host: config.host,
    port: config.port,
    secure: config.security === "tls",
    startTls: config.security === "starttls",
    // Its log lines quote server replies, which name the recipient (contact data is never logged).
    logLevel: LogLevel.NONE,
    // worker-mailer also takes this as the timeout of each server reply.
    socketTimeoutMs: 15_000,
    ...(config.credentials
      ? {
          credentials: { username: config.credentials.user, password: config.credentials.password },
          // worker-mailer tries none unless told which; the first one the server offers wins.
          authType: ["plain", "login", "cram-md5"],
        }
      : {}),
  };
  const from = asciiValue("From", formatMailbox(config.from));
  return {
    async send(email) {
      check(email);
      let mailer: WorkerMailer | undefined;
      try {
        mailer = await WorkerMailer.connect(options);
        await mailer.send({
          from: { email: config.from.address },
          to: { email: email.to },
          subject: email.subject,
          text: email.text,
          html: email.html,
          headers: { ...email.headers, From: from, Subject: unstructuredValue("Subject", email.subject) },
        });
      } catch (error) {
        const message = redact(messageOf(error), email.to);
        throw new EmailSendError(`SMTP: ${message}`, smtpPermanent(message));
      } finally {
        await mailer?.close().catch(() => {});
      }
    },
  };
}

/**
 * Cloudflare's send_email error codes that no retry fixes
 * (https://developers.cloudflare.com/email-service/api/send-emails/workers-api/#error-codes).
 */
const PERMANENT_BINDING_CODES = new Set([
  "E_VALIDATION_ERROR",
  "E_FIELD_MISSING",
  "E_TOO_MANY_RECIPIENTS",
  "E_SENDER_NOT_VERIFIED",
  "E_RECIPIENT_NOT_ALLOWED",
  "E_RECIPIENT_SUPPRESSED",
  "E_SENDER_DOMAIN_NOT_AVAILABLE",
  "E_CONTENT_TOO_LARGE",
  "E_HEADER_NOT_ALLOWED",
  "E_HEADER_USE_API_FIELD",
  "E_HEADER_VALUE_INVALID",
  "E_HEADER_VALUE_TOO_LONG",
  "E_HEADER_NAME_INVALID",
  "E_HEADERS_TOO_LARGE",
  "E_HEADERS_TOO_MANY",
]);

/**
 * Cloudflare's `send_email` binding with a raw MIME message
 * (https://developers.cloudflare.com/email-routing/email-workers/send-email-workers/).
 * `from` must be an address of a domain set up for Email Routing or Email Service.
 */
export function bindingSender(binding: SendEmail, from: Mailbox | string): EmailSender {
  const mailbox = typeof from === "string" ? { address: from } : from;
  // A sender that cannot be written fails here, once, rather than on every send.
  formatMailbox(mailbox);
  return {
    async send(email) {
      check(email);
      const raw = buildMime({ ...email, from: mailbox });
      try {
        await binding.send(new EmailMessage(mailbox.address, email.to, raw));
      } catch (error) {
        const code = (error as { code?: unknown } | null)?.code;
        const message = redact(messageOf(error), email.to);
        throw new EmailSendError(
          `send_email: ${typeof code === "string" ? `${code} ` : ""}${message}`,
          typeof code === "string" && PERMANENT_BINDING_CODES.has(code),
        );
      }
    },
  };
}

/** No sender configured: the e-mail is kept in D1 (`email_outbox`) for the admin console. */
export function outboxSender(db: Database): EmailSender {
  return {
    async send(email, meta) {
      check(email);
      await addToOutbox(db, email, meta?.subscriberId ?? null);
    },
  };
}

/**
 * The sender this deployment has: the `send_email` binding when bound, else SMTP
 * when SMTP_HOST is set, else the outbox. Throws (naming the variable) when the
 * chosen one is misconfigured, never falling back to the next.
 */
export function emailSenderFor(env: EmailEnv, db: Database): { sender: EmailSender; kind: EmailSenderKind } {
  if (env.SEND_EMAIL) return { sender: bindingSender(env.SEND_EMAIL, mailFrom(env)), kind: "binding" };
  if (env.SMTP_HOST?.trim()) return { sender: smtpSender(smtpConfigFrom(env)), kind: "smtp" };
  return { sender: outboxSender(db), kind: "outbox" };
}
