/**
 * Removes contact and identity data from free text before it is stored.
 *
 * Matching runs on a *matching view* of the text, never on the text itself:
 * each character is NFKC-normalised on its own (full-width digits, letters,
 * `＠`, `－`, `（` and ideographic or no-break spaces become their ASCII
 * forms), invisible characters are dropped (format characters, Unicode Cf,
 * such as zero-width spaces and joiners, the soft hyphen and the BOM; the
 * other default-ignorable ones such as variation selectors and Hangul
 * fillers; and combining marks, Mn and Me, such as the keycap in "1️⃣"),
 * every space separator (Zs) reads as a space, and decimal digits of any
 * script (Arabic-Indic, Devanagari, …) read as 0–9. Every character of the view
 * remembers the span of the original it came from, so what is found is
 * replaced in the original text and everything outside a redacted span is kept
 * exactly as written (`，`, `（` and the like stay full-width).
 *
 * Digit groups (maximal runs of digits) belong to one *digit run* when at most
 * six separator characters stand between them: spaces of any kind, `.`, `-`,
 * `/`, `(`, `)`, `_`, `·`, `・`, the Unicode dashes and the minus sign. A `+`
 * right before a group that does not follow a digit belongs to the group (the
 * `+86` prefix). A check letter `X`/`x` right after a group (or after a short
 * gap of separators) ends the run; it counts only for an 18-character ID
 * number, so `13812345678xiaoming` becomes `[phone]xiaoming`.
 *
 * Within a run, every span of whole groups is classified (digits joined, at
 * most 19):
 *  - `[id-card]`: 18 digits, or 17 digits followed by the check letter X (any
 *    18-digit number is taken for an ID number, as before);
 *  - `[id-card]`: 15 digits that look like an old (first-generation) ID number:
 *    an area code starting 1–8, a birth date YYMMDD with month 01–12 and day
 *    01–31, and a three-digit sequence. The loose date check keeps most
 *    15-digit order and transaction numbers (about 97 % of random ones) while
 *    no real old ID number gets through;
 *  - `[phone]`: a mainland mobile number `1[3-9]` + 9 digits, optionally
 *    dialled with `0`, `86`, `0086` or `+86` in front;
 *  - `[bank-card]`: 16–19 digits that pass the Luhn check however they are
 *    grouped, or that are *written like a card number* whatever Luhn says: at
 *    least four groups, all of four digits except the last (1–4), joined by
 *    the same separator (`6222 0212 3456 7890 123`, `6222-0212-3456-7890`).
 *    A contiguous 16–19-digit number that fails Luhn (an order number such as
 *    `2026112512345678901`) is kept.
 * Every classified span is redacted, overlapping ones together (so a number
 * cannot hide by sharing a group with another), with the `(` of a leading
 * `(138)` or `(+86)`; a span is made of whole groups, so digits glued onto a
 * number make a different, longer number (`13812345678901` is kept).
 *
 * Also redacted:
 *  - `[qq]`: the number after `QQ`, `qq`, `Q号`, `QQ号(码)`, `扣扣` (optionally
 *    followed by `:`, `=`, `是`, `为` and spaces): the longest leading part of
 *    the digit run there with 5–11 digits, not starting with 0. The keyword
 *    stays (`QQ [qq]`), as `手机[phone]` keeps its word;
 *  - `[email]`: addresses in Latin letters and digits (after normalisation, so
 *    `＠` and full-width letters count; `josé@…` too), with up to two spaces
 *    around the `@` (`a.b @ example.com`) and the spelled-out forms `[at]`,
 *    `(at)`, `{at}`, `<at>` and `[dot]`, `(dot)`, … .
 *
 * Everything is a single scan or a regular expression without nested
 * ambiguous repetition, so the work grows linearly with the text. The result
 * is stable: redacting it again changes nothing.
 */
export const REDACTION_MARKS = {
  email: "[email]",
  phone: "[phone]",
  idCard: "[id-card]",
  bankCard: "[bank-card]",
  qq: "[qq]",
} as const;

type Kind = keyof typeof REDACTION_MARKS;

/** At most this many separator characters between two digit groups of one number. */
const MAX_GAP = 6;
/** The longest number classified: a 19-digit card. */
const MAX_DIGITS = 19;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// ---------------------------------------------------------------------------
// The matching view

interface MatchingView {
  /** The normalised text that is matched. */
  text: string;
  /** For each UTF-16 unit of `text`: where its original character starts and ends in the input. */
  from: number[];
  to: number[];
}

const INVISIBLE = /[\p{Cf}\p{Mn}\p{Me}\p{Default_Ignorable_Code_Point}]/u;
const SPACE = /\p{Zs}/u;
const DECIMAL = /\p{Nd}/u;

const digitValues = new Map<number, string>();
/**
 * The value of a decimal digit of any script. Unicode assigns decimal digits
 * only in contiguous ranges of ten, 0 to 9, so the value is the number of
 * digits right before it, modulo 10.
 */
function digitValue(cp: number): string {
  let value = digitValues.get(cp);
  if (value === undefined) {
    let before = 0;
    while (before < 100 && DECIMAL.test(String.fromCodePoint(cp - before - 1))) before++;
    value = String(before % 10);
    digitValues.set(cp, value);
  }
  return value;
}

function matchingView(input: string): MatchingView {
  const parts: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  let i = 0;
  while (i < input.length) {
    const cp = input.codePointAt(i)!;
    const end = i + (cp > 0xffff ? 2 : 1);
    if (cp < 0x80) {
      parts.push(input[i]!);
      from.push(i);
      to.push(end);
    } else {
      for (const c of input.slice(i, end).normalize("NFKC")) {
        if (INVISIBLE.test(c)) continue;
        const out = SPACE.test(c) ? " " : DECIMAL.test(c) ? digitValue(c.codePointAt(0)!) : c;
        parts.push(out);
        for (let u = 0; u < out.length; u++) {
          from.push(i);
          to.push(end);
        }
      }
    }
    i = end;
  }
  return { text: parts.join(""), from, to };
}

// ---------------------------------------------------------------------------
// Digit runs

interface Group {
  /** Where the group starts in the view, its `+` included. */
  start: number;
  /** Where its digits start. */
  digitsStart: number;
  end: number;
  digits: string;
  /** The end of a check letter X after the group, or -1. */
  checkEnd: number;
  /** The separators after it (spaces collapsed), when the run goes on. */
  gap: string;
}

const SEPARATORS = new Set([
  " ",
  "\t",
  ".",
  "-",
  "/",
  "(",
  ")",
  "_",
  "\u00b7", // middle dot
  "\u30fb", // katakana middle dot
  "\u2010",
  "\u2011",
  "\u2012",
  "\u2013",
  "\u2014",
  "\u2015", // hyphen … horizontal bar
  "\u2212", // minus sign
]);

const isDigit = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};

/** The digit runs of the view, in one pass. */
function digitRuns(s: string): Group[][] {
  const runs: Group[][] = [];
  let run: Group[] = [];
  let i = 0;
  while (i < s.length) {
    if (!isDigit(s, i)) {
      i++;
      continue;
    }
    const start = i > 0 && s[i - 1] === "+" && !(i > 1 && isDigit(s, i - 2)) ? i - 1 : i;
    let end = i;
    while (end < s.length && isDigit(s, end)) end++;
    const group: Group = { start, digitsStart: i, end, digits: s.slice(i, end), checkEnd: -1, gap: "" };
    run.push(group);
    let k = end;
    while (k < s.length && k - end <= MAX_GAP && SEPARATORS.has(s[k]!)) k++;
    const gap = k - end;
    if (gap <= MAX_GAP && (s[k] === "X" || s[k] === "x")) {
      group.checkEnd = k + 1;
      runs.push(run);
      run = [];
      i = k + 1;
    } else if (gap >= 1 && gap <= MAX_GAP && (isDigit(s, k) || (s[k] === "+" && isDigit(s, k + 1)))) {
      group.gap = s.slice(end, k).replace(/ +/g, " ");
      i = s[k] === "+" ? k + 1 : k;
    } else {
      runs.push(run);
      run = [];
      i = k;
    }
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

const PHONE = /^(?:0|86|0086)?1[3-9]\d{9}$/;
const OLD_ID_CARD = /^[1-8]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}$/;

/** Groups i..j written like a card number: fours joined by one separator, the last group 1–4 digits. */
function writtenLikeCard(run: Group[], i: number, j: number): boolean {
  if (j - i < 3 || run[j]!.digits.length > 4) return false;
  for (let g = i; g < j; g++) {
    if (run[g]!.digits.length !== 4 || run[g]!.gap !== run[i]!.gap) return false;
  }
  return true;
}

/** What groups i..j of a run (their digits joined) are, and where the span ends; null for nothing sensitive. */
function classify(run: Group[], i: number, j: number, digits: string): { kind: Kind; end: number } | null {
  const last = run[j]!;
  if (digits.length === 17 && last.checkEnd >= 0) return { kind: "idCard", end: last.checkEnd };
  if (digits.length === 18) return { kind: "idCard", end: last.end };
  if (PHONE.test(digits)) return { kind: "phone", end: last.end };
  if (OLD_ID_CARD.test(digits)) return { kind: "idCard", end: last.end };
  if (digits.length >= 16 && (luhnValid(digits) || writtenLikeCard(run, i, j))) {
    return { kind: "bankCard", end: last.end };
  }
  return null;
}

interface Span {
  start: number;
  end: number;
  kind: Kind;
}

/**
 * For every group, the longest sensitive span of whole groups starting there;
 * with the opening parenthesis of a first group written "(138)" or "(+86)".
 */
function numberSpans(view: string, runs: Group[][]): Span[] {
  const spans: Span[] = [];
  for (const run of runs) {
    for (let i = 0; i < run.length; i++) {
      let digits = "";
      let found: Span | null = null;
      for (let j = i; j < run.length; j++) {
        digits += run[j]!.digits;
        if (digits.length > MAX_DIGITS) break;
        const kind = classify(run, i, j, digits);
        if (kind) found = { start: run[i]!.start, end: kind.end, kind: kind.kind };
      }
      if (!found) continue;
      if (view[found.start - 1] === "(" && run[i]!.gap.startsWith(")") && found.end > run[i]!.end) found.start--;
      spans.push(found);
    }
  }
  return spans;
}

const QQ_KEYWORD = /(?:qq|q号|扣扣)(?:号码|号)?[ \t:=]{0,3}(?:是|为)?[ \t:=]{0,3}(?=\d)/giu;

/** The QQ number after each QQ keyword: the longest leading groups of its run with 5–11 digits. */
function qqSpans(view: string, runs: Group[][]): Span[] {
  const groupAt = new Map<number, { run: Group[]; index: number }>();
  for (const run of runs) {
    for (const [index, group] of run.entries()) groupAt.set(group.digitsStart, { run, index });
  }
  const spans: Span[] = [];
  for (const match of view.matchAll(QQ_KEYWORD)) {
    const at = groupAt.get(match.index + match[0].length);
    if (!at || at.run[at.index]!.digits.startsWith("0")) continue;
    let digits = 0;
    let end = -1;
    for (let j = at.index; j < at.run.length; j++) {
      digits += at.run[j]!.digits.length;
      if (digits > 11) break;
      if (digits >= 5) end = at.run[j]!.end;
    }
    if (end >= 0) spans.push({ start: at.run[at.index]!.digitsStart, end, kind: "qq" });
  }
  return spans;
}

// ---------------------------------------------------------------------------
// E-mail

const BRACKETED = (word: string) => `[([{<] ?${word} ?[)\\]}>]`;
const DOT = `(?:\\.| ?${BRACKETED("dot")} ?)`;
/** Local-part and domain characters: Latin letters (accented ones too), digits and a little punctuation. */
const LOCAL = "[\\p{Script=Latin}0-9._%+\\-]";
const LABEL = "[\\p{Script=Latin}0-9\\-]+";
const EMAIL = new RegExp(
  // The local part starts where local-part characters start, so a long run is tried once, not from every position.
  `(?<!${LOCAL})${LOCAL}+(?: {0,2}@ {0,2}| {0,2}${BRACKETED("at")} {0,2})${LABEL}(?:${DOT}${LABEL})*${DOT}[A-Za-z]{2,}`,
  "giu",
);

function emailSpans(view: string): Span[] {
  return Array.from(view.matchAll(EMAIL), (m) => ({ start: m.index, end: m.index + m[0].length, kind: "email" }));
}

// ---------------------------------------------------------------------------

/** Where the invisible characters after `end` (a keycap or variation selector on the last digit) end. */
function invisibleAfter(text: string, end: number): number {
  while (end < text.length) {
    const cp = text.codePointAt(end)!;
    if (cp < 0x80 || !INVISIBLE.test(String.fromCodePoint(cp))) break;
    end += cp > 0xffff ? 2 : 1;
  }
  return end;
}

export function redact(text: string): string {
  const view = matchingView(text);
  const runs = digitRuns(view.text);
  const spans = [...emailSpans(view.text), ...qqSpans(view.text, runs), ...numberSpans(view.text, runs)]
    .map((span) => ({
      start: view.from[span.start]!,
      end: invisibleAfter(text, view.to[span.end - 1]!),
      kind: span.kind,
    }))
    // Overlapping spans are redacted as one, marked as the first (and longest) of them.
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  const pieces: string[] = [];
  let cursor = 0;
  for (const span of merged) {
    pieces.push(text.slice(cursor, span.start), REDACTION_MARKS[span.kind]);
    cursor = span.end;
  }
  pieces.push(text.slice(cursor));
  return pieces.join("");
}
