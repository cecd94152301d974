import type { ChatLevel, ChatMessage } from "./message";
import { defangLineStarts, defangMarkdown, fitText, utf8Bytes } from "./text";

/**
 * WeCom (企业微信) group robot, markdown message: POST
 * `{ msgtype: "markdown", markdown: { content } }` to
 * `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`. The key in the URL is
 * the only credential; there is no signature.
 * https://developer.work.weixin.qq.com/document/path/91770 (群机器人配置说明)
 *
 * content: at most 4096 bytes of UTF-8; a markdown subset (bold, links, quotes,
 * inline code, `<font color="info|comment|warning">`) plus `<@userid>` mentions,
 * which is why user text goes through defangMarkdown.
 */
export const WECOM_MAX_BYTES = 4096;

export interface WecomBody {
  msgtype: "markdown";
  markdown: { content: string };
}

/** The three colours WeCom markdown has: info green, comment grey, warning orange-red. */
const COLOUR: Record<ChatLevel, "info" | "comment" | "warning"> = {
  critical: "warning",
  major: "warning",
  minor: "warning",
  info: "comment",
  maintenance: "comment",
  resolved: "info",
  confirm: "comment",
};

const text = (raw: string, maxBytes: number) => fitText(defangLineStarts(raw), maxBytes, defangMarkdown, utf8Bytes);

export function wecomBody(message: ChatMessage): WecomBody {
  const colour = COLOUR[message.level];
  const head = [`**${text(message.title, 512)}**`];
  if (message.status) {
    head.push(`> ${message.status.label}<font color="${colour}">${text(message.status.word, 128)}</font>`);
  }
  const tail: string[] = [];
  if (message.link) tail.push(`[${message.link.label}](${message.link.href})`);
  tail.push(`<font color="comment">${text(message.footer, 256)}</font>`);

  // The body takes what the fixed parts leave of the 4096 bytes ("\n\n" around it included).
  const fixed = [head.join("\n"), tail.join("\n")].join("\n\n");
  const budget = WECOM_MAX_BYTES - utf8Bytes(fixed) - 2 * utf8Bytes("\n\n");
  const body = budget > 0 ? text(message.body, budget) : "";
  const content = [head.join("\n"), body, tail.join("\n")].filter(Boolean).join("\n\n");
  return { msgtype: "markdown", markdown: { content } };
}
