import { emailWords } from "../../i18n/email-words";
import type { Locale } from "../../i18n/locale";
import { formatDateTime } from "../../lib/time";
import { escapeXml } from "../../lib/xml";
import type { Notice } from "../notice";

/**
 * The two e-mails of a subscription, as data every sender takes: the double
 * opt-in confirmation and the notice of a change. Pure: no clock, no database.
 */
export interface OutgoingEmail {
  /** One plain address. */
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra header fields, printable ASCII. */
  headers: Record<string, string>;
}

/**
 * Sent mail, not a reply to any: auto-responders (vacation notices) stay quiet.
 * https://www.rfc-editor.org/rfc/rfc3834#section-5
 */
const AUTOMATED = { "Auto-Submitted": "auto-generated" } as const;

/** Links go into href attributes and into text: only absolute http(s) URLs, never `javascript:`. */
function webUrl(value: string, field: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${field}: not an absolute URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error(`${field}: not an http(s) URL`);
  return url.href;
}

/** One line, for a subject: line breaks and runs of spaces become one space. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Text as HTML paragraphs: everything escaped, blank lines split paragraphs, single line breaks kept. */
function paragraphs(text: string): string {
  return text
    .trim()
    .split(/\r?\n\s*\r?\n/)
    .map((block) => `<p style="margin:0 0 12px">${escapeXml(block).replace(/\r?\n/g, "<br>")}</p>`)
    .join("\n");
}

function link(href: string, label: string): string {
  return `<a href="${escapeXml(href)}" style="color:#0969da">${escapeXml(label)}</a>`;
}

/** A small HTML document: inline styles only, as mail clients drop style sheets. */
function page(locale: Locale, title: string, main: string, footer = ""): string {
  return [
    "<!doctype html>",
    `<html lang="${locale}">`,
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeXml(title)}</title></head>`,
    "<body style=\"margin:0;padding:16px;background:#ffffff;color:#1f2328;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI','PingFang SC','Microsoft YaHei',sans-serif;font-size:15px;line-height:1.6\">",
    '<div style="max-width:600px;margin:0 auto">',
    main,
    footer
      ? `<hr style="border:0;border-top:1px solid #d1d9e0;margin:24px 0 12px"><div style="font-size:13px;color:#59636e">${footer}</div>`
      : "",
    "</div>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

export interface ConfirmationInput {
  to: string;
  locale: Locale;
  /** The service's name in `locale`, e.g. "花呗". */
  serviceName: string;
  /** What the sign-up follows, in `locale`, e.g. "全部功能" or "线上支付、还款". */
  follows: string;
  confirmUrl: string;
  /** When the link stops working (epoch ms). */
  expiresAt: number;
  /** The page's time zone, for the expiry time, e.g. "Asia/Shanghai". */
  timeZone: string;
}

/**
 * The double opt-in message: what was asked, that nothing else comes before
 * confirmation, when the link expires, and that ignoring it is enough. No
 * List-Unsubscribe: there is no subscription yet to leave.
 */
export function confirmationEmail(input: ConfirmationInput): OutgoingEmail {
  const words = emailWords(input.locale);
  const confirmUrl = webUrl(input.confirmUrl, "confirmUrl");
  const expires = formatDateTime(input.expiresAt, input.locale, input.timeZone);
  const subject = oneLine(words.confirmSubject(input.serviceName));
  const asked = words.confirmAsked(input.serviceName, input.follows);
  const text = [
    asked,
    "",
    words.confirmAction,
    confirmUrl,
    "",
    words.confirmExpires(expires),
    words.confirmNothingElse,
    "",
    words.confirmNotYou,
    "",
  ].join("\n");
  const main = [
    `<p style="margin:0 0 12px">${escapeXml(asked)}</p>`,
    `<p style="margin:0 0 12px">${escapeXml(words.confirmAction)}</p>`,
    `<p style="margin:0 0 16px"><a href="${escapeXml(confirmUrl)}" style="display:inline-block;padding:8px 16px;background:#1f883d;color:#ffffff;text-decoration:none;border-radius:6px">${escapeXml(words.confirmButton)}</a></p>`,
    `<p style="margin:0 0 12px;font-size:13px;color:#59636e;word-break:break-all">${escapeXml(confirmUrl)}</p>`,
    `<p style="margin:0 0 12px">${escapeXml(words.confirmExpires(expires))} ${escapeXml(words.confirmNothingElse)}</p>`,
    `<p style="margin:0 0 12px">${escapeXml(words.confirmNotYou)}</p>`,
  ].join("\n");
  return { to: input.to, subject, text, html: page(input.locale, subject, main), headers: { ...AUTOMATED } };
}

export interface NoticeEmailInput {
  to: string;
  notice: Notice;
  locale: Locale;
  /** This subscriber's page to change what they follow. */
  manageUrl: string;
  /** This subscriber's one-click unsubscribe URL (see `noticeEmail`). */
  unsubscribeUrl: string;
  /** For the time of the change; default Asia/Shanghai (the default service's). */
  timeZone?: string;
}

/**
 * One notice, in the subscriber's language: plain text and HTML (every piece of
 * the notice escaped), a link to the incident, a manage link and an unsubscribe
 * link in every message.
 *
 * One-click unsubscribe (RFC 8058, https://www.rfc-editor.org/rfc/rfc8058): mail
 * clients show an Unsubscribe button and, when pressed, send
 *   POST <unsubscribeUrl>
 *   Content-Type: application/x-www-form-urlencoded (or multipart/form-data)
 *   List-Unsubscribe=One-Click
 * with no cookies and no other context, so `unsubscribeUrl` must carry everything
 * needed (the subscriber's secret token), must unsubscribe on that POST without
 * any further step and answer 2xx, and must be https (Gmail and Cloudflare's
 * Email Service refuse http). A GET of the same URL (the link in the body) may
 * show a confirmation page instead: link scanners fetch links with GET, so a GET
 * must not unsubscribe by itself.
 */
export function noticeEmail(input: NoticeEmailInput): OutgoingEmail {
  const { notice, locale } = input;
  const words = emailWords(locale);
  const copy = notice.text[locale];
  const noticeUrl = webUrl(notice.url, "notice.url");
  const manageUrl = webUrl(input.manageUrl, "manageUrl");
  const unsubscribeUrl = webUrl(input.unsubscribeUrl, "unsubscribeUrl");
  const when = formatDateTime(notice.at, locale, input.timeZone ?? "Asia/Shanghai");
  const subject = oneLine(copy.title);
  const why = words.noticeWhy(copy.service);

  const text = [
    subject,
    "",
    copy.body.trim(),
    "",
    `${words.status}: ${copy.status}`,
    `${words.time}: ${when}`,
    `${words.details}: ${noticeUrl}`,
    "",
    "-- ",
    why,
    `${words.manage}: ${manageUrl}`,
    `${words.unsubscribe}: ${unsubscribeUrl}`,
    "",
  ].join("\n");

  const main = [
    `<p style="margin:0 0 4px;font-size:13px;color:#59636e">${escapeXml(copy.service)} · ${escapeXml(copy.status)}</p>`,
    `<h1 style="margin:0 0 12px;font-size:18px;line-height:1.4">${escapeXml(subject)}</h1>`,
    paragraphs(copy.body),
    `<p style="margin:0 0 12px;font-size:13px;color:#59636e">${escapeXml(words.status)}: ${escapeXml(copy.status)} · ${escapeXml(words.time)}: ${escapeXml(when)}</p>`,
    `<p style="margin:0 0 12px">${link(noticeUrl, words.details)}</p>`,
  ].join("\n");
  const footer = `${escapeXml(why)}<br>${link(manageUrl, words.manage)} · ${link(unsubscribeUrl, words.unsubscribe)}`;

  return {
    to: input.to,
    subject,
    text,
    html: page(locale, subject, main, footer),
    headers: {
      ...AUTOMATED,
      // https://www.rfc-editor.org/rfc/rfc2369#section-3.2 and RFC 8058 §3.1
      "List-Unsubscribe": `<${unsubscribeUrl}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
}
