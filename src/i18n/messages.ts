import type { StatusIndicator } from "../domain/status";
import type { ComponentStatus, OtherMethodsWork, Platform, SymptomClass, VerdictKind } from "../domain/symptoms";
import type { Locale } from "./locale";
import { regionNames } from "./regions";

/** The banner's words: per overall indicator, and `degraded` when only slowness or occasional failures are known. */
/** `restriction`: what is open is only waves of restricted accounts (the systems work). */
export type BannerKey = StatusIndicator | "degraded" | "restriction";

/**
 * Every user-facing string of the pages, per language. Views take text from
 * here only; sentences with numbers are small functions so word order can
 * differ between languages.
 */
const zh = {
  langName: "中文",
  switchLanguage: "English",
  switchLanguageLabel: "Switch to English",
  switchLang: "en" as Locale,
  skipToContent: "跳到正文",
  nav: { status: "服务状态", report: "报告问题", history: "历史记录" },
  footer: {
    times: (tz: string) => `时间均为 ${tz} 时间。`,
    about: "本页汇总用户报告与自动探测，非官方页面；以 App 内公告为准。",
    api: "状态 API",
    how: "我们如何判断",
  },
  share: {
    heading: "分享本页",
    copy: "复制链接",
    copied: "链接已复制。",
    selectHint: "已选中链接，请长按或按 Ctrl+C 复制。",
  },
  statusWord: {
    operational: "运行正常",
    degraded_performance: "部分功能变慢或偶尔失败",
    partial_outage: "部分故障",
    major_outage: "重大故障",
    under_maintenance: "维护中",
  } satisfies Record<ComponentStatus, string>,
  banner: {
    none: "所有系统运行正常",
    minor: "部分功能出现问题",
    degraded: "部分功能变慢或偶尔失败",
    restriction: "很多账户同时被限制，系统运行正常",
    major: "部分功能出现故障",
    critical: "重大故障",
    maintenance: "维护中",
  } satisfies Record<BannerKey, string>,
  bannerDetail: {
    none: "目前没有已知的故障。如果你遇到问题，可能只是个别情况。",
    minor: "部分功能出现故障，其他功能正常，详情见下方。",
    degraded: "部分人可能遇到加载慢或付款偶尔失败，稍后重试通常可以成功；我们正在关注。",
    restriction:
      "近期大量用户的额度被降低、冻结或被风控拦截，通常是政策或风控调整，不是技术故障；详情见下方事件，原因以 App 内通知为准。",
    major: "部分功能出现故障，详情见下方事件。",
    critical: "多项功能无法使用，详情见下方事件。",
    maintenance: "部分功能正在计划维护。",
  } satisfies Record<BannerKey, string>,
  updatedAt: (time: string) => `更新于 ${time}`,
  components: "服务组件",
  reportCta: (service: string) => `${service}用不了？先看看是不是只有你`,
  reportCtaDetail: "告诉我们你看到的提示，马上告诉你是大范围故障、维护，还是账户的个别情况。",
  reportCtaButton: "报告问题",
  activeIncidents: "正在处理的事件",
  maintenance: "计划维护",
  maintenanceInProgress: "维护进行中",
  maintenanceUpcoming: "即将维护",
  maintenanceWindow: (from: string, to: string) => `${from} 至 ${to}`,
  affected: "受影响：",
  timeline: "处理进展",
  incidentStarted: (time: string) => `开始于 ${time}`,
  incidentResolvedAt: (time: string) => `已于 ${time} 解决`,
  viewIncident: "查看详情",
  detectedNote: "根据用户报告和自动探测自动发现",
  incidentStatus: {
    investigating: "正在调查",
    identified: "已确认原因",
    monitoring: "观察中",
    resolved: "已解决",
    postmortem: "事后复盘",
    scheduled: "已计划",
    in_progress: "进行中",
    verifying: "验证中",
    completed: "已完成",
    cancelled: "已取消",
  } as Record<string, string>,
  impact: { none: "无影响", minor: "轻微", major: "严重", critical: "重大", maintenance: "维护" } as Record<
    string,
    string
  >,
  uptime: {
    heading: "过去 90 天",
    ago: "90 天前",
    ago30: "30 天前",
    today: "今天",
    percent: (pct: string) => `可用率 ${pct}`,
    noData: "暂无数据",
    summary: (name: string, pct: string, badDays: number) =>
      `${name}：过去 90 天可用率 ${pct}，${badDays === 0 ? "没有异常的日子" : `${badDays} 天有异常`}。`,
    day: (day: string, pct: string, incidents: number) =>
      `${day}：可用率 ${pct}${incidents > 0 ? `，${incidents} 起事件` : "，无事件"}`,
    legend: "图例",
    legendOk: "正常",
    legendMinor: "轻微异常",
    legendPartial: "部分故障",
    legendMajor: "重大故障",
    legendMaint: "维护",
  },
  chart: {
    heading: "过去 24 小时的用户报告",
    explain: "每 5 分钟报告问题的人数（同一人只计一次），虚线为这个时段的通常水平。",
    technical: "打不开或付款失败",
    account: "账户或额度",
    other: "其他",
    usual: "通常水平",
    summary: (total: number, peak: number, peakAt: string, usual: string) =>
      total === 0
        ? `过去 24 小时没有人报告问题。通常每 5 分钟约 ${usual} 人。`
        : `过去 24 小时共 ${total} 人报告问题，高峰在 ${peakAt} 前后，5 分钟内 ${peak} 人；通常每 5 分钟约 ${usual} 人。`,
    axisNow: "现在",
    axisHoursAgo: (h: number) => `${h} 小时前`,
  },
  topSymptoms: { heading: "过去 1 小时最常见的问题", empty: "过去 1 小时没有报告。", people: (n: number) => `${n} 人` },
  regions: { heading: "过去 24 小时报告最多的地区", empty: "暂无带地区的报告。", people: (n: number) => `${n} 人` },
  map: {
    heading: "各地过去 1 小时的报告",
    explain:
      "每个方格是一个省级行政区，按大致地理位置排列；颜色比较过去 1 小时报告问题的人数和该地前 7 天同一时段的通常水平。",
    /** By level: no reporters, usual, above usual, far above usual. */
    levels: ["无报告", "正常水平", "偏多", "远高于平常"] as readonly string[],
    regional: "地区性故障",
    /** The word on a tile of a regional episode (small). */
    regionalTile: "故障",
    regionalNow: (names: string) => `地区性故障：${names}。`,
    caption: "各地过去 1 小时报告问题的人数",
    province: "地区",
    lastHour: "过去 1 小时",
    usual: "通常",
    state: "状态",
    tile: (name: string, state: string) => `${name}：${state}`,
    /** The provinces left out of the table: no reporters now, none usually. */
    others: (n: number, all: boolean) =>
      all
        ? "过去 1 小时各地都没有报告，平时这个时段也没有。"
        : `其余 ${n} 个地区过去 1 小时没有报告，平时这个时段也没有。`,
  },
  noIncidents: "目前没有正在处理的事件。",
  history: {
    title: "历史事件与维护",
    intro: "过去的事件和计划维护，按月份排列。",
    empty: "这个月没有事件。",
    noneAtAll: "还没有任何事件记录。",
    month: (year: number, month: number) => `${year} 年 ${month} 月`,
    older: "更早",
    newer: "更近",
    incident: "事件",
    maintenance: "维护",
    duration: (text: string) => `持续 ${text}`,
    back: "返回服务状态",
  },
  duration: (minutes: number) =>
    minutes < 60 ? `${minutes} 分钟` : `${Math.floor(minutes / 60)} 小时${minutes % 60 ? ` ${minutes % 60} 分钟` : ""}`,
  incidentPage: {
    components: "受影响的功能",
    updates: "处理进展",
    notFound: "找不到这个事件",
    notFoundDetail: "链接可能有误，或事件已被合并。",
    type: { incident: "事件", maintenance: "计划维护" } as Record<string, string>,
    scheduled: (window: string) => `计划时间：${window}`,
  },
  form: {
    title: "报告问题：是不是只有你？",
    intro: "选择出问题的功能和你看到的提示。我们不收集姓名、手机号或账号，也不保存 IP 地址。",
    component: "哪里出了问题？",
    symptom: "你看到了什么？",
    symptomClass: {
      technical: "打不开或付款失败",
      account: "账户或额度提示",
      merchant: "商户或商品",
      other: "其他",
    } satisfies Record<SymptomClass, string>,
    messageSeen: "App 里的原话（可选）",
    messageSeenHint: "照抄提示文字即可。请不要填写手机号、身份证号或银行卡号，我们会自动隐去。",
    region: "所在地区（可选）",
    regionNone: "不填写",
    platform: "使用的设备或入口（可选）",
    platformNone: "不填写",
    otherMethods: (examples: string) => (examples ? `其他付款方式（如${examples}）能用吗？` : "其他付款方式能用吗？"),
    submit: "提交并查看结果",
    submitting: "正在提交…",
    errorSummary: "提交失败，请检查下面标出的内容。",
    errors: {
      component: "请选择出问题的功能。",
      symptom: "请选择你看到的提示。",
      message_seen: "最多 500 个字。",
      region: "请从列表中选择地区。",
      platform: "请从列表中选择。",
      other_methods_work: "请选择一项。",
      occurred_at: "时间无效：只能报告过去 24 小时内的问题。",
      general: "暂时无法提交，请稍后再试。",
      rateLimited: "提交太频繁了，请稍后再试。",
    } as Record<string, string>,
    crossSite: {
      title: "这份报告来自其他网站，没有提交",
      body: "为了防止别的网站冒用访客提交虚假报告，本页只接受从本站表单提交的报告。如果你确实遇到了问题，请在本站重新填写。",
    },
  },
  seenPrefix: "App 显示：",
  platforms: {
    ios: "iPhone / iPad",
    android: "安卓手机",
    web: "网页",
    miniapp: "小程序",
    other: "其他",
  } satisfies Record<Platform, string>,
  otherMethods: { yes: "能用", no: "也不能用", unknown: "没试过" } satisfies Record<OtherMethodsWork, string>,
  regionNames: regionNames("zh-CN"),
  verdict: {
    pageTitle: "诊断结果",
    kindLabel: {
      outage: "大范围故障",
      maintenance: "计划维护",
      account_wave: "大量账户受限",
      merchant_restriction: "部分商户受限",
      individual: "个别情况",
      unconfirmed: "暂未确认",
    } satisfies Record<VerdictKind, string>,
    others: (n: number, component: string) =>
      n === 0
        ? `过去 15 分钟内，没有其他人报告“${component}”的问题。`
        : `过去 15 分钟内，另有 ${n} 人报告了“${component}”的问题。`,
    whatNow: "现在可以怎么做",
    yourReport: "你报告的是：",
    meaning: "这个提示通常意味着",
    alternatives: "现在可以改用",
    alternativeUnknown: "本站未监测",
    notRecommended: "暂不推荐",
    noAlternatives: "目前没有确认可用的其他付款方式。",
    support: "官方渠道与防骗提醒",
    relatedIncidents: "相关事件",
    backToStatus: "查看服务状态",
    reportAnother: "报告另一个问题",
    notFound: "找不到这条报告",
    notFoundDetail: "报告可能已超过保存期限而被删除。",
  },
  board: {
    title: "支付服务状态一览",
    intro: "各支付方式现在能不能用：用户报告与自动探测汇总。某个用不了时，看看现在可以改用哪个。",
    nav: "全部服务",
    reportsLastHour: (n: number, usual: number) => `过去 1 小时 ${n} 人报告（通常约 ${Math.round(usual)} 人）`,
    incidents: (n: number) => (n === 0 ? "没有进行中的事件" : `${n} 个进行中的事件`),
    canUse: "现在可以改用：",
    noneUsable: "暂无确认可用的替代方式",
    open: "查看详情",
  },
  notFoundTitle: "页面不存在",
};

export type Messages = typeof zh;

const en: Messages = {
  langName: "English",
  switchLanguage: "中文",
  switchLanguageLabel: "切换到中文",
  switchLang: "zh-CN",
  skipToContent: "Skip to content",
  nav: { status: "Status", report: "Report a problem", history: "History" },
  footer: {
    times: (tz: string) => `All times are ${tz} time.`,
    about:
      "This page combines user reports and automated checks; it is not an official page. In-app notices take precedence.",
    api: "Status API",
    how: "How we decide",
  },
  share: {
    heading: "Share this page",
    copy: "Copy link",
    copied: "Link copied.",
    selectHint: "The link is selected: long-press or press Ctrl+C to copy it.",
  },
  statusWord: {
    operational: "Operational",
    degraded_performance: "Some features slow or failing at times",
    partial_outage: "Partial outage",
    major_outage: "Major outage",
    under_maintenance: "Under maintenance",
  },
  banner: {
    none: "All systems operational",
    minor: "Some features are having problems",
    degraded: "Some features slow or failing at times",
    restriction: "Many accounts restricted at once; the systems work",
    major: "Some features are failing",
    critical: "Major outage",
    maintenance: "Under maintenance",
  },
  bannerDetail: {
    none: "No known problems right now. If something fails for you, it is likely individual.",
    minor: "Some features are failing while the rest work; see below.",
    degraded:
      "Some people may see slow loading or an occasional failed payment; trying again a little later usually works. We are watching.",
    restriction:
      "Many people's limits were lowered, frozen or blocked by risk control lately, usually after a policy or risk-control change, not a technical outage; see the incidents below, and the app's notices for the reason.",
    major: "Some features are failing; see the incidents below.",
    critical: "Several features are unavailable; see the incidents below.",
    maintenance: "Some features are under scheduled maintenance.",
  },
  updatedAt: (time) => `Updated ${time}`,
  components: "Components",
  reportCta: (service: string) => `${service} not working? Check whether it's just you`,
  reportCtaDetail:
    "Tell us what the app says and we'll tell you right away whether it's an outage, maintenance, or your account.",
  reportCtaButton: "Report a problem",
  activeIncidents: "Active incidents",
  maintenance: "Scheduled maintenance",
  maintenanceInProgress: "In progress",
  maintenanceUpcoming: "Upcoming",
  maintenanceWindow: (from, to) => `${from} to ${to}`,
  affected: "Affects: ",
  timeline: "Updates",
  incidentStarted: (time) => `Started ${time}`,
  incidentResolvedAt: (time) => `Resolved ${time}`,
  viewIncident: "Details",
  detectedNote: "Found automatically from user reports and checks",
  incidentStatus: {
    investigating: "Investigating",
    identified: "Identified",
    monitoring: "Monitoring",
    resolved: "Resolved",
    postmortem: "Postmortem",
    scheduled: "Scheduled",
    in_progress: "In progress",
    verifying: "Verifying",
    completed: "Completed",
    cancelled: "Cancelled",
  },
  impact: { none: "No impact", minor: "Minor", major: "Major", critical: "Critical", maintenance: "Maintenance" },
  uptime: {
    heading: "Past 90 days",
    ago: "90 days ago",
    ago30: "30 days ago",
    today: "Today",
    percent: (pct) => `${pct} uptime`,
    noData: "No data yet",
    summary: (name, pct, badDays) =>
      `${name}: ${pct} uptime over 90 days, ${badDays === 0 ? "no days with problems" : `${badDays} days with problems`}.`,
    day: (day, pct, incidents) =>
      `${day}: ${pct} uptime, ${incidents === 0 ? "no incidents" : incidents === 1 ? "1 incident" : `${incidents} incidents`}`,
    legend: "Legend",
    legendOk: "No problems",
    legendMinor: "Minor problems",
    legendPartial: "Partial outage",
    legendMajor: "Major outage",
    legendMaint: "Maintenance",
  },
  chart: {
    heading: "User reports in the last 24 hours",
    explain:
      "People reporting a problem per 5 minutes (each person counted once); the dashed line is the usual level for that time.",
    technical: "Won't load or payment failed",
    account: "Account or limit",
    other: "Other",
    usual: "Usual level",
    summary: (total, peak, peakAt, usual) =>
      total === 0
        ? `Nobody reported a problem in the last 24 hours. Usually about ${usual} people per 5 minutes.`
        : `${total} people reported problems in the last 24 hours, peaking around ${peakAt} with ${peak} in 5 minutes; usually about ${usual} per 5 minutes.`,
    axisNow: "Now",
    axisHoursAgo: (h) => `${h} h ago`,
  },
  topSymptoms: {
    heading: "Most reported in the last hour",
    empty: "No reports in the last hour.",
    people: (n) => (n === 1 ? "1 person" : `${n} people`),
  },
  regions: {
    heading: "Reports by region, last 24 hours",
    empty: "No reports with a region yet.",
    people: (n) => (n === 1 ? "1 person" : `${n} people`),
  },
  map: {
    heading: "Reports by province, last hour",
    explain:
      "One square per provincial-level division, placed roughly where it lies; the colour compares people reporting a problem in the last hour with the usual level there at this hour over the previous 7 days.",
    levels: ["No reports", "Usual", "Above usual", "Far above usual"],
    regional: "Regional outage",
    regionalTile: "outage",
    regionalNow: (names) => `Regional outage: ${names}.`,
    caption: "People reporting a problem in the last hour, by province",
    province: "Province",
    lastHour: "Last hour",
    usual: "Usual",
    state: "State",
    tile: (name, state) => `${name}: ${state}`,
    others: (n, all) =>
      all
        ? "No province had reports in the last hour, nor usually at this hour."
        : `The other ${n} provinces had no reports in the last hour, nor usually at this hour.`,
  },
  noIncidents: "No active incidents.",
  history: {
    title: "Incident and maintenance history",
    intro: "Past incidents and scheduled maintenance, by month.",
    empty: "No incidents this month.",
    noneAtAll: "No incidents recorded yet.",
    month: (year, month) =>
      new Date(Date.UTC(year, month - 1, 1)).toLocaleDateString("en", {
        month: "long",
        year: "numeric",
        timeZone: "UTC",
      }),
    older: "Older",
    newer: "Newer",
    incident: "Incident",
    maintenance: "Maintenance",
    duration: (text) => `Lasted ${text}`,
    back: "Back to status",
  },
  duration: (minutes) =>
    minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`,
  incidentPage: {
    components: "Affected components",
    updates: "Updates",
    notFound: "Incident not found",
    notFoundDetail: "The link may be wrong, or the incident was merged into another.",
    type: { incident: "Incident", maintenance: "Scheduled maintenance" },
    scheduled: (window) => `Scheduled: ${window}`,
  },
  form: {
    title: "Report a problem: is it just you?",
    intro:
      "Pick what failed and what the app told you. We collect no name, phone number or account, and never store your IP address.",
    component: "What isn't working?",
    symptom: "What do you see?",
    symptomClass: {
      technical: "Won't load or payment failed",
      account: "Account or limit messages",
      merchant: "Merchant or item",
      other: "Other",
    },
    messageSeen: "The app's exact words (optional)",
    messageSeenHint:
      "Copy the message as it appears. Please leave out phone, ID and card numbers; we remove them automatically.",
    region: "Your region (optional)",
    regionNone: "Prefer not to say",
    platform: "Device or entry point (optional)",
    platformNone: "Prefer not to say",
    otherMethods: (examples: string) =>
      examples ? `Do other payment methods (e.g. ${examples}) work?` : "Do other payment methods work?",
    submit: "Send and see what's going on",
    submitting: "Sending…",
    errorSummary: "Your report wasn't sent. Please check the fields marked below.",
    errors: {
      component: "Please choose what isn't working.",
      symptom: "Please choose what you see.",
      message_seen: "At most 500 characters.",
      region: "Please choose a region from the list.",
      platform: "Please choose from the list.",
      other_methods_work: "Please choose one.",
      occurred_at: "Invalid time: only problems from the last 24 hours can be reported.",
      general: "We can't take reports right now. Please try again shortly.",
      rateLimited: "Too many reports in a short time. Please try again later.",
    },
    crossSite: {
      title: "This report came from another website and was not sent",
      body: "So that no other site can make its visitors file false reports, this page only takes reports sent from its own form. If you do have a problem, please fill in the form here.",
    },
  },
  seenPrefix: "The app says: ",
  platforms: { ios: "iPhone / iPad", android: "Android phone", web: "Web", miniapp: "Mini program", other: "Other" },
  otherMethods: { yes: "Yes, they work", no: "No, they fail too", unknown: "Haven't tried" },
  regionNames: regionNames("en"),
  verdict: {
    pageTitle: "What's going on",
    kindLabel: {
      outage: "Outage",
      maintenance: "Maintenance",
      account_wave: "Many accounts restricted",
      merchant_restriction: "Some merchants restricted",
      individual: "Individual case",
      unconfirmed: "Not confirmed",
    },
    others: (n, component) =>
      n === 0
        ? `Nobody else reported a problem with "${component}" in the last 15 minutes.`
        : `${n} ${n === 1 ? "other person" : "other people"} reported a problem with "${component}" in the last 15 minutes.`,
    whatNow: "What you can do now",
    yourReport: "You reported: ",
    meaning: "What this message usually means",
    alternatives: "Other ways to pay right now",
    alternativeUnknown: "not tracked here",
    notRecommended: "not recommended now",
    noAlternatives: "No other way to pay is confirmed to work right now.",
    support: "Official help and avoiding scams",
    relatedIncidents: "Related incidents",
    backToStatus: "See the status page",
    reportAnother: "Report another problem",
    notFound: "Report not found",
    notFoundDetail: "It may have been deleted after the retention period.",
  },
  board: {
    title: "Payment services at a glance",
    intro:
      "Whether each way to pay works right now, from user reports and automated checks. When one fails, see what you can use instead.",
    nav: "All services",
    reportsLastHour: (n: number, usual: number) =>
      `${n} ${n === 1 ? "report" : "reports"} in the last hour (usually about ${Math.round(usual)})`,
    incidents: (n: number) => (n === 0 ? "No open incidents" : `${n} open ${n === 1 ? "incident" : "incidents"}`),
    canUse: "You can use instead: ",
    noneUsable: "No alternative is confirmed to work right now",
    open: "Details",
  },
  notFoundTitle: "Page not found",
};

export const MESSAGES: Record<Locale, Messages> = { "zh-CN": zh, en };

export function messages(locale: Locale): Messages {
  return MESSAGES[locale];
}
