import { type ChatMessage, LEVEL_SIGN } from "./message";
import { fitText, utf16Units } from "./text";

/**
 * Slack incoming webhook: POST `{ text, blocks }` to
 * `https://hooks.slack.com/services/…`; the URL is the credential, nothing is signed.
 * `text` is the fallback notifications and screen readers use; the blocks are a
 * header (plain_text, at most 150 characters), a mrkdwn section (at most 3000) and
 * a mrkdwn context line with the link.
 * https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks
 * https://docs.slack.dev/reference/block-kit/blocks/header-block
 * https://docs.slack.dev/reference/block-kit/composition-objects/text-object
 *
 * Slack reads `&`, `<` and `>` as control characters in mrkdwn (`<!channel>`,
 * `<@U123>`, `<url|text>`), so user text has exactly those three replaced by
 * their HTML entities, as the formatting doc says, and mrkdwn objects are
 * `verbatim` so bare names are not turned into links or mentions either.
 * https://docs.slack.dev/messaging/formatting-message-text#escaping
 * plain_text is never parsed for markup; it is left as written.
 */
type Mrkdwn = { type: "mrkdwn"; text: string; verbatim: true };

export interface SlackBody {
  text: string;
  blocks: [
    { type: "header"; text: { type: "plain_text"; text: string; emoji: true } },
    { type: "section"; text: Mrkdwn },
    { type: "context"; elements: [Mrkdwn] },
  ];
}

const ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

export function escapeSlack(text: string): string {
  return text.replace(/[&<>]/g, (c) => ENTITY[c] ?? c);
}

const mrkdwn = (raw: string, maxChars: number) => fitText(raw, maxChars, escapeSlack, utf16Units);

export const SLACK_HEADER_MAX = 150;
export const SLACK_TEXT_MAX = 3000;

export function slackBody(message: ChatMessage): SlackBody {
  const sign = LEVEL_SIGN[message.level];
  const status = message.status
    ? `*${escapeSlack(message.status.label.trim())}* ${mrkdwn(message.status.word, 200)}`
    : "";
  const sectionBudget = SLACK_TEXT_MAX - status.length - 1;
  const section = [status, message.body ? mrkdwn(message.body, sectionBudget) : ""].filter(Boolean).join("\n");
  const footer = mrkdwn(message.footer, 1000);
  // The link target is safeHref's: no spaces or angle brackets, `|` encoded; `&` still needs its entity.
  const link = message.link ? ` · <${escapeSlack(message.link.href)}|${escapeSlack(message.link.label)}>` : "";
  return {
    text: `${sign} ${mrkdwn(message.title, 1000)}${message.status ? ` · ${mrkdwn(message.status.word, 200)}` : ""}`,
    blocks: [
      {
        type: "header",
        text: {
          type: "plain_text",
          text: fitText(message.title || sign, SLACK_HEADER_MAX, (p) => p, utf16Units),
          emoji: true,
        },
      },
      // A section's text must not be empty; a zero-width space stands in when a notice says nothing more.
      { type: "section", text: { type: "mrkdwn", text: section || "\u200b", verbatim: true } },
      { type: "context", elements: [{ type: "mrkdwn", text: `${footer}${link}`, verbatim: true }] },
    ],
  };
}
