import type { VerdictKind } from "../domain/symptoms";
import type { Locale } from "../i18n/locale";
import type { VerdictTexts } from "./types";

/**
 * Built-in advice. A verdict says three things in this order: the situation
 * (per verdict kind, below: only what is true for everyone, never a claim
 * about the reader's own account), the personal reading (the symptom's own
 * advice in src/config/symptom-profiles.ts, the account lines, the component's
 * lines) and the alternatives. `{service}` is the service's name, `{until}` when
 * the covering maintenance ends (a line with `{until}` is replaced by "not yet
 * announced" when nobody said), `{support}` the service's first support channel.
 */

type Lines = Record<Locale, string[]>;

/** What one symptom profile brings besides its symptoms. */
export interface ProfileAdvice {
  advice: Record<VerdictKind, VerdictTexts>;
  accountAdvice: Lines;
  nothingWorks: Lines;
  beReady: Lines;
}

const maintenance: VerdictTexts = {
  title: { "zh-CN": "{service}正在进行计划内维护", en: "{service} is under scheduled maintenance" },
  advice: {
    "zh-CN": [
      "这是计划内的系统维护，影响所有用户。",
      "预计 {until} 结束，结束后再试即可。",
      "维护期间请勿反复尝试付款。",
    ],
    en: [
      "This is planned maintenance; it affects everyone.",
      "It is expected to end at {until}; try again after that.",
      "Please don't retry the payment over and over during maintenance.",
    ],
  },
};

const outage: VerdictTexts = {
  title: { "zh-CN": "{service}正在发生故障，不只是你", en: "{service} is having an outage: it's not just you" },
  advice: {
    "zh-CN": [
      "很多用户同时遇到了同样的问题，这是{service}的故障。",
      "请不要反复重试付款，以免重复扣款；稍后再试。",
      "留意 App 内公告和本页的更新，恢复后本页会更新。",
    ],
    en: [
      "Many people are seeing the same problem at once: {service} is failing.",
      "Don't retry the payment repeatedly (it risks duplicate charges); try again later.",
      "Watch the in-app notices and this page; it changes as soon as service recovers.",
    ],
  },
};

const unconfirmed: VerdictTexts = {
  title: { "zh-CN": "暂未确认大范围故障", en: "No widespread problem confirmed (yet)" },
  advice: {
    "zh-CN": [
      "目前只有少数人反映类似问题，也没有进行中的故障或维护；我们在持续观察。",
      "稍等几分钟再试，请不要连续多次付款。",
      "稍后可重新打开本页，查看最新的判断。",
    ],
    en: [
      "Only a few people report something similar, and nothing is going on right now; we keep watching.",
      "Wait a few minutes before trying again, and don't pay several times in a row.",
      "Open this page again later to see the latest reading.",
    ],
  },
};

/** Many people cannot pay some merchants or categories at once: the service restricted them (both profiles). */
const merchantRestriction: VerdictTexts = {
  title: {
    "zh-CN": "{service}限制了部分商户或消费类别，不是你的账户的问题",
    en: "{service} has restricted some merchants or categories: it is not your account",
  },
  advice: {
    "zh-CN": [
      "很多人同时反映在某些商户或某类消费无法使用{service}，通常是服务方调整了支持的商户或消费场景；系统本身在正常运行，你的账户没有问题。",
      "这笔付款请换用其他方式，例如银行卡、其他钱包或现金；在其他商户仍可照常使用。",
      "查看 App 内公告或{service}页面，了解受限的商户和类别。",
    ],
    en: [
      "Many people report at once that {service} cannot be used at some merchants or for some kinds of purchase; the service has most likely changed which merchants or categories it supports. The systems work, and your account is fine.",
      "Pay this one another way, for example by bank card, another wallet or cash; other merchants still work as usual.",
      "Check the in-app notices or the {service} page for which merchants and categories are restricted.",
    ],
  },
};

/** For pay-later credit lines (Huabei, JD Baitiao). */
export const CREDIT_ADVICE: Record<VerdictKind, VerdictTexts> = {
  maintenance,
  outage,
  account_wave: {
    title: {
      "zh-CN": "很多账户同时被限制，这不是技术故障",
      en: "Many accounts are being restricted at once: this is not a technical outage",
    },
    advice: {
      "zh-CN": [
        "近期大量用户反映额度被降低、冻结或被风控拦截，通常是政策或风控模型调整造成的；系统本身在正常运行。",
        "查看 App 消息中心和{service}页面的通知，了解限制的原因。",
        "这种时候骗子最活跃：不要相信私下“提额”“解冻”的服务。",
      ],
      en: [
        "Many people report lowered limits, freezes or risk-control blocks right now; this usually follows a policy or risk-model change, and the systems themselves work.",
        "Check the in-app message centre and the {service} page for notices about the restriction.",
        "Scammers are busiest now: never trust private offers to 'raise' or 'unfreeze' a limit.",
      ],
    },
  },
  merchant_restriction: merchantRestriction,
  individual: {
    title: {
      "zh-CN": "目前没有大范围故障，可能是你的账户的问题",
      en: "No widespread problem right now: it is likely your account",
    },
    advice: {
      "zh-CN": ["目前没有进行中的故障或维护，其他用户也没有同时报告类似问题。"],
      en: ["Nothing is going on right now, and other people are not reporting something similar."],
    },
  },
  unconfirmed,
};

/** For wallets and bank apps (Alipay, WeChat Pay, UnionPay QuickPass). */
export const WALLET_ADVICE: Record<VerdictKind, VerdictTexts> = {
  maintenance,
  outage,
  account_wave: {
    title: CREDIT_ADVICE.account_wave.title,
    advice: {
      "zh-CN": [
        "近期大量用户反映账户被限制、需要验证身份或付款被风控拦截，通常是安全策略调整造成的；系统本身在正常运行。",
        "查看{service} App 内的消息和安全中心，了解限制的原因。",
        "这种时候骗子最活跃：任何索要验证码、要求转账“解冻”的都是诈骗。",
      ],
      en: [
        "Many people report restrictions, identity checks or risk-control blocks right now; this usually follows a change of security policy, and the systems themselves work.",
        "Check the messages and security centre in the {service} app for the reason.",
        "Scammers are busiest now: anyone asking for your code or a transfer to 'unfreeze' the account is a scammer.",
      ],
    },
  },
  merchant_restriction: merchantRestriction,
  individual: {
    title: {
      "zh-CN": "目前没有大范围故障，可能是你的账户或银行卡的问题",
      en: "No widespread problem right now: it is likely your account or your card",
    },
    advice: CREDIT_ADVICE.individual.advice,
  },
  unconfirmed,
};

const SCAM_WARNING: Record<Locale, string> = {
  "zh-CN": "谨防诈骗：自称客服要求你转账、提供验证码或共享屏幕的都是骗子；“解冻”“提额”“消除征信记录”的服务都是骗局。",
  en: "Beware of scams: anyone claiming to be support who asks for a transfer, a verification code or screen sharing is a scammer; services to 'unfreeze', 'raise a limit' or 'erase credit records' are all frauds.",
};

const CREDIT_ACCOUNT_ADVICE: Lines = {
  "zh-CN": [
    "查看 App 消息中心：额度、冻结和风控的通知通常会说明原因。",
    "有疑问只通过官方渠道咨询：{support}。",
    SCAM_WARNING["zh-CN"],
    "想确认信用记录，可在中国人民银行征信中心官网（www.pbccrc.org.cn）或部分银行 App 免费查询个人信用报告。",
  ],
  en: [
    "Check the in-app message centre: notices about limits, freezes and risk control usually give the reason.",
    "Ask only through official channels: {support}.",
    SCAM_WARNING.en,
    "To check your credit record, get your credit report free from the PBOC Credit Reference Center's website (www.pbccrc.org.cn) or from some bank apps.",
  ],
};

const WALLET_ACCOUNT_ADVICE: Lines = {
  "zh-CN": [
    "查看 App 内的消息和安全中心：限制和风控的通知通常会说明原因。",
    "有疑问只通过官方渠道咨询：{support}。",
    SCAM_WARNING["zh-CN"],
  ],
  en: [
    "Check the app's messages and security centre: notices about restrictions and risk control usually give the reason.",
    "Ask only through official channels: {support}.",
    SCAM_WARNING.en,
  ],
};

const NOTHING_WORKS: Lines = {
  "zh-CN": [
    "检查网络：在 Wi-Fi 和移动数据之间切换一次再试。",
    "把 App 更新到最新版本，或退出后重新打开；仍不行就重启手机。",
    "换一个 App 或另一部手机试试付款。",
  ],
  en: [
    "Check the connection: switch between Wi-Fi and mobile data and try again.",
    "Update the app to the latest version, or close and reopen it; restart the phone if that does not help.",
    "Try paying from another app or another phone.",
  ],
};

const BE_READY: Lines = {
  "zh-CN": [
    "常备不止一种付款方式，比如另一家的钱包和一张银行卡。",
    "大额消费提前规划，不要等到最后一刻才付款。",
    "不时查看自己的个人信用报告。",
    "远离“套现”等违规用法，它们会让账户被限制。",
  ],
  en: [
    "Keep more than one way to pay, such as another wallet and a bank card.",
    "Plan large purchases ahead instead of paying at the last minute.",
    "Check your credit report now and then.",
    "Stay away from cash-out schemes; they get accounts restricted.",
  ],
};

export const PROFILE_ADVICE: Record<"credit" | "wallet", ProfileAdvice> = {
  credit: {
    advice: CREDIT_ADVICE,
    accountAdvice: CREDIT_ACCOUNT_ADVICE,
    nothingWorks: NOTHING_WORKS,
    beReady: BE_READY,
  },
  wallet: {
    advice: WALLET_ADVICE,
    accountAdvice: WALLET_ACCOUNT_ADVICE,
    nothingWorks: NOTHING_WORKS,
    beReady: BE_READY,
  },
};

/** Repaying is not paying: what to do when a repayment fails (keep proof, another channel, ask about the due date). */
export const REPAYMENT_ADVICE: Lines = {
  "zh-CN": [
    "保留这次还款失败的截图或记录，作为按时还款的凭证。",
    "换一个还款渠道再试，比如换一张银行卡或用余额还款。",
    "已到或临近还款日时，尽快联系官方客服说明情况，询问是否会影响还款记录。",
    "不要通过任何第三方或他人“代还款”。",
  ],
  en: [
    "Keep a screenshot or record of the failed repayment as proof you tried on time.",
    "Try another repayment channel, such as another bank card or your balance.",
    "If the due date is today or close, contact official support now and ask whether your record is affected.",
    "Never repay through a third party or someone offering to 'repay for you'.",
  ],
};
