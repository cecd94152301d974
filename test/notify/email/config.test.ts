import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { database } from "../../../src/db/client";
import { DomainError } from "../../../src/domain/errors";
import { type EmailEnv, smtpConfigFrom } from "../../../src/notify/email/config";
import { emailSenderFor } from "../../../src/notify/email/senders";

const db = database(env.DB);
const FROM = "花呗状态 <status@example.com>";

/** The error a bad setting gives, for its field and message. */
function failure(settings: EmailEnv): DomainError {
  try {
    emailSenderFor(settings, db);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error("expected the configuration to be refused");
}

describe("emailSenderFor: binding, then SMTP, then the outbox", () => {
  it("picks the send_email binding when bound, even with SMTP set", () => {
    const picked = emailSenderFor(
      { SEND_EMAIL: env.TEST_SEND_EMAIL, SMTP_HOST: "smtp.example.com", MAIL_FROM: FROM },
      db,
    );
    expect(picked.kind).toBe("binding");
  });

  it("picks SMTP when SMTP_HOST is set", () => {
    expect(emailSenderFor({ SMTP_HOST: "smtp.example.com", MAIL_FROM: FROM }, db).kind).toBe("smtp");
  });

  it("keeps mail in the outbox when nothing is configured (blank SMTP_HOST counts as unset)", () => {
    expect(emailSenderFor({}, db).kind).toBe("outbox");
    expect(emailSenderFor({ SMTP_HOST: "  " }, db).kind).toBe("outbox");
  });

  it("never falls back when the chosen sender is misconfigured: it names the variable", () => {
    expect(failure({ SEND_EMAIL: env.TEST_SEND_EMAIL })).toMatchObject({
      code: "invalid_configuration",
      field: "MAIL_FROM",
    });
    expect(failure({ SMTP_HOST: "smtp.example.com" }).field).toBe("MAIL_FROM");
    expect(failure({ SMTP_HOST: "smtp.example.com", MAIL_FROM: "status at example.com" }).field).toBe("MAIL_FROM");
    expect(failure({ SMTP_HOST: "smtp://smtp.example.com", MAIL_FROM: FROM }).field).toBe("SMTP_HOST");
    expect(failure({ SMTP_HOST: "smtp.example.com", SMTP_PORT: "five", MAIL_FROM: FROM }).field).toBe("SMTP_PORT");
    expect(failure({ SMTP_HOST: "smtp.example.com", SMTP_PORT: "70000", MAIL_FROM: FROM }).field).toBe("SMTP_PORT");
    const secure = failure({ SMTP_HOST: "smtp.example.com", SMTP_SECURE: "ssl", MAIL_FROM: FROM });
    expect(secure.field).toBe("SMTP_SECURE");
    expect(secure.message).toBe('SMTP_SECURE: one of "tls", "starttls", "none"');
  });

  it("wants SMTP_USER and SMTP_PASSWORD together, and never repeats the password", () => {
    const noPassword = failure({ SMTP_HOST: "smtp.example.com", SMTP_USER: "mailer", MAIL_FROM: FROM });
    expect(noPassword.field).toBe("SMTP_PASSWORD");
    const noUser = failure({ SMTP_HOST: "smtp.example.com", SMTP_PASSWORD: "hunter2-secret", MAIL_FROM: FROM });
    expect(noUser.message).toMatch(/SMTP_USER and SMTP_PASSWORD go together/);
    expect(noUser.message).not.toContain("hunter2");
  });
});

describe("smtpConfigFrom", () => {
  it("reads the settings, with the port and TLS mode following each other by default", () => {
    expect(
      smtpConfigFrom({
        SMTP_HOST: " smtp.example.com ",
        SMTP_PORT: "2525",
        SMTP_SECURE: "none",
        SMTP_USER: "mailer",
        SMTP_PASSWORD: "pw",
        MAIL_FROM: FROM,
      }),
    ).toEqual({
      host: "smtp.example.com",
      port: 2525,
      security: "none",
      credentials: { user: "mailer", password: "pw" },
      from: { address: "status@example.com", name: "花呗状态" },
    });
    const base = { SMTP_HOST: "smtp.example.com", MAIL_FROM: "status@example.com" };
    expect(smtpConfigFrom(base)).toMatchObject({ port: 587, security: "starttls" });
    expect(smtpConfigFrom(base).credentials).toBeUndefined();
    expect(smtpConfigFrom({ ...base, SMTP_PORT: "465" })).toMatchObject({ port: 465, security: "tls" });
    expect(smtpConfigFrom({ ...base, SMTP_SECURE: "tls" })).toMatchObject({ port: 465, security: "tls" });
    expect(smtpConfigFrom({ ...base, SMTP_SECURE: "none" })).toMatchObject({ port: 25, security: "none" });
    expect(smtpConfigFrom({ ...base, SMTP_PORT: "", SMTP_SECURE: "" })).toMatchObject({
      port: 587,
      security: "starttls",
    });
  });
});
