import { describe, expect, it } from "vitest";
import { luhnValid, redact } from "../../src/domain/redact";

describe("redact", () => {
  it.each([
    ["13812345678", "[phone]"],
    ["手机13812345678请回电", "手机[phone]请回电"],
    ["tel:+86 138 1234 5678.", "tel:[phone]."],
    ["138-1234-5678 100元", "[phone] 100元"],
    ["8613812345678", "[phone]"],
    ["+8613812345678", "[phone]"],
    ["拨 013812345678 或 0086 138 1234 5678", "拨 [phone] 或 [phone]"],
    ["110105194912310029", "[id-card]"],
    ["身份证11010519491231002x号", "身份证[id-card]号"],
    ["110105 19491231 002X", "[id-card]"],
    ["4111111111111111", "[bank-card]"],
    ["卡号6222 0200 0000 0000 000", "卡号[bank-card]"],
    ["4111-1111-1111-1111 5", "[bank-card] 5"],
    ["13812345678 4111111111111111", "[phone] [bank-card]"],
    ["邮箱 a.b+c@mail.example.cn 谢谢", "邮箱 [email] 谢谢"],
  ])("redacts %s", (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    "系统繁忙，请稍后再试（错误码 2001）",
    "订单号 2026112512345678901",
    "金额 1380.50 元，12:30 付款",
    "4111111111111112",
    "12345678901",
  ])("keeps harmless text: %s", (input) => {
    expect(redact(input)).toBe(input);
  });

  it("checks the Luhn sum", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
  });
});
