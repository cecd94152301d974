import type { Localized } from "../i18n/locale";
import { PROFILE_ADVICE, REPAYMENT_ADVICE } from "./advice";
import { SYMPTOM_SETS } from "./symptom-profiles";
import type { Alternative, ServiceConfig, SupportChannel } from "./types";

/** A component or group a preset creates when an operator enables it (names and descriptions in both languages). */
export interface ComponentSeed {
  id: string;
  name: Localized;
  description?: Localized;
  group?: string;
}

export interface GroupSeed {
  id: string;
  name: Localized;
}

export interface Preset {
  config: ServiceConfig;
  groups: GroupSeed[];
  components: ComponentSeed[];
}

const TIME_ZONE = "Asia/Shanghai";

const bankCard: Alternative = { name: { "zh-CN": "银行卡（借记卡或信用卡）", en: "a bank debit or credit card" } };
const phoneWallet: Alternative = {
  name: { "zh-CN": "Apple Pay 等手机闪付", en: "Apple Pay or another phone wallet" },
};

const creditReport: SupportChannel = {
  name: { "zh-CN": "个人信用报告", en: "Your credit report" },
  detail: {
    "zh-CN": "中国人民银行征信中心，可免费查询；也可通过部分银行 App 查询",
    en: "The PBOC Credit Reference Center, free of charge; some bank apps also show it",
  },
  url: "https://www.pbccrc.org.cn/",
};

const antiFraud: SupportChannel = {
  name: { "zh-CN": "防范诈骗", en: "Avoiding scams" },
  detail: {
    "zh-CN": "官方客服不会索要验证码、密码，也不会让你转账“解冻”或“提额”；遇到可疑情况拨打 96110 反诈专线",
    en: "Official support never asks for codes or passwords, or for a transfer to 'unfreeze' or 'raise' anything; report suspected fraud to the 96110 anti-fraud line",
  },
};

function support(app: Localized, hotline?: string): SupportChannel[] {
  const official: SupportChannel = {
    name: { "zh-CN": "官方客服", en: "Official support" },
    detail: hotline ? { "zh-CN": `${app["zh-CN"]}；客服热线 ${hotline}`, en: `${app.en}; hotline ${hotline}` } : app,
  };
  return [official];
}

const huabei: Preset = {
  config: {
    id: "huabei",
    name: { "zh-CN": "花呗", en: "Huabei" },
    pageTitle: { "zh-CN": "花呗服务状态", en: "Huabei service status" },
    timeZone: TIME_ZONE,
    symptomProfile: "credit",
    symptoms: SYMPTOM_SETS.credit,
    ...PROFILE_ADVICE.credit,
    componentAdvice: { repayment: { advice: REPAYMENT_ADVICE, payAnotherWay: false } },
    support: [
      ...support({ "zh-CN": "支付宝 App「我的 → 客服中心」", en: "Alipay app: Me → Customer service" }, "95188"),
      creditReport,
      antiFraud,
    ],
    alternatives: [
      { service: "wechat-pay" },
      { service: "unionpay" },
      { service: "jd-pay" },
      bankCard,
      { name: { "zh-CN": "支付宝余额或余额宝", en: "your Alipay balance or Yu'e Bao" } },
      phoneWallet,
    ],
  },
  // The rows of migrations/0001 (a fresh database has them already).
  groups: [
    { id: "payments", name: { "zh-CN": "支付", en: "Payments" } },
    { id: "account", name: { "zh-CN": "账户与App", en: "Account & app" } },
  ],
  components: [
    {
      id: "online-pay",
      name: { "zh-CN": "线上支付", en: "Online checkout" },
      description: {
        "zh-CN": "在淘宝、天猫等网店和App内用花呗付款",
        en: "Paying with the service in online shops and apps",
      },
      group: "payments",
    },
    {
      id: "offline-pay",
      name: { "zh-CN": "线下扫码支付", en: "In-store QR payment" },
      description: {
        "zh-CN": "在实体店扫码或出示付款码用花呗付款",
        en: "Paying in stores by scanning or showing a QR code",
      },
      group: "payments",
    },
    {
      id: "repayment",
      name: { "zh-CN": "还款", en: "Repayment" },
      description: { "zh-CN": "按时还款、提前还款与自动还款", en: "Repaying bills, early and automatic repayment" },
      group: "payments",
    },
    {
      id: "credit-account",
      name: { "zh-CN": "额度与账单", en: "Credit line & bills" },
      description: { "zh-CN": "查看额度、账单与分期", en: "Credit line, bills and instalments" },
      group: "account",
    },
    {
      id: "app-login",
      name: { "zh-CN": "登录与App", en: "Login & app" },
      description: { "zh-CN": "登录、打开App与花呗页面", en: "Signing in and opening the app" },
      group: "account",
    },
  ],
};

/** The usual five components of a wallet, ids prefixed with the service's id. */
function walletComponents(id: string, extra: Partial<Record<"pay" | "online", Localized>> = {}): Preset["components"] {
  return [
    {
      id: `${id}-pay`,
      name: { "zh-CN": "扫码与付款码", en: "QR and in-store payment" },
      description: extra.pay,
      group: `${id}-payments`,
    },
    {
      id: `${id}-online`,
      name: { "zh-CN": "线上支付", en: "Online checkout" },
      description: extra.online,
      group: `${id}-payments`,
    },
    { id: `${id}-transfer`, name: { "zh-CN": "转账", en: "Transfers" }, group: `${id}-payments` },
    {
      id: `${id}-cards`,
      name: { "zh-CN": "银行卡与余额", en: "Cards and balance" },
      description: { "zh-CN": "绑卡、充值与提现", en: "Linking cards, top-ups and withdrawals" },
      group: `${id}-account`,
    },
    { id: `${id}-app`, name: { "zh-CN": "登录与App", en: "Login & app" }, group: `${id}-account` },
  ];
}

function walletGroups(id: string): GroupSeed[] {
  return [
    { id: `${id}-payments`, name: { "zh-CN": "支付", en: "Payments" } },
    { id: `${id}-account`, name: { "zh-CN": "账户与App", en: "Account & app" } },
  ];
}

const alipay: Preset = {
  config: {
    id: "alipay",
    name: { "zh-CN": "支付宝", en: "Alipay" },
    pageTitle: { "zh-CN": "支付宝服务状态", en: "Alipay service status" },
    timeZone: TIME_ZONE,
    symptomProfile: "wallet",
    symptoms: SYMPTOM_SETS.wallet,
    ...PROFILE_ADVICE.wallet,
    componentAdvice: {},
    support: [
      ...support({ "zh-CN": "支付宝 App「我的 → 客服中心」", en: "Alipay app: Me → Customer service" }, "95188"),
      antiFraud,
    ],
    alternatives: [{ service: "wechat-pay" }, { service: "unionpay" }, bankCard, phoneWallet],
  },
  groups: walletGroups("alipay"),
  components: walletComponents("alipay"),
};

const wechatPay: Preset = {
  config: {
    id: "wechat-pay",
    name: { "zh-CN": "微信支付", en: "WeChat Pay" },
    pageTitle: { "zh-CN": "微信支付服务状态", en: "WeChat Pay service status" },
    timeZone: TIME_ZONE,
    symptomProfile: "wallet",
    symptoms: SYMPTOM_SETS.wallet,
    ...PROFILE_ADVICE.wallet,
    componentAdvice: {},
    support: [
      ...support(
        { "zh-CN": "微信「我 → 服务 → 钱包 → 帮助中心」", en: "WeChat: Me → Services → Wallet → Help" },
        "95017",
      ),
      antiFraud,
    ],
    alternatives: [{ service: "alipay" }, { service: "unionpay" }, bankCard, phoneWallet],
  },
  groups: walletGroups("wechat-pay"),
  components: walletComponents("wechat-pay", {
    online: { "zh-CN": "App 内与小程序支付", en: "In apps and mini programs" },
  }),
};

const unionpay: Preset = {
  config: {
    id: "unionpay",
    name: { "zh-CN": "云闪付", en: "UnionPay QuickPass" },
    pageTitle: { "zh-CN": "云闪付服务状态", en: "UnionPay QuickPass service status" },
    timeZone: TIME_ZONE,
    symptomProfile: "wallet",
    symptoms: SYMPTOM_SETS.wallet,
    ...PROFILE_ADVICE.wallet,
    componentAdvice: {},
    support: [
      ...support({ "zh-CN": "云闪付 App「我的 → 客服」", en: "UnionPay app: Me → Customer service" }, "95516"),
      antiFraud,
    ],
    alternatives: [{ service: "wechat-pay" }, { service: "alipay" }, bankCard, phoneWallet],
  },
  groups: walletGroups("unionpay"),
  components: walletComponents("unionpay", {
    pay: { "zh-CN": "扫码支付与手机闪付（NFC）", en: "QR payment and tap to pay (NFC)" },
  }),
};

const jdPay: Preset = {
  config: {
    id: "jd-pay",
    name: { "zh-CN": "京东支付/白条", en: "JD Pay / Baitiao" },
    pageTitle: { "zh-CN": "京东支付与白条服务状态", en: "JD Pay and Baitiao service status" },
    timeZone: TIME_ZONE,
    symptomProfile: "credit",
    symptoms: SYMPTOM_SETS.credit,
    ...PROFILE_ADVICE.credit,
    componentAdvice: { "jd-pay-repayment": { advice: REPAYMENT_ADVICE, payAnotherWay: false } },
    support: [
      ...support({
        "zh-CN": "京东金融 App「我的 → 客服」（热线以 App 内显示为准）",
        en: "JD Finance app: Me → Customer service (use the hotline the app shows)",
      }),
      creditReport,
      antiFraud,
    ],
    alternatives: [
      { service: "wechat-pay" },
      { service: "alipay" },
      { service: "unionpay" },
      bankCard,
      {
        name: { "zh-CN": "京东支付绑定的银行卡或小金库", en: "a card linked to JD Pay, or your JD Xiaojinku balance" },
      },
      phoneWallet,
    ],
  },
  groups: [
    { id: "jd-pay-payments", name: { "zh-CN": "支付", en: "Payments" } },
    { id: "jd-pay-account", name: { "zh-CN": "白条账户", en: "Baitiao account" } },
  ],
  components: [
    { id: "jd-pay-online", name: { "zh-CN": "京东支付", en: "JD Pay checkout" }, group: "jd-pay-payments" },
    { id: "jd-pay-baitiao", name: { "zh-CN": "白条付款", en: "Paying with Baitiao" }, group: "jd-pay-payments" },
    { id: "jd-pay-repayment", name: { "zh-CN": "白条还款", en: "Baitiao repayment" }, group: "jd-pay-payments" },
    { id: "jd-pay-credit", name: { "zh-CN": "额度与账单", en: "Credit line & bills" }, group: "jd-pay-account" },
    { id: "jd-pay-app", name: { "zh-CN": "登录与App", en: "Login & app" }, group: "jd-pay-account" },
  ],
};

/** The built-in services, by id. Huabei is the default (SERVICE_ID). */
export const PRESETS: Readonly<Record<string, Preset>> = {
  huabei,
  alipay,
  "wechat-pay": wechatPay,
  unionpay,
  "jd-pay": jdPay,
};

export const PRESET_IDS = Object.keys(PRESETS);
