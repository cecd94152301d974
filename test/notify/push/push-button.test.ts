import { describe, expect, it } from "vitest";
import { pageContext } from "../../../src/config/page";
import { PRESETS } from "../../../src/config/presets";
import type { Locale } from "../../../src/i18n/locale";
import { pushWords } from "../../../src/i18n/push-words";
import { PushButton } from "../../../src/views/push-button";

const KEY = "BCpw_RS5wCck08G74QqUmjPky_P6Q043Bbe0brQrAlZFsWLKACp3MDlmKON96Iaja-sA99CEvKZQSuN2D4TjwN0";

function ctx(locale: Locale, base = "") {
  return pageContext({
    config: PRESETS["wechat-pay"]!.config,
    base,
    locale,
    lang: null,
    path: "/",
    url: "https://status.example.com",
    nowMs: 0,
  });
}

async function render(node: unknown): Promise<string> {
  const rendered = await node;
  return rendered == null ? "" : String(rendered);
}

const unescapeHtml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** The button's attributes, read back as a browser would from the HTML. */
function attributes(html: string): Record<string, string> {
  const tag = /<button[^>]*data-push-subscribe[^>]*>/.exec(html)?.[0] ?? "";
  return Object.fromEntries(
    Array.from(tag.matchAll(/([\w-]+)(?:="([^"]*)")?/g), (m) => [m[1]!, unescapeHtml(m[2] ?? "")]),
  );
}

describe("PushButton", () => {
  it("renders nothing when Web Push is not configured", async () => {
    expect(await render(PushButton({ ctx: ctx("zh-CN"), vapidPublicKey: null }))).toBe("");
  });

  it("gives public/push.js the key, the service, the choice and every word, in the page's language", async () => {
    for (const locale of ["zh-CN", "en"] as const) {
      const w = pushWords(locale);
      const html = await render(
        PushButton({
          ctx: ctx(locale, "/s/wechat-pay"),
          vapidPublicKey: KEY,
          components: ["a", "b"],
          incidentId: "inc-9",
        }),
      );
      const button = attributes(html);
      expect(button).toMatchObject({
        hidden: "",
        "data-vapid-key": KEY,
        "data-service": "wechat-pay",
        "data-components": "a,b",
        "data-incident": "inc-9",
        "data-locale": locale,
        "data-endpoint": "/s/wechat-pay/api/subscriptions",
        "data-working": w.working,
        "data-done": w.done,
        "data-denied": w.denied,
        "data-failed": w.failed,
      });
      expect(html).toContain(`>${w.button}</button>`);
      expect(unescapeHtml(html)).toContain(`<p class="muted" data-push-iphone="true" hidden="">${w.iphone}</p>`);
      expect(html).toContain('<script src="/push.js" defer="">');
    }
    expect(pushWords("zh-CN").iphone).toContain("添加到主屏幕");
    expect(pushWords("en").iphone).toContain("Add to Home Screen");
  });

  it("leaves out the optional choices when there are none", async () => {
    const button = attributes(await render(PushButton({ ctx: ctx("en"), vapidPublicKey: KEY })));
    expect(button["data-components"]).toBeUndefined();
    expect(button["data-incident"]).toBeUndefined();
    expect(button["data-endpoint"]).toBe("/api/subscriptions");
  });
});
