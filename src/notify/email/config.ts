import { z } from "zod";
import { DomainError } from "../../domain/errors";
import type { Env } from "../../env";
import { type Mailbox, parseMailbox } from "./mailbox";

/** The variables the e-mail channel reads. */
export type EmailEnv = Pick<
  Env,
  "SEND_EMAIL" | "SMTP_HOST" | "SMTP_PORT" | "SMTP_SECURE" | "SMTP_USER" | "SMTP_PASSWORD" | "MAIL_FROM"
>;

/**
 * `tls`: TLS from the first byte (port 465). `starttls`: plain TCP upgraded with
 * STARTTLS (port 587). `none`: no TLS at all, for a relay on a private network.
 */
export type SmtpSecurity = "tls" | "starttls" | "none";

export interface SmtpConfig {
  host: string;
  port: number;
  security: SmtpSecurity;
  /** Absent: the server is used without AUTH. */
  credentials?: { user: string; password: string };
  from: Mailbox;
}

/** What the deployment got wrong; names the variable, like the service configuration's errors. */
const misconfigured = (field: string, message: string) =>
  new DomainError("unavailable", "invalid_configuration", `${field}: ${message}`, field);

const DEFAULT_PORT: Record<SmtpSecurity, number> = { tls: 465, starttls: 587, none: 25 };

const optionalText = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .optional();

const smtpEnvSchema = z
  .object({
    SMTP_HOST: z
      .string()
      .trim()
      .min(1, "required")
      .regex(/^[A-Za-z0-9.:[\]-]+$/, "a host name or IP address, without scheme or port"),
    SMTP_PORT: optionalText.pipe(z.coerce.number<string | undefined>().int().min(1).max(65_535).optional()),
    SMTP_SECURE: optionalText.pipe(
      z.enum(["tls", "starttls", "none"], { message: 'one of "tls", "starttls", "none"' }).optional(),
    ),
    SMTP_USER: optionalText,
    SMTP_PASSWORD: z
      .string()
      .transform((value) => value || undefined)
      .optional(),
  })
  .refine((env) => (env.SMTP_USER === undefined) === (env.SMTP_PASSWORD === undefined), {
    message: "SMTP_USER and SMTP_PASSWORD go together: set both for AUTH, or neither",
    path: ["SMTP_PASSWORD"],
  });

/** The sender every e-mail shows; required whenever e-mail actually goes out. */
export function mailFrom(env: Pick<EmailEnv, "MAIL_FROM">): Mailbox {
  if (!env.MAIL_FROM?.trim())
    throw misconfigured("MAIL_FROM", "required to send e-mail, e.g. 花呗状态 <status@example.com>");
  const mailbox = parseMailbox(env.MAIL_FROM);
  if (!mailbox) throw misconfigured("MAIL_FROM", "not an address, e.g. 花呗状态 <status@example.com>");
  return mailbox;
}

/**
 * The SMTP settings, checked. Throws naming the variable at fault: with
 * SMTP_HOST set, a bad setting stops sending instead of quietly falling back
 * to the outbox. SMTP_SECURE defaults to `tls` on port 465, else `starttls`.
 */
export function smtpConfigFrom(env: EmailEnv): SmtpConfig {
  const parsed = smtpEnvSchema.safeParse({
    SMTP_HOST: env.SMTP_HOST ?? "",
    SMTP_PORT: env.SMTP_PORT,
    SMTP_SECURE: env.SMTP_SECURE,
    SMTP_USER: env.SMTP_USER,
    SMTP_PASSWORD: env.SMTP_PASSWORD,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // Never echo a value: SMTP_PASSWORD is a secret.
    throw misconfigured(String(issue.path[0] ?? "SMTP"), issue.message);
  }
  const { SMTP_HOST, SMTP_PORT, SMTP_SECURE, SMTP_USER, SMTP_PASSWORD } = parsed.data;
  const security: SmtpSecurity = SMTP_SECURE ?? (SMTP_PORT === 465 ? "tls" : "starttls");
  return {
    host: SMTP_HOST,
    port: SMTP_PORT ?? DEFAULT_PORT[security],
    security,
    ...(SMTP_USER && SMTP_PASSWORD ? { credentials: { user: SMTP_USER, password: SMTP_PASSWORD } } : {}),
    from: mailFrom(env),
  };
}
