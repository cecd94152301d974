import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Server } from "node:net";
import { type AddressObject, type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from "smtp-server";
import type { TestProject } from "vitest/node";

/**
 * A real SMTP server for the e-mail channel's round trip (test/notify/email/smtp.test.ts).
 * Runs in Node, once per test run: tests in workerd send to it over `cloudflare:sockets`
 * and read what arrived from a small HTTP mailbox, because mailparser runs in Node only.
 *
 * Two SMTP servers share one mailbox: `auth` requires AUTH (PLAIN/LOGIN over plain TCP,
 * as a local relay would), `open` offers no AUTH at all. Neither offers STARTTLS.
 * Recipients whose local part starts with `reject` are refused with 550.
 *
 * Mailbox (HTTP): `GET /messages?to=<address>` answers the messages for that envelope
 * recipient, parsed (JSON, `ReceivedMail[]`); `DELETE /messages` empties it;
 * `POST /parse` parses the raw message in the body the same way and answers it
 * (for the MIME the send_email binding gets, which no SMTP server sees in tests).
 *
 * `startSmtpServers()` starts the same servers for anything else (the end-to-end tests, which
 * import this file under Node's type stripping: erasable TypeScript only here).
 */

export const SMTP_USER = "mailer";
export const SMTP_PASSWORD = "mailer-password";

export interface ReceivedMail {
  /** Which server took it (null for POST /parse). */
  server: "auth" | "open" | null;
  envelope: { from: string; to: string[] };
  /** The AUTH user, when there was one. */
  user: string | null;
  from: string;
  fromName: string;
  to: string;
  /** Decoded by mailparser. */
  subject: string;
  text: string;
  html: string;
  /** Every top-level header, name lowercased, value unfolded as sent (encoded words left encoded). */
  headers: Record<string, string>;
}

declare module "vitest" {
  export interface ProvidedContext {
    smtpAuthPort: number;
    smtpOpenPort: number;
    mailboxPort: number;
    smtpUser: string;
    smtpPassword: string;
  }
}

function firstAddress(value: AddressObject | AddressObject[] | undefined): { address: string; name: string } {
  const object = Array.isArray(value) ? value[0] : value;
  const first = object?.value[0];
  return { address: first?.address ?? "", name: first?.name ?? "" };
}

function received(mail: ParsedMail, server: ReceivedMail["server"], session?: SMTPServerSession): ReceivedMail {
  const headers: Record<string, string> = {};
  for (const { key, line } of mail.headerLines) {
    headers[key] = line
      .slice(line.indexOf(":") + 1)
      .replace(/\r?\n(?=[ \t])/g, "")
      .trim();
  }
  const from = firstAddress(mail.from);
  return {
    server,
    envelope: {
      from: session?.envelope.mailFrom ? session.envelope.mailFrom.address : "",
      to: session ? session.envelope.rcptTo.map((rcpt) => rcpt.address) : [],
    },
    user: typeof session?.user === "string" ? session.user : null,
    from: from.address,
    fromName: from.name,
    to: firstAddress(mail.to).address,
    subject: mail.subject ?? "",
    text: mail.text ?? "",
    html: typeof mail.html === "string" ? mail.html : "",
    headers,
  };
}

const parse = (source: NodeJS.ReadableStream | Buffer) =>
  simpleParser(source as Buffer, { skipHtmlToText: true, skipTextToHtml: true });

/** Listens on a free port of 127.0.0.1 and answers that port. */
function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

export interface SmtpServers {
  /** SMTP with AUTH required (SMTP_USER / SMTP_PASSWORD). */
  authPort: number;
  /** SMTP without AUTH. */
  openPort: number;
  /** The mailbox over HTTP (above). */
  mailboxPort: number;
  /** What arrived, oldest first (the same list the HTTP mailbox reads). */
  mailbox: ReceivedMail[];
  close(): Promise<void>;
}

/** The two SMTP servers and the HTTP mailbox, each on a free port of 127.0.0.1. */
export async function startSmtpServers(): Promise<SmtpServers> {
  const mailbox: ReceivedMail[] = [];

  const smtp = (name: "auth" | "open", options: SMTPServerOptions) =>
    new SMTPServer({
      ...options,
      logger: false,
      disableReverseLookup: true,
      disabledCommands: name === "auth" ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith("reject")) {
          return callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
        }
        callback();
      },
      onData(stream, session, callback) {
        parse(stream)
          .then((mail) => {
            mailbox.push(received(mail, name, session));
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });

  const authServer = smtp("auth", {
    authOptional: false,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) return callback(null, { user: SMTP_USER });
      callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
  });
  const openServer = smtp("open", { authOptional: true });

  const http = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://mailbox");
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === "/parse" && request.method === "POST") {
      parse(request)
        .then((mail) => answer(200, received(mail, null)))
        .catch((error: Error) => answer(400, { error: error.message }));
      return;
    }
    if (url.pathname !== "/messages") return answer(404, { error: "not found" });
    if (request.method === "DELETE") {
      mailbox.length = 0;
      return answer(200, { deleted: true });
    }
    if (request.method !== "GET") return answer(405, { error: "method not allowed" });
    const to = url.searchParams.get("to");
    answer(
      200,
      mailbox.filter((mail) => to === null || mail.envelope.to.includes(to)),
    );
  });

  const [authPort, openPort, mailboxPort] = await Promise.all([
    listen(authServer.server),
    listen(openServer.server),
    listen(http),
  ]);
  return {
    authPort,
    openPort,
    mailboxPort,
    mailbox,
    close: async () => {
      await Promise.all([
        new Promise<void>((resolve) => authServer.close(() => resolve())),
        new Promise<void>((resolve) => openServer.close(() => resolve())),
        new Promise<void>((resolve) => http.close(() => resolve())),
      ]);
    },
  };
}

/** vitest globalSetup: one set for the whole run, the ports provided to the tests. */
export default async function setup(project: TestProject) {
  const servers = await startSmtpServers();
  project.provide("smtpAuthPort", servers.authPort);
  project.provide("smtpOpenPort", servers.openPort);
  project.provide("mailboxPort", servers.mailboxPort);
  project.provide("smtpUser", SMTP_USER);
  project.provide("smtpPassword", SMTP_PASSWORD);
  return servers.close;
}
