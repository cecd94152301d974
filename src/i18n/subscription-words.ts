import type { Channel } from "../domain/subscriptions";
import type { Locale } from "./locale";

/** The words of subscriptions (issue 17): the sign-up form and the confirm, manage and unsubscribe pages. */
export interface SubscriptionWords {
  /** The form. */
  heading: string;
  aboutService: (service: string) => string;
  aboutIncident: string;
  aboutComponent: (component: string) => string;
  emailLabel: string;
  languageLabel: string;
  localeNames: Record<Locale, string>;
  someComponents: string;
  button: string;
  consent: string;
  privacyLink: string;
  /** After signing up. */
  checkTitle: string;
  checkBody: (channel: Channel, hours: number) => string;
  activeTitle: string;
  activeBody: string;
  back: string;
  /** Form errors. */
  errorSummary: string;
  errors: {
    address: string;
    components: string;
    incident: string;
    locale: string;
    general: string;
    rateLimited: string;
    unavailable: string;
  };
  crossSiteTitle: string;
  crossSiteBody: string;
  /** Confirming. */
  confirmTitle: string;
  confirmBody: string;
  confirmButton: string;
  confirmed: string;
  /** Links that do not work. */
  invalidTitle: string;
  invalidBody: string;
  expiredTitle: string;
  expiredBody: (hours: number) => string;
  replacedTitle: string;
  replacedBody: string;
  goneTitle: string;
  goneBody: string;
  subscribeAgain: string;
  /** Managing. */
  manageTitle: string;
  channelLine: (channel: string) => string;
  channelNames: Record<Channel, string>;
  followsHeading: string;
  wholeService: (service: string) => string;
  componentsLine: (names: string) => string;
  incidentsLine: (names: string) => string;
  changeHeading: string;
  scopeWhole: (service: string) => string;
  scopeChosen: string;
  componentsLegend: string;
  incidentsLegend: string;
  save: string;
  saved: string;
  nothingChosen: string;
  unsubscribeHeading: string;
  unsubscribeDetail: string;
  unsubscribeButton: string;
  unsubscribedTitle: string;
  unsubscribedBody: string;
  list: string;
}

const zh: SubscriptionWords = {
  heading: "恢复时通知我",
  aboutService: (service) => `${service}出现故障、开始或结束维护、恢复正常时，发邮件告诉你。`,
  aboutIncident: "这次事件有新进展或恢复时，发邮件告诉你。",
  aboutComponent: (component) => `${component}出现故障或恢复正常时，发邮件告诉你。`,
  emailLabel: "邮箱",
  languageLabel: "通知语言",
  localeNames: { "zh-CN": "简体中文", en: "English" },
  someComponents: "只关注部分功能（都不选即全部）",
  button: "通知我",
  consent: "邮箱只用于发送这些通知：先发一封确认邮件，点链接确认后才开始；随时可退订。",
  privacyLink: "隐私说明",
  checkTitle: "请查收确认消息",
  checkBody: (channel, hours) =>
    `${channel === "email" ? "如果这个邮箱还没有确认订阅，我们会给它发一封确认邮件" : "如果这个群机器人还没有确认订阅，我们会在群里发一条确认消息"}（同一地址每小时最多一封）。点其中的链接确认后才开始通知；${hours} 小时内没有确认，这次登记会被删除。`,
  activeTitle: "已订阅",
  activeBody: "有变化时会通知你。",
  back: "返回",
  errorSummary: "请修改以下内容：",
  errors: {
    address: "请填写正确的邮箱地址。",
    components: "请选择本服务的功能。",
    incident: "这个事件不存在或已不公开。",
    locale: "请选择通知语言。",
    general: "暂时无法登记，请检查后重试。",
    rateLimited: "你的网络提交太频繁，请稍后再试。",
    unavailable: "暂时无法登记，请稍后再试。",
  },
  crossSiteTitle: "这个请求来自其他网站，没有登记",
  crossSiteBody: "为了防止别的网站替访客订阅，本站只接受从本站页面提交的订阅。如果你想订阅，请在本站的表单里填写。",
  confirmTitle: "确认订阅",
  confirmBody: "点下面的按钮确认订阅。确认后，有变化时我们才会通知你。",
  confirmButton: "确认订阅",
  confirmed: "已确认订阅：有变化时会通知你。",
  invalidTitle: "链接无效",
  invalidBody: "这个链接不完整或有误。请直接打开消息里的原始链接。",
  expiredTitle: "链接已过期",
  expiredBody: (hours) => `确认链接 ${hours} 小时内有效。过期未确认的登记会被删除，请重新订阅。`,
  replacedTitle: "这个链接已被新的链接取代",
  replacedBody: "之后我们又发过一次确认，请使用最新一条消息里的链接。",
  goneTitle: "这个订阅已不存在",
  goneBody: "它可能已被退订，或因未确认而删除。你可以在状态页重新订阅。",
  subscribeAgain: "重新订阅",
  manageTitle: "管理订阅",
  channelLine: (channel) => `通知方式：${channel}`,
  channelNames: {
    email: "邮件",
    push: "浏览器推送",
    wecom: "企业微信群机器人",
    dingtalk: "钉钉群机器人",
    feishu: "飞书群机器人",
    slack: "Slack",
  },
  followsHeading: "你关注的",
  wholeService: (service) => `${service}的全部：所有功能的故障、维护和恢复`,
  componentsLine: (names) => `功能：${names}`,
  incidentsLine: (names) => `事件：${names}`,
  changeHeading: "修改",
  scopeWhole: (service) => `关注${service}的全部`,
  scopeChosen: "只关注下面选中的",
  componentsLegend: "功能",
  incidentsLegend: "事件",
  save: "保存",
  saved: "已保存。",
  nothingChosen: "请至少选择一项，或者退订。",
  unsubscribeHeading: "退订",
  unsubscribeDetail: "退订后，这个地址和与它有关的所有记录都会立即删除。",
  unsubscribeButton: "退订",
  unsubscribedTitle: "已退订",
  unsubscribedBody: "这个地址和与它有关的记录都已删除，不会再收到通知。",
  list: "、",
};

const en: SubscriptionWords = {
  heading: "Tell me when it's fixed",
  aboutService: (service) =>
    `An e-mail when ${service} has an outage, when maintenance starts or ends, and when it works again.`,
  aboutIncident: "An e-mail when this incident is updated and when it is over.",
  aboutComponent: (component) => `An e-mail when ${component} has an outage and when it works again.`,
  emailLabel: "E-mail address",
  languageLabel: "Language of the messages",
  localeNames: { "zh-CN": "简体中文", en: "English" },
  someComponents: "Only some features (none checked: all)",
  button: "Notify me",
  consent:
    "Used only to send these notices: first a confirmation, nothing more until you follow its link. Unsubscribe any time.",
  privacyLink: "Privacy",
  checkTitle: "Check your inbox",
  checkBody: (channel, hours) =>
    `${channel === "email" ? "If this address has not confirmed yet, a confirmation e-mail is on its way" : "If this robot has not confirmed yet, a confirmation message is on its way to the group"} (at most one an hour per address). Notices start once you follow its link; a sign-up not confirmed within ${hours} hours is deleted.`,
  activeTitle: "Subscribed",
  activeBody: "You will be told when something changes.",
  back: "Back",
  errorSummary: "Please fix the following:",
  errors: {
    address: "Enter a valid e-mail address.",
    components: "Choose features of this service.",
    incident: "This incident does not exist or is no longer public.",
    locale: "Choose the language of the messages.",
    general: "Could not sign you up; please check and try again.",
    rateLimited: "Too many submissions from your network; please try again shortly.",
    unavailable: "Could not sign you up right now; please try again shortly.",
  },
  crossSiteTitle: "This request came from another website: nothing was signed up",
  crossSiteBody:
    "So that no other site can sign its visitors up, this site only takes sign-ups from its own pages. If you want to subscribe, please use the form here.",
  confirmTitle: "Confirm your subscription",
  confirmBody: "Press the button to confirm. Only then will we tell you when something changes.",
  confirmButton: "Confirm",
  confirmed: "Confirmed: you will be told when something changes.",
  invalidTitle: "This link does not work",
  invalidBody: "The link is incomplete or wrong. Please open the link in the message itself.",
  expiredTitle: "This link has expired",
  expiredBody: (hours) =>
    `Confirmation links work for ${hours} hours; a sign-up not confirmed in time is deleted. Please subscribe again.`,
  replacedTitle: "This link was replaced by a newer one",
  replacedBody: "We sent another confirmation since; please use the link in the latest message.",
  goneTitle: "This subscription no longer exists",
  goneBody:
    "It was unsubscribed, or deleted because it was never confirmed. You can subscribe again on the status page.",
  subscribeAgain: "Subscribe again",
  manageTitle: "Manage your subscription",
  channelLine: (channel) => `Sent by: ${channel}`,
  channelNames: {
    email: "E-mail",
    push: "Browser push",
    wecom: "WeCom group robot",
    dingtalk: "DingTalk group robot",
    feishu: "Feishu (Lark) group robot",
    slack: "Slack",
  },
  followsHeading: "What you follow",
  wholeService: (service) => `All of ${service}: outages, maintenance and recoveries of every feature`,
  componentsLine: (names) => `Features: ${names}`,
  incidentsLine: (names) => `Incidents: ${names}`,
  changeHeading: "Change",
  scopeWhole: (service) => `All of ${service}`,
  scopeChosen: "Only what is checked below",
  componentsLegend: "Features",
  incidentsLegend: "Incidents",
  save: "Save",
  saved: "Saved.",
  nothingChosen: "Choose at least one, or unsubscribe.",
  unsubscribeHeading: "Unsubscribe",
  unsubscribeDetail: "Unsubscribing deletes this address and everything kept about it, at once.",
  unsubscribeButton: "Unsubscribe",
  unsubscribedTitle: "Unsubscribed",
  unsubscribedBody: "This address and everything about it are deleted; no more notices will come.",
  list: ", ",
};

export function subscriptionWords(locale: Locale): SubscriptionWords {
  return locale === "en" ? en : zh;
}
