import { inject } from "vitest";
import type { Notice } from "../../../src/notify/notice";
import type { ReceivedRequest } from "../../setup/chat-receiver";

/** An ordinary notice, worded in both languages. */
export const NOTICE: Notice = {
  key: "incident:inc_1:update:2",
  serviceId: "huabei",
  kind: "incident",
  incidentId: "inc_1",
  componentIds: ["online-payment"],
  level: "major",
  url: "https://status.example.com/incidents/inc_1",
  serviceUrl: "https://status.example.com",
  at: Date.UTC(2026, 5, 1, 12, 0, 0),
  text: {
    "zh-CN": {
      service: "花呗",
      title: "花呗 · 线上支付：支付失败（已确认）",
      body: "部分用户在线上支付时失败。\n我们正在处理，预计一小时内恢复。",
      status: "已确认",
    },
    en: {
      service: "Huabei",
      title: "Huabei · Online payment: payments failing (identified)",
      body: "Some people cannot pay online.\nWe are working on it and expect a fix within the hour.",
      status: "Identified",
    },
  },
};

/** Markup every platform might act on, mentions of everyone included. */
export const HOSTILE_TEXT =
  '**bold** [click](https://evil.example/) <font color="warning">red</font> <@all> <at id=all></at> ' +
  '<at user_id="all">所有人</at> <!channel> <!here> <@U0123> <https://evil.example|x> ~~strike~~ `code` &lt;b&gt; A&B';

export const HOSTILE: Notice = {
  ...NOTICE,
  text: {
    "zh-CN": {
      service: "花呗 <at id=all></at>",
      title: `标题 ${HOSTILE_TEXT}`,
      body: `# 假标题\n> 假引用\n  ## 又一个\n正文 ${HOSTILE_TEXT}\u202e反转\u0007响铃`,
      status: '**已确认** <font color="info">好</font>',
    },
    en: {
      service: "Huabei <!channel>",
      title: `Title ${HOSTILE_TEXT}`,
      body: `# Fake heading\n> fake quote\n  ## another\nBody ${HOSTILE_TEXT}\u202ereversed\u0007bell`,
      status: "*Identified* <!channel>",
    },
  },
};

export function withBody(notice: Notice, body: string, title?: string): Notice {
  return {
    ...notice,
    text: {
      "zh-CN": { ...notice.text["zh-CN"], body, title: title ?? notice.text["zh-CN"].title },
      en: { ...notice.text.en, body, title: title ?? notice.text.en.title },
    },
  };
}

export const CONFIRMATION = {
  locale: "zh-CN" as const,
  serviceName: "支付状态 <at id=all></at>",
  follows: "花呗 · [线上支付](https://evil.example/)",
  confirmUrl: "https://status.example.com/subscriptions/confirm?token=abc(def)",
};

/** The bidi override and the bell HOSTILE carries. */
export const hasInvisible = (text: string) => text.includes("\u202e") || text.includes("\u0007");

const encoder = new TextEncoder();
export const utf8Length = (text: string) => encoder.encode(text).length;

/** No lone surrogate: the text is valid Unicode, so its UTF-8 is well formed. */
export function wellFormed(text: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

/**
 * HMAC-SHA256 in base64, computed here with WebCrypto and nothing from src/, so a
 * signature is checked against the documented recipe rather than against itself.
 */
export async function hmacBase64(key: string, message: string): Promise<string> {
  const cryptoKey = await crypto.subtle.importKey(
    "raw",
    encoder.encode(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, encoder.encode(message)));
  return btoa(String.fromCharCode(...mac));
}

/** The local receiver (test/setup/chat-receiver.ts), at `path`. */
export function receiverUrl(path: string): string {
  return `http://127.0.0.1:${inject("chatReceiverPort")}${path}`;
}

/** What the local receiver recorded at exactly `path`. */
export async function receivedAt(path: string): Promise<ReceivedRequest[]> {
  const response = await fetch(receiverUrl(`/received?path=${encodeURIComponent(path)}`));
  return (await response.json()) as ReceivedRequest[];
}

/** A fresh path under `prefix`, so tests side by side never read each other's requests. */
export function uniquePath(prefix: string): string {
  return `${prefix}/${crypto.randomUUID()}`;
}
