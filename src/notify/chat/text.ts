/**
 * Text helpers every chat format shares: cleaning what a notice says, fitting it
 * into a platform's length limit without breaking a character or an escape, and
 * links that cannot close the markup around them.
 */

/** How a platform counts a limit: UTF-8 bytes (WeCom, DingTalk, Feishu) or UTF-16 code units (Slack's "characters"). */
export type Measure = (text: string) => number;

const encoder = new TextEncoder();
export const utf8Bytes: Measure = (text) => encoder.encode(text).length;
export const utf16Units: Measure = (text) => text.length;

const ELLIPSIS = "…";

// Intl.Segmenter splits into what a reader sees as one character (an emoji with its
// modifiers, a letter with its accents), so a cut never leaves half of one.
const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

function graphemes(text: string): Iterable<string> {
  return Array.from(segmenter.segment(text), (piece) => piece.segment);
}

/**
 * `raw` escaped and cut to at most `limit` (as `measure` counts), ending in "…"
 * when cut. Each grapheme is escaped on its own and kept or dropped whole, so a
 * cut never lands inside a multi-byte character or an escape like `&amp;`;
 * `escapePiece` must therefore not depend on context (line starts are handled before).
 */
export function fitText(raw: string, limit: number, escapePiece: (piece: string) => string, measure: Measure): string {
  const whole = escapePiece(raw);
  if (measure(whole) <= limit) return whole;
  const budget = limit - measure(ELLIPSIS);
  if (budget < 0) return "";
  let out = "";
  let used = 0;
  for (const piece of graphemes(raw)) {
    const escaped = escapePiece(piece);
    const size = measure(escaped);
    if (used + size > budget) break;
    out += escaped;
    used += size;
  }
  return `${out.trimEnd()}${ELLIPSIS}`;
}

// Control characters (newline and tab are kept), and the bidirectional overrides and
// isolates that can make text read differently from what it says (CVE-2021-42574).
const INVISIBLE = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;

/** Paragraph text: line breaks normalised, invisible controls removed, at most one blank line in a row. */
export function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/\t/g, " ")
    .replace(INVISIBLE, (c) => (c === "\n" ? c : ""))
    .replace(/[ \u00a0]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** One line: every run of whitespace (line breaks included) becomes one space. */
export function oneLine(text: string): string {
  return cleanText(text).replace(/\s+/g, " ");
}

/**
 * An http(s) link that is safe inside markdown `[text](url)` and Slack `<url|text>`:
 * WHATWG serialisation already percent-encodes spaces, quotes and angle brackets;
 * the brackets and the bar that would end the surrounding markup are encoded too.
 * Null for anything that is not http(s).
 */
export function safeHref(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return null;
  return parsed.href.replace(/[()[\]|]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Markdown that renders user text literally on WeCom, DingTalk and Feishu: none of
 * them documents a backslash escape, so the characters that start markup (tags and
 * mentions `<font>`, `<@userid>`, `<at id=all>`; links `[..](..)`; bold, code,
 * strike-through; HTML entities) become their full-width look-alikes, which read
 * the same to people and mean nothing to the renderer.
 */
const FULL_WIDTH: Record<string, string> = {
  "<": "＜",
  ">": "＞",
  "[": "［",
  "]": "］",
  "*": "＊",
  "`": "｀",
  "~": "～",
  "&": "＆",
};

export function defangMarkdown(piece: string): string {
  return piece.replace(/[<>[\]*`~&]/g, (c) => FULL_WIDTH[c] ?? c);
}

/** A heading (`#`) at the start of a line would restyle the message; the full-width sign does not. */
export function defangLineStarts(text: string): string {
  return text.replace(/^([ \u3000]*)(#+)/gm, (_, indent: string, signs: string) => indent + "＃".repeat(signs.length));
}
