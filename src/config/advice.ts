import type { VerdictKind } from "../domain/symptoms";
import type { VerdictTexts } from "./types";

/**
 * Built-in advice per verdict. `{service}` is the service's name,
 * `{alternatives}` the ways to pay that work right now (src/config/alternatives.ts),
 * `{until}` when the covering maintenance ends.
 */

/** For pay-later credit lines. */
export const CREDIT_ADVICE: Record<VerdictKind, VerdictTexts> = {
  maintenance: {
    title: { "zh-CN": "{service}正在计划维护中", en: "{service} is under scheduled maintenance" },
    advice: {
      "zh-CN": [
        "这是计划内的系统维护，不是你的账户问题。",
        "预计 {until} 结束，结束后再试即可。",
        "急需付款请暂时使用：{alternatives}。",
        "维护期间请勿反复尝试付款，以免重复扣款或触发风控。",
      ],
      en: [
        "This is planned maintenance, not a problem with your account.",
        "It is expected to end at {until}; try again after that.",
        "If you need to pay now, use {alternatives} meanwhile.",
        "Please don't retry the payment over and over during maintenance.",
      ],
    },
  },
  outage: {
    title: { "zh-CN": "{service}正在发生故障，不只是你", en: "{service} is having an outage: it's not just you" },
    advice: {
      "zh-CN": [
        "很多用户同时遇到了同样的问题，不是你的账户被限制。",
        "请不要反复重试付款，以免重复扣款；稍后再试。",
        "急需付款请改用：{alternatives}。",
        "留意 App 内公告和本页的更新，恢复后会第一时间更新。",
      ],
      en: [
        "Many people are seeing the same problem at once; your account has not been restricted.",
        "Don't retry the payment repeatedly (it risks duplicate charges); try again later.",
        "If you need to pay now, use {alternatives}.",
        "Watch the in-app notices and this page; we update it as soon as service recovers.",
      ],
    },
  },
  account_wave: {
    title: {
      "zh-CN": "很多账户同时被限制，这不是技术故障",
      en: "Many accounts are being restricted at once: this is not a technical outage",
    },
    advice: {
      "zh-CN": [
        "近期大量用户反映额度被降低、冻结或被风控拦截，通常是政策或风控模型调整造成的。",
        "查看 App 消息中心和{service}页面的通知，了解限制原因。",
        "通过 App 内的官方客服咨询或申诉，不要相信私下“提额”“解冻”的服务。",
        "可在中国人民银行征信中心查询个人信用报告，确认没有异常记录。",
        "需要付款请改用：{alternatives}。",
      ],
      en: [
        "Many people report lowered limits, freezes or risk-control blocks right now; this usually follows a policy or risk-model change.",
        "Check the in-app message centre and the {service} page for notices about the restriction.",
        "Ask or appeal through official support in the app; never trust offers to 'raise' or 'unfreeze' your limit.",
        "You can check your credit report at the PBOC Credit Reference Center to make sure nothing is wrong.",
        "To pay now, use {alternatives}.",
      ],
    },
  },
  individual: {
    title: {
      "zh-CN": "目前没有大范围故障，可能是你的账户或商户的问题",
      en: "No widespread problem right now: it is likely your account or the merchant",
    },
    advice: {
      "zh-CN": [
        "查看 App 消息中心，额度调整、冻结或风控提示通常会在那里说明原因。",
        "如有逾期账单，请先还清，额度通常会在还款后逐步恢复。",
        "部分商户或场景不支持{service}，可换一个商户或支付方式再试。",
        "通过 App 内的官方客服咨询；可在中国人民银行征信中心查询个人信用报告。",
        "需要付款请改用：{alternatives}。",
      ],
      en: [
        "Check the in-app message centre: limit changes, freezes and risk warnings usually explain themselves there.",
        "If a bill is overdue, repay it first; limits usually recover after repayment.",
        "Some merchants and scenarios don't accept {service}; try another merchant or payment method.",
        "Ask official support in the app; you can check your credit report at the PBOC Credit Reference Center.",
        "To pay now, use {alternatives}.",
      ],
    },
  },
  unconfirmed: {
    title: { "zh-CN": "暂未确认大范围故障", en: "No widespread problem confirmed (yet)" },
    advice: {
      "zh-CN": [
        "目前只有少数人反映类似问题，我们正在持续观察；如果很多人同时报告，本页会自动更新。",
        "先检查网络，退出 App 重新打开，或更新到最新版本。",
        "稍等几分钟再试，请不要连续多次付款。",
        "急需付款请改用：{alternatives}。",
      ],
      en: [
        "Only a few people report something similar so far; we keep watching, and this page updates itself if many do.",
        "Check your connection, restart the app or update it to the latest version.",
        "Wait a few minutes before trying again, and don't pay several times in a row.",
        "If you need to pay now, use {alternatives}.",
      ],
    },
  },
};

/** For wallets and bank apps. */
export const WALLET_ADVICE: Record<VerdictKind, VerdictTexts> = {
  maintenance: CREDIT_ADVICE.maintenance,
  outage: CREDIT_ADVICE.outage,
  account_wave: {
    title: {
      "zh-CN": "很多账户同时被限制，这不是技术故障",
      en: "Many accounts are being restricted at once: this is not a technical outage",
    },
    advice: {
      "zh-CN": [
        "近期大量用户反映账户被限制、需要验证身份或付款被风控拦截，通常是安全策略调整造成的。",
        "查看{service} App 内的消息和安全中心，按提示在官方 App 内完成验证。",
        "通过 App 内的官方客服咨询或申诉；任何索要验证码、要求转账“解冻”的都是诈骗。",
        "需要付款请改用：{alternatives}。",
      ],
      en: [
        "Many people report restrictions, identity checks or risk-control blocks right now; this usually follows a change of security policy.",
        "Check the messages and security centre in the {service} app and complete any check inside the official app.",
        "Ask or appeal through official support in the app; anyone asking for your code or a transfer to 'unfreeze' the account is a scammer.",
        "To pay now, use {alternatives}.",
      ],
    },
  },
  individual: {
    title: {
      "zh-CN": "目前没有大范围故障，可能是你的账户、银行卡或商户的问题",
      en: "No widespread problem right now: it is likely your account, your card or the merchant",
    },
    advice: {
      "zh-CN": [
        "查看 App 内的消息和账单详情，限制、限额和风控提示通常会说明原因。",
        "银行卡扣款失败时，换一张卡或改用余额付款，必要时联系发卡银行。",
        "部分商户或场景不支持{service}，可换一个商户或支付方式再试。",
        "通过 App 内的官方客服咨询；不要相信陌生来电和链接。",
        "需要付款请改用：{alternatives}。",
      ],
      en: [
        "Check the app's messages and the payment details: restrictions, limits and risk warnings usually explain themselves there.",
        "If the bank card was declined, try another card or your balance, or ask the issuing bank.",
        "Some merchants and scenarios don't accept {service}; try another merchant or payment method.",
        "Ask official support in the app; don't trust unknown callers or links.",
        "To pay now, use {alternatives}.",
      ],
    },
  },
  unconfirmed: CREDIT_ADVICE.unconfirmed,
};
