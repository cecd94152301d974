import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { luhnValid, REDACTION_MARKS, redact } from "../../src/domain/redact";

const FULL_WIDTH_X = "\uff38";
const ZWSP = "\u200b";
const NBSP = "\u00a0";

const redacted: [string, string][] = [
  // Mobile numbers
  ["13812345678", "[phone]"],
  ["手机13812345678请回电", "手机[phone]请回电"],
  ["tel:+86 138 1234 5678.", "tel:[phone]."],
  ["138-1234-5678 100元", "[phone] 100元"],
  ["8613812345678", "[phone]"],
  ["+8613812345678", "[phone]"],
  ["拨 013812345678 或 0086 138 1234 5678", "拨 [phone] 或 [phone]"],
  ["１３８１２３４５６７８", "[phone]"],
  ["电话：１３８－１２３４－５６７８，谢谢", "电话：[phone]，谢谢"],
  ["＋８６　１３８　１２３４　５６７８", "[phone]"],
  ["138.1234.5678", "[phone]"],
  ["138 - 1234 - 5678", "[phone]"],
  ["138  1234  5678", "[phone]"],
  [`138${NBSP}1234${NBSP}5678`, "[phone]"],
  ["138\u202f1234\u30005678", "[phone]"],
  [`138${ZWSP}1234${ZWSP}5678`, "[phone]"],
  ["1\u200c3\u200d8\u20601234\ufeff56\u00ad78", "[phone]"],
  ["(138)1234-5678", "[phone]"],
  ["(+86) 138 1234 5678", "[phone]"],
  ["（１３８）１２３４－５６７８", "[phone]"],
  ["138/1234/5678", "[phone]"],
  ["138_1234_5678", "[phone]"],
  ["138\u20131234\u20145678", "[phone]"],
  ["13812345678xiaoming", "[phone]xiaoming"],
  ["138 1234 5678 x", "[phone] x"],
  ["\u0661\u0663\u0668\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668", "[phone]"],
  ["1\ufe0f\u20e33\ufe0f\u20e38\ufe0f\u20e312345678\ufe0f\u20e3!", "[phone]!"],
  ["订单 12345 电话 13812345678", "订单 12345 电话 [phone]"],
  // ID numbers: 18 characters, and the 15-digit old format
  ["110105194912310029", "[id-card]"],
  ["身份证11010519491231002x号", "身份证[id-card]号"],
  ["110105 19491231 002X", "[id-card]"],
  ["110105 19491231 002 X", "[id-card]"],
  [`11010519491231002${FULL_WIDTH_X}`, "[id-card]"],
  ["１１０１０５１９４９１２３１００２９", "[id-card]"],
  ["11010519491231002Xiaoming", "[id-card]iaoming"],
  ["身份证 110105491231002", "身份证 [id-card]"],
  ["旧证 110105 491231 002 已挂失", "旧证 [id-card] 已挂失"],
  ["110105-491231-002", "[id-card]"],
  // Bank cards: Luhn-valid however written, any 16–19 digits written like a card
  ["4111111111111111", "[bank-card]"],
  ["卡号6222 0200 0000 0000 000", "卡号[bank-card]"],
  ["4111-1111-1111-1111 5", "[bank-card] 5"],
  ["13812345678 4111111111111111", "[phone] [bank-card]"],
  ["6222 0212 3456 7890 123", "[bank-card]"],
  ["6222-0212-3456-7890", "[bank-card]"],
  ["6222 0212 3456 7890 123 4", "[bank-card] 4"],
  ["卡 ６２２２　０２１２　３４５６　７８９０", "卡 [bank-card]"],
  ["4111 1111111 11111", "[bank-card]"],
  // QQ numbers
  ["QQ 12345678", "QQ [qq]"],
  ["qq：12345678", "qq：[qq]"],
  ["QQ号是 12345678。", "QQ号是 [qq]。"],
  ["加我扣扣123456789", "加我扣扣[qq]"],
  ["Q号:10001", "Q号:[qq]"],
  ["QQ号码 1234 5678，手机 138 1234 5678", "QQ号码 [qq]，手机 [phone]"],
  ["ＱＱ：１２３４５６７８", "ＱＱ：[qq]"],
  // E-mail
  ["邮箱 a.b+c@mail.example.cn 谢谢", "邮箱 [email] 谢谢"],
  ["a.b＠example.com", "[email]"],
  ["联系 a.b @ example.com 谢谢", "联系 [email] 谢谢"],
  ["ｍｅ＠ｅｘａｍｐｌｅ．ｃｏｍ", "[email]"],
  ["me [at] example [dot] com", "[email]"],
  ["me(at)example.com", "[email]"],
  ["邮箱abc@163.com", "邮箱[email]"],
  ["13812345678@qq.com", "[email]"],
  ["josé@example.es", "[email]"],
];

const harmless = [
  "系统繁忙，请稍后再试（错误码 2001）",
  "订单号 2026112512345678901",
  "金额 1380.50 元，12:30 付款",
  "4111111111111112",
  "12345678901",
  "13812345678901",
  "交易号 202611251234567",
  "时间 2026-11-25 12:30:45",
  "版本 10.13.6 (build 2001)",
  "IP 192.168.100.200",
  "QQ群 1234",
  "qq 0123456",
  "请稍后 @ 客服",
  "错误 X1234",
  "尺寸 1234 x 5678",
  "“全角”，。！？：；（）【】《》",
  "ＡＢＣ　全角字母　ｔｅｓｔ",
  "支付宝提示：当前交易存在风险，请稍后再试。",
  "",
];

describe("redact", () => {
  it(`has a table of ${redacted.length + harmless.length} cases`, () => {
    expect(redacted.length + harmless.length).toBeGreaterThanOrEqual(40);
  });

  it.each(redacted)("redacts %s", (input, expected) => {
    expect(redact(input)).toBe(expected);
    expect(redact(expected)).toBe(expected);
  });

  it.each(harmless)("keeps harmless text: %s", (input) => {
    expect(redact(input)).toBe(input);
  });

  it("checks the Luhn sum", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(luhnValid("6222021234567890123")).toBe(false);
  });

  it("keeps the text outside redacted spans exactly as written", () => {
    const input = "您好，“系统繁忙”（错误码２００１）；手机 １３８ １２３４ ５６７８ ，请回电！";
    expect(redact(input)).toBe("您好，“系统繁忙”（错误码２００１）；手机 [phone] ，请回电！");
  });

  it("stays fast on long runs of digits and separators", () => {
    // Timers do not advance during synchronous work in workerd, so the bound is on the work itself:
    // many worst-case shaped inputs must finish within the test's timeout.
    const shapes = [
      "1 ".repeat(250),
      "1".repeat(500),
      "12-".repeat(166),
      "1234 ".repeat(100),
      "1.2 (3) ".repeat(62),
      `${"a".repeat(499)}@`,
      "a@".repeat(250),
      "a@b.".repeat(125),
      "a @ ".repeat(125),
      "QQ 1".repeat(125),
      "1x".repeat(250),
      "+1".repeat(250),
      `${ZWSP}1`.repeat(250),
      "１\u3000".repeat(250),
    ];
    for (const shape of shapes) {
      expect(shape.length).toBeLessThanOrEqual(500);
      for (let i = 0; i < 40; i++) redact(shape);
    }
  });
});

// ---------------------------------------------------------------------------
// Property: a phone, ID or card number, however it is written, leaves no run of 7 of its digits behind.

const FULL_WIDTH_DIGIT = (d: string) => String.fromCharCode(0xff10 + Number(d));
const INVISIBLES = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\ufe0f"];
const VISIBLE_SEPARATORS = [
  " ",
  "  ",
  "-",
  ".",
  "/",
  "(",
  ")",
  "_",
  "\u00a0",
  "\u202f",
  "\u3000",
  "\uff0d", // full-width hyphen-minus
  "\uff0e", // full-width full stop
  "\uff0f", // full-width solidus
  "\uff08", // full-width parentheses
  "\uff09",
  "\u2013",
  "\u2014",
  "\u2212",
];

const digitsOf = (length: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }).map((a) => a.join(""));
const invisible = fc.array(fc.constantFrom(...INVISIBLES), { maxLength: 2 }).map((a) => a.join(""));
/** A short run of separators (at most four visible characters; a "(+86)" prefix adds its ")"), with invisible characters mixed in. */
const separator = fc
  .tuple(
    invisible,
    fc.array(fc.tuple(fc.constantFrom(...VISIBLE_SEPARATORS), invisible), { minLength: 1, maxLength: 4 }),
  )
  .map(([lead, parts]) => lead + parts.map(([s, i]) => s + i).join(""))
  .filter((s) => s.normalize("NFKC").replace(/[\p{Cf}\p{Mn}\p{Default_Ignorable_Code_Point}]/gu, "").length <= 4);

/** A number's digits: each in ASCII or full width, with invisible characters between some of them. */
function written(digits: string): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.array(fc.boolean(), { minLength: digits.length, maxLength: digits.length }),
      fc.array(invisible, { minLength: digits.length, maxLength: digits.length }),
    )
    .map(([wide, gaps]) => [...digits].map((d, i) => (wide[i] ? FULL_WIDTH_DIGIT(d) : d) + gaps[i]).join(""));
}

/** Digits cut into groups anywhere, joined by separators. */
function grouped(digits: string): fc.Arbitrary<string> {
  return fc
    .array(fc.option(separator, { nil: undefined, freq: 3 }), {
      minLength: digits.length - 1,
      maxLength: digits.length - 1,
    })
    .chain((cuts) => {
      const pieces: string[] = [];
      let start = 0;
      cuts.forEach((cut, i) => {
        if (cut === undefined) return;
        pieces.push(digits.slice(start, i + 1), cut);
        start = i + 1;
      });
      pieces.push(digits.slice(start));
      return fc.tuple(...pieces.map((p, i) => (i % 2 === 0 ? written(p) : fc.constant(p)))).map((p) => p.join(""));
    });
}

interface Sample {
  kind: string;
  /** The digits that must not survive. */
  digits: string;
  text: string;
}

const phone = fc
  .tuple(fc.constantFrom("", "0", "86", "0086", "+86"), fc.integer({ min: 3, max: 9 }), digitsOf(9))
  .chain(([prefix, second, rest]) => {
    const digits = `1${second}${rest}`;
    return fc
      .tuple(
        prefix.startsWith("+") ? fc.constantFrom("+86", "\uff0b\uff18\uff16", "(+86)") : written(prefix),
        prefix ? fc.oneof(fc.constant(""), separator) : fc.constant(""),
        grouped(digits),
      )
      .map(
        ([p, sep, number]): Sample => ({
          kind: "phone",
          digits: prefix.replace("+", "") + digits,
          text: p + sep + number,
        }),
      );
  });

const date = (min: number, max: number) =>
  fc.date({ min: new Date(Date.UTC(min, 0, 1)), max: new Date(Date.UTC(max, 11, 31)), noInvalidDate: true });
const ymd = (d: Date) => d.toISOString().slice(0, 10).replaceAll("-", "");

/** ISO 7064 MOD 11-2, the check character of an 18-character ID number. */
function idCheck(body: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return "10X98765432"[sum % 11]!;
}

const idCard18 = fc
  .tuple(digitsOf(6), date(1930, 2020), digitsOf(3), fc.constantFrom("X", "x", FULL_WIDTH_X))
  .chain(([area, birth, sequence, x]) => {
    const body = area + ymd(birth) + sequence;
    const check = idCheck(body);
    const digits = check === "X" ? body : body + check;
    return fc
      .tuple(grouped(digits), check === "X" ? fc.oneof(fc.constant(""), separator) : fc.constant(""))
      .map(([number, sep]): Sample => ({ kind: "id-card", digits, text: number + (check === "X" ? sep + x : "") }));
  });

const idCard15 = fc
  .tuple(fc.integer({ min: 1, max: 8 }), digitsOf(5), date(1930, 1999), digitsOf(3))
  .chain(([first, area, birth, sequence]) => {
    const digits = `${first}${area}${ymd(birth).slice(2)}${sequence}`;
    return grouped(digits).map((text): Sample => ({ kind: "id-card", digits, text }));
  });

function withLuhnCheck(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return body + d;
  throw new Error("unreachable");
}

/** A Luhn-valid card number however grouped, or any 16–19 digits written in fours with one separator. */
const card = fc.integer({ min: 16, max: 19 }).chain((length) =>
  fc.oneof(
    digitsOf(length - 1).chain((body) => {
      const digits = withLuhnCheck(body);
      return grouped(digits).map((text): Sample => ({ kind: "bank-card", digits, text }));
    }),
    fc
      .tuple(
        digitsOf(length),
        fc.constantFrom(" ", "  ", "-", " - ", NBSP, "\u3000", "\uff0d", "."),
        fc.array(fc.tuple(fc.nat(length), invisible), { maxLength: 3 }),
      )
      .chain(([digits, sep, sprinkled]) => {
        const fours = digits.match(/.{1,4}/g)!;
        return fc.tuple(...fours.map(written)).map((groups): Sample => {
          let text = groups.join(sep);
          for (const [at, chars] of sprinkled) {
            const i = Math.min(at, text.length);
            text = text.slice(0, i) + chars + text.slice(i);
          }
          // An invisible character inside a separator is still one separator; a sprinkled one never
          // changes the separator's visible characters.
          return { kind: "bank-card", digits, text };
        });
      }),
  ),
);

const qq = fc
  .tuple(
    fc.constantFrom("QQ", "qq", "QQ号", "Q号", "扣扣", "QQ号码", "ＱＱ"),
    fc.constantFrom("", " ", "：", ": ", "是", " 是 ", NBSP),
    fc.integer({ min: 1, max: 9 }),
    fc.integer({ min: 4, max: 10 }),
  )
  .chain(([keyword, gap, first, length]) =>
    digitsOf(length).chain((rest) => {
      const digits = `${first}${rest}`;
      return written(digits).map((text): Sample => ({ kind: "qq", digits, text: keyword + gap + text }));
    }),
  );

/** Text around a number: anything without digits (in any width) and without a letter X right after a number. */
const noDigits = (s: string) => !/\p{Nd}/u.test(s.normalize("NFKC"));
const surrounding = fc.oneof(
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.string({ maxLength: 20 }),
  fc.constantFrom("手机", "电话：", "身份证号 ", "卡号", "，请回电", "（", "）", "。", "请联系我", "谢谢", " ", "\n"),
);
const context = fc
  .tuple(
    surrounding.filter(noDigits),
    fc.constantFrom("", " ", "：", "，", "\u3000", ZWSP),
    fc.constantFrom("", " ", "，", "。", "\u3000", ZWSP),
    surrounding.filter(noDigits),
  )
  .map(([before, open, close, after]) => ({ before: before + open, after: close + after }));

/** The digits left in a text, after NFKC (so full-width digits count). */
const digitsLeft = (text: string) => text.normalize("NFKC").replace(/[^0-9]/g, "");
function survivingRuns(text: string, digits: string): string[] {
  const left = digitsLeft(text);
  const runs: string[] = [];
  for (let i = 0; i + 7 <= digits.length; i++) {
    const run = digits.slice(i, i + 7);
    if (left.includes(run)) runs.push(run);
  }
  return runs;
}

describe("redact (property)", () => {
  it("leaves no run of 7 digits of a phone, ID or card number, however written", { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(fc.oneof(phone, idCard18, idCard15, card, qq), context, (sample, { before, after }) => {
        const input = before + sample.text + after;
        const output = redact(input);
        expect(survivingRuns(output, sample.digits)).toEqual([]);
        // The surrounding text has no digits, so none at all is left, and the number's mark is there.
        expect(digitsLeft(output)).toBe("");
        expect(Object.values(REDACTION_MARKS).some((mark) => output.includes(mark))).toBe(true);
        expect(redact(output)).toBe(output);
      }),
      { numRuns: 3000 },
    );
  });

  it("is stable: redacting the result again changes nothing", { timeout: 60_000 }, () => {
    const digitHeavy = fc
      .array(
        fc.oneof(
          fc.constantFrom(
            ...VISIBLE_SEPARATORS,
            ...INVISIBLES,
            "+",
            "x",
            "X",
            "@",
            "qq",
            "QQ ",
            "[",
            "]",
            "a.b",
            ".com",
          ),
          fc.integer({ min: 0, max: 9 }).map(String),
          fc.integer({ min: 0, max: 9 }).map((d) => FULL_WIDTH_DIGIT(String(d))),
          fc.string({ unit: "binary", maxLength: 3 }),
        ),
        { maxLength: 60 },
      )
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(fc.oneof(digitHeavy, fc.string({ unit: "binary", maxLength: 80 })), (text) => {
        const once = redact(text);
        expect(redact(once)).toBe(once);
      }),
      { numRuns: 3000 },
    );
  });
});
