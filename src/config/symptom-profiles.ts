import type { Locale } from "../i18n/locale";
import type { ServiceConfig, SymptomDefinition, SymptomProfile } from "./types";

/**
 * The built-in symptom sets. `{service}` in a text is the service's name.
 * Codes and classes match BUILT_IN_SYMPTOM_CLASSES (src/domain/symptoms.ts).
 */

const cannotLoad: SymptomDefinition = {
  code: "cannot_load",
  class: "technical",
  label: { "zh-CN": "打不开、一直转圈或超时", en: "Won't open, keeps loading or times out" },
  seen: { "zh-CN": "页面空白、加载不出来、“网络不给力”", en: 'a blank page, a spinner, "network unavailable"' },
  meaning: {
    "zh-CN": "如果很多人同时遇到，通常是服务端故障；只有你遇到时，先检查网络和 App 版本。",
    en: "When many people see it at once it is usually the service; if only you do, check your connection and app version first.",
  },
  advice: {
    "zh-CN": ["先确认网络正常，退出 App 重新打开后再试一次。"],
    en: ["Make sure you are online, then close and reopen the app and try once more."],
  },
};

const systemBusy: SymptomDefinition = {
  code: "system_busy",
  class: "technical",
  label: { "zh-CN": "系统繁忙", en: "System busy" },
  seen: { "zh-CN": "“系统繁忙，请稍后再试”", en: '"System busy, please try again later" (系统繁忙)' },
  meaning: {
    "zh-CN": "“系统繁忙”是服务端过载或故障的提示，与你的账户无关。",
    en: '"System busy" means the service is overloaded or failing; it says nothing about your account.',
  },
  advice: {
    "zh-CN": ["“系统繁忙”通常是暂时的：隔几分钟再试，不要连续点击付款。"],
    en: ['"System busy" usually passes: wait a few minutes, and don\'t tap pay again and again.'],
  },
};

const paymentFailed: SymptomDefinition = {
  code: "payment_failed",
  class: "technical",
  label: { "zh-CN": "付款失败，没有说明原因", en: "Payment failed with no reason given" },
  seen: { "zh-CN": "“支付失败”“付款未成功”", en: '"Payment failed" (支付失败)' },
  meaning: {
    "zh-CN": "没有原因的付款失败可能是临时故障，也可能是风控拦截；请先确认是否已扣款，再决定是否重试。",
    en: "A failure without a reason can be a passing fault or a risk-control block; check whether you were charged before retrying.",
  },
  advice: {
    "zh-CN": ["先在账单里确认这笔是否已经扣款，再决定是否重试，避免重复付款。"],
    en: ["Check your bills for whether this payment was charged before you try again, so you don't pay twice."],
  },
};

const merchantUnsupported: SymptomDefinition = {
  code: "merchant_unsupported",
  class: "merchant",
  label: { "zh-CN": "这个商户或商品不支持", en: "Not accepted by this merchant or for this item" },
  seen: {
    "zh-CN": "“该商户或商品不支持{service}”",
    en: '"Not supported for this merchant or item" (该商户或商品不支持)',
  },
  meaning: {
    "zh-CN": "这是商户或商品的限制，不是故障，也不是你的账户问题。",
    en: "This is a limit of the merchant or the item: not an outage, and not your account.",
  },
  title: {
    "zh-CN": "{service}在这家商户或这类商品不可用：不是故障，也不是你的账户",
    en: "{service} is not accepted for this merchant or item: not an outage, and not your account",
  },
  advice: {
    "zh-CN": [
      "{service}会对部分商户和商品类别关闭（例如容易被用来套现的类别），这是针对交易场景的限制，与你的账户无关。",
      "在这家商户换一种付款方式即可；在别的商户通常仍可使用{service}。",
    ],
    en: [
      "{service} is closed for some merchants and kinds of goods (for example ones prone to cash-out schemes); this limits the purchase, not your account.",
      "Pay another way at this merchant; {service} usually still works at others.",
    ],
  },
};

const other: SymptomDefinition = {
  code: "other",
  class: "other",
  label: { "zh-CN": "其他问题", en: "Something else" },
  seen: { "zh-CN": "以上都不是", en: "none of the above" },
};

/** Pay-later credit lines: Huabei, JD Baitiao. */
const credit: SymptomDefinition[] = [
  cannotLoad,
  systemBusy,
  paymentFailed,
  {
    code: "limit_reduced",
    class: "account",
    label: { "zh-CN": "额度不足或被降低", en: "Limit insufficient or lowered" },
    seen: { "zh-CN": "“额度不足”“额度已调整”", en: '"Insufficient limit" (额度不足)' },
    meaning: {
      "zh-CN": "额度由风控模型定期评估调整，降低通常与近期用卡、还款或征信情况有关。",
      en: "Limits are reassessed by a risk model; a lower limit usually follows recent use, repayments or your credit record.",
    },
    advice: {
      "zh-CN": [
        "先在额度页面分清是“额度用完了”还是“额度被调低了”：用掉的额度在还款后会释放；被调低的额度由风控重新评估，没有人能保证何时、是否恢复。",
        "按时还款、避免短时间内频繁大额使用，可能对下一次评估有帮助。",
      ],
      en: [
        "On the limit page, tell apart a limit used up from a limit lowered: a used-up limit frees up as you repay; a lowered one is reassessed by risk control, and nobody can promise when or whether it comes back.",
        "Repaying on time and avoiding many large purchases in a short time may help the next assessment.",
      ],
    },
  },
  {
    code: "account_frozen",
    class: "account",
    label: { "zh-CN": "暂停使用或被冻结", en: "Suspended or frozen" },
    seen: { "zh-CN": "“暂停使用”“已冻结”", en: '"Suspended" / "Frozen" (暂停使用 / 已冻结)' },
    meaning: {
      "zh-CN": "暂停或冻结是针对账户的风控措施，原因会在 App 消息中心说明，可通过官方客服申诉。",
      en: "A suspension or freeze is a risk-control measure on the account; the app's message centre says why, and official support takes appeals.",
    },
    advice: {
      "zh-CN": ["申诉只走官方渠道：App 内的申诉入口或官方客服；任何“代办解冻”的人都不可信。"],
      en: [
        "Appeal only through official channels: the in-app appeal or official support; nobody who offers to 'unfreeze it for you' can be trusted.",
      ],
    },
  },
  {
    code: "risk_warning",
    class: "account",
    label: { "zh-CN": "存在风险、被风控拦截", en: "Risk warning or blocked by risk control" },
    seen: { "zh-CN": "“存在风险”“交易存在风险，已拦截”", en: '"Transaction at risk" (存在风险)' },
    meaning: {
      "zh-CN": "这笔交易被风控拦截，常见于异地、大额或新设备付款；换个时间或方式通常可以完成。",
      en: "Risk control blocked this payment, often for an unusual place, amount or device; another time or method usually works.",
    },
    advice: {
      "zh-CN": [
        "这笔交易被风控暂时拦截：按 App 内的提示完成验证（只在官方 App 内操作）。",
        "不要短时间内反复重试，多次失败可能让拦截更严格；换个时间再试，或这次先用其他方式付款。",
      ],
      en: [
        "Risk control is holding this payment: complete the check the app asks for, inside the official app only.",
        "Don't retry many times in a row, repeated failures can tighten the block; try later, or pay another way this time.",
      ],
    },
  },
  {
    code: "overdue",
    class: "account",
    label: { "zh-CN": "提示逾期", en: "Says a bill is overdue" },
    seen: { "zh-CN": "“您有逾期账单”", en: '"You have an overdue bill" (逾期)' },
    meaning: {
      "zh-CN": "有逾期账单时会暂停使用，还清后通常会逐步恢复；逾期可能记入征信。",
      en: "An overdue bill pauses the line until it is repaid; overdue bills may appear on your credit report.",
    },
    advice: {
      "zh-CN": [
        "先还清逾期的账单；还款后额度可能逐步恢复，但恢复的时间和额度由评估决定。",
        "逾期记录可能报送征信；如果你认为记录有误，可以向征信中心提出异议申请。",
      ],
      en: [
        "Repay the overdue bill first; the limit may come back after that, but when and how much is decided by a reassessment.",
        "Overdue records may be reported to the credit bureau; if you think a record is wrong, you can file an objection with the Credit Reference Center.",
      ],
    },
  },
  {
    code: "not_eligible",
    class: "account",
    label: { "zh-CN": "未开通或已关闭", en: "Not activated or closed" },
    seen: {
      "zh-CN": "“未开通”“综合评估暂不满足开通条件”“已关闭”",
      en: '"Not activated" / "Not eligible for now" (未开通 / 综合评估暂不满足开通条件)',
    },
    meaning: {
      "zh-CN": "这是资格评估的结果，不是故障；资格会随使用情况重新评估。",
      en: "This is the outcome of an eligibility assessment, not an outage; eligibility is reassessed over time.",
    },
    advice: {
      "zh-CN": [
        "有些账户处于“灰名单”或只开通了部分额度：在某些商户、某些金额可以用，在另一些不行。这是评估结果，不是故障。",
        "资格会定期重新评估：保持按时还款、正常使用和完整的实名信息通常有帮助；没有人能收费帮你开通。",
      ],
      en: [
        "Some accounts are gray-listed or have only a partial line: it works at some merchants or amounts and not at others. That is an assessment, not a fault.",
        "Eligibility is reassessed from time to time: repaying on time, ordinary use and complete identity details usually help; nobody can get it opened for a fee.",
      ],
    },
  },
  merchantUnsupported,
  other,
];

/** Wallets and bank apps: Alipay, WeChat Pay, UnionPay QuickPass. */
const wallet: SymptomDefinition[] = [
  cannotLoad,
  systemBusy,
  paymentFailed,
  {
    code: "card_declined",
    class: "account",
    label: { "zh-CN": "银行卡扣款失败", en: "Bank card declined" },
    seen: {
      "zh-CN": "“银行卡余额不足”“该卡暂不可用”",
      en: '"Card balance insufficient" / "Card unavailable" (该卡暂不可用)',
    },
    meaning: {
      "zh-CN": "通常是这张银行卡的余额、限额或状态问题，可换一张卡或联系发卡银行。",
      en: "Usually the card's balance, limit or status; try another card or ask the issuing bank.",
    },
    advice: {
      "zh-CN": ["换一张卡或改用余额付款；卡的状态或限额有疑问时，联系发卡银行。"],
      en: ["Try another card or your balance; ask the issuing bank about the card's status or limits."],
    },
  },
  {
    code: "limit_exceeded",
    class: "account",
    label: { "zh-CN": "超出支付限额", en: "Over a payment limit" },
    seen: { "zh-CN": "“超出单笔/单日限额”", en: '"Exceeds the single/daily limit" (超出限额)' },
    meaning: {
      "zh-CN": "单笔或单日限额由账户安全设置和银行决定，可分笔付款或在 App 内调整。",
      en: "Per-payment and daily limits come from your security settings and the bank; split the payment or adjust it in the app.",
    },
    advice: {
      "zh-CN": ["分成几笔付款，或在 App 的安全设置里查看和调整限额；银行卡限额要问发卡银行。"],
      en: [
        "Split the payment, or check and adjust the limits in the app's security settings; ask the bank about the card's own limits.",
      ],
    },
  },
  {
    code: "verification_required",
    class: "account",
    label: { "zh-CN": "要求验证身份或实名", en: "Asked to verify identity" },
    seen: { "zh-CN": "“请完成身份验证”“请补充实名信息”", en: '"Please verify your identity" (身份验证)' },
    meaning: {
      "zh-CN": "这是账户安全检查，只在官方 App 内完成；任何人通过电话或短信索要验证码都是诈骗。",
      en: "This is an account security check; complete it only inside the official app. Anyone asking for your code by phone or text is a scammer.",
    },
    advice: {
      "zh-CN": ["只在官方 App 内按提示完成验证，完成后再付款。"],
      en: ["Complete the check only inside the official app, then pay again."],
    },
  },
  {
    code: "account_restricted",
    class: "account",
    label: { "zh-CN": "账户被限制收付款", en: "Account restricted" },
    seen: { "zh-CN": "“账户存在异常，已限制支付”", en: '"Account restricted" (账户已限制)' },
    meaning: {
      "zh-CN": "限制是针对账户的风控措施，原因和解除方式会在 App 内说明，可通过官方客服申诉。",
      en: "A restriction is a risk-control measure on the account; the app explains why and how to lift it, and official support takes appeals.",
    },
    advice: {
      "zh-CN": ["按 App 内说明的方式解除限制，申诉只走官方渠道；不要找“代解封”的人。"],
      en: [
        "Lift the restriction the way the app explains and appeal only through official channels; never pay anyone to 'unblock' it.",
      ],
    },
  },
  {
    code: "risk_warning",
    class: "account",
    label: { "zh-CN": "交易存在风险被拦截", en: "Blocked by risk control" },
    seen: { "zh-CN": "“交易存在风险，已拦截”", en: '"Transaction at risk" (存在风险)' },
    meaning: {
      "zh-CN": "这笔交易被风控拦截，常见于陌生收款方、大额或新设备；确认对方可信后再试，谨防诈骗。",
      en: "Risk control blocked this payment, often for an unknown payee, a large amount or a new device; make sure the payee is genuine before trying again.",
    },
    advice: {
      "zh-CN": ["先确认收款方可信；不要短时间内反复重试，换个时间或方式再付。"],
      en: ["Make sure the payee is genuine; don't retry many times in a row, pay later or another way."],
    },
  },
  merchantUnsupported,
  other,
];

export const SYMPTOM_SETS: Record<Exclude<SymptomProfile, "custom">, SymptomDefinition[]> = { credit, wallet };

const indexes = new WeakMap<ServiceConfig, Map<string, SymptomDefinition>>();

/** The service's definition of a symptom code, or undefined when the service does not offer it. */
export function findSymptom(config: ServiceConfig, code: string): SymptomDefinition | undefined {
  let index = indexes.get(config);
  if (!index) {
    index = new Map(config.symptoms.map((symptom) => [symptom.code, symptom]));
    indexes.set(config, index);
  }
  return index.get(code);
}

/** A symptom in the reader's words, `{service}` filled; an unknown code (a stored report of a removed symptom) reads as itself. */
export function symptomWords(
  config: ServiceConfig,
  code: string,
  locale: Locale,
): { label: string; seen: string; meaning: string | null } {
  const symptom = findSymptom(config, code);
  if (!symptom) return { label: code, seen: "", meaning: null };
  const fill = (text: string) => text.replaceAll("{service}", config.name[locale]);
  return {
    label: fill(symptom.label[locale]),
    seen: fill(symptom.seen[locale]),
    meaning: symptom.meaning ? fill(symptom.meaning[locale]) : null,
  };
}
