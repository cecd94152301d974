import { hmacSha256Base64 } from "./hmac";
import type { ChatLevel, ChatMessage } from "./message";
import { defangLineStarts, defangMarkdown, fitText, utf8Bytes } from "./text";

/**
 * Feishu / Lark custom bot, message card: POST `{ msg_type: "interactive", card }`
 * (plus `timestamp` and `sign` when the bot has a signing secret) to
 * `https://open.feishu.cn/open-apis/bot/v2/hook/…` (Lark: open.larksuite.com).
 * https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot
 * https://open.larksuite.com/document/client-docs/bot-v3/add-custom-bot
 *
 * The card: a header coloured by level with the title as plain_text, a lark_md
 * block (user text defanged: lark_md knows `<at id=all>`, `<font>`, links and
 * entities), a button to the page and a plain_text note. The whole request may
 * be at most 20 KB, so the body is capped well below.
 */
export interface FeishuBody {
  timestamp?: string;
  sign?: string;
  msg_type: "interactive";
  card: FeishuCard;
}

type PlainText = { tag: "plain_text"; content: string };

export interface FeishuCard {
  config: { wide_screen_mode: true };
  header: { template: FeishuTemplate; title: PlainText };
  elements: Array<
    | { tag: "div"; text: { tag: "lark_md"; content: string } }
    | { tag: "action"; actions: Array<{ tag: "button"; text: PlainText; type: "primary"; url: string }> }
    | { tag: "note"; elements: PlainText[] }
  >;
}

/** Header colours (card header `template`). */
type FeishuTemplate = "red" | "orange" | "yellow" | "blue" | "indigo" | "green" | "grey";

const TEMPLATE: Record<ChatLevel, FeishuTemplate> = {
  critical: "red",
  major: "orange",
  minor: "yellow",
  info: "blue",
  maintenance: "indigo",
  resolved: "green",
  confirm: "grey",
};

export const FEISHU_BODY_MAX_BYTES = 12_000;

const plain = (raw: string, maxBytes: number): PlainText => ({
  tag: "plain_text",
  content: fitText(raw, maxBytes, (piece) => piece, utf8Bytes),
});
const markdown = (raw: string, maxBytes: number) => fitText(defangLineStarts(raw), maxBytes, defangMarkdown, utf8Bytes);

export function feishuCard(message: ChatMessage): FeishuCard {
  const lines: string[] = [];
  if (message.status) lines.push(`**${message.status.label.trim()}** ${markdown(message.status.word, 128)}`);
  if (message.body) lines.push(markdown(message.body, FEISHU_BODY_MAX_BYTES));
  const elements: FeishuCard["elements"] = [];
  if (lines.length) elements.push({ tag: "div", text: { tag: "lark_md", content: lines.join("\n") } });
  if (message.link) {
    elements.push({
      tag: "action",
      actions: [{ tag: "button", text: plain(message.link.label, 64), type: "primary", url: message.link.href }],
    });
  }
  elements.push({ tag: "note", elements: [plain(message.footer, 256)] });
  return {
    config: { wide_screen_mode: true },
    header: { template: TEMPLATE[message.level], title: plain(message.title, 512) },
    elements,
  };
}

/**
 * 签名校验: `sign` = base64(HMAC-SHA256(key = `${timestamp}\n${secret}`, message = "")),
 * `timestamp` in SECONDS (accepted within an hour), both in the JSON body as strings.
 * Note the roles: the string DingTalk signs is Feishu's key, and the message is
 * empty (the doc's Java sample: `mac.init(new SecretKeySpec(stringToSign…))`,
 * `mac.doFinal(new byte[]{})`).
 */
export async function feishuSignature(secret: string, timestampSeconds: number): Promise<string> {
  return hmacSha256Base64(`${timestampSeconds}\n${secret}`, "");
}

export async function feishuBody(message: ChatMessage, secret: string | null, nowMs: number): Promise<FeishuBody> {
  const card = feishuCard(message);
  if (!secret) return { msg_type: "interactive", card };
  const timestamp = Math.floor(nowMs / 1000);
  return {
    timestamp: String(timestamp),
    sign: await feishuSignature(secret, timestamp),
    msg_type: "interactive",
    card,
  };
}
