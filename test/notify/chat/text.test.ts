import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeSlack } from "../../../src/notify/chat/slack";
import {
  cleanText,
  defangLineStarts,
  defangMarkdown,
  fitText,
  oneLine,
  safeHref,
  utf8Bytes,
  utf16Units,
} from "../../../src/notify/chat/text";
import { wellFormed } from "./helpers";

describe("fitting text into a platform's limit", () => {
  it("never exceeds the limit, never splits a character or an escape, and only cuts what is too long", () => {
    const escapes = [defangMarkdown, escapeSlack, (piece: string) => piece];
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 300 }),
        fc.integer({ min: 0, max: 600 }),
        fc.constantFrom(0, 1, 2),
        fc.constantFrom(utf8Bytes, utf16Units),
        (raw, limit, which, measure) => {
          const escapePiece = escapes[which]!;
          const out = fitText(raw, limit, escapePiece, measure);
          expect(measure(out)).toBeLessThanOrEqual(limit);
          expect(wellFormed(out)).toBe(true);
          const whole = escapePiece(raw);
          if (measure(whole) <= limit) expect(out).toBe(whole);
          else if (out !== "") {
            expect(out.endsWith("…")).toBe(true);
            expect(whole.startsWith(out.slice(0, -1))).toBe(true);
            // A Slack cut never leaves half an entity behind.
            if (which === 1) expect(out.slice(0, -1)).not.toMatch(/&[a-z]*$/);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("cleaning notice text", () => {
  it("keeps paragraphs, drops controls and bidi overrides, and folds blank lines", () => {
    expect(cleanText("  a\r\nb\rc\t d \n\n\n\n e\u202e\u2066f\u0000g  ")).toBe("a\nb\nc  d\n\n efg");
    expect(oneLine(" 花呗\n · 线上支付 \n")).toBe("花呗 · 线上支付");
  });

  it("turns line-start headings and markup characters into look-alikes", () => {
    expect(defangLineStarts("# a\n  ## b\nc # d")).toBe("＃ a\n  ＃＃ b\nc # d");
    expect(defangMarkdown("<at id=all></at> [x](y) **b** `c` ~~d~~ &lt;")).toBe(
      "＜at id=all＞＜/at＞ ［x］(y) ＊＊b＊＊ ｀c｀ ～～d～～ ＆lt;",
    );
  });
});

describe("links", () => {
  it("allow http(s) only, with brackets and bars that would end markup encoded", () => {
    expect(safeHref("https://status.example.com/a(b)?q=[1]|2")).toBe(
      "https://status.example.com/a%28b%29?q=%5B1%5D%7C2",
    );
    expect(safeHref("https://status.example.com/a b<c>")).toBe("https://status.example.com/a%20b%3Cc%3E");
    for (const bad of ["javascript:alert(1)", "data:text/html,x", "ftp://x.example/", "not a url"]) {
      expect(safeHref(bad), bad).toBeNull();
    }
  });
});
