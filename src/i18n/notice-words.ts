import type { Locale } from "./locale";

/**
 * The few sentences of a subscriber notice (src/notify/notice-of.ts) that the
 * pages do not already have; status words, component names, the maintenance
 * window and "Affects:" come from the pages' own catalogue (messages.ts).
 */
export interface NoticeWords {
  /** "花呗 · 线上支付疑似故障（正在调查）" */
  title: (service: string, subject: string, status: string) => string;
  /** One affected component and its status: "线上支付（部分故障）". */
  componentStatus: (component: string, status: string) => string;
  /** Between the components of one line. */
  listSeparator: string;
  /** A component whose status an operator set directly. */
  componentChanged: (component: string, status: string, was: string) => string;
  maintenanceScheduled: (window: string) => string;
  maintenanceStarted: (until: string) => string;
  maintenanceCompleted: string;
  maintenanceCancelled: string;
  /** Where a text was cut short for the notice (the page has all of it). */
  more: string;
}

const zh: NoticeWords = {
  title: (service, subject, status) => `${service} · ${subject}（${status}）`,
  componentStatus: (component, status) => `${component}（${status}）`,
  listSeparator: "、",
  componentChanged: (component, status, was) => `${component}现在的状态：${status}（之前：${was}）。`,
  maintenanceScheduled: (window) => `计划维护时间：${window}。`,
  maintenanceStarted: (until) => `维护已开始，预计 ${until} 结束。`,
  maintenanceCompleted: "维护已完成。",
  maintenanceCancelled: "这次计划维护已取消。",
  more: "……（详情见页面）",
};

const en: NoticeWords = {
  title: (service, subject, status) => `${service} · ${subject} (${status})`,
  componentStatus: (component, status) => `${component} (${status.toLowerCase()})`,
  listSeparator: ", ",
  componentChanged: (component, status, was) =>
    `${component} is now: ${status.toLowerCase()} (was: ${was.toLowerCase()}).`,
  maintenanceScheduled: (window) => `Scheduled maintenance: ${window}.`,
  maintenanceStarted: (until) => `Maintenance has begun; it is expected to end ${until}.`,
  maintenanceCompleted: "The maintenance has been completed.",
  maintenanceCancelled: "This scheduled maintenance has been cancelled.",
  more: "… (more on the page)",
};

export const NOTICE_WORDS: Record<Locale, NoticeWords> = { "zh-CN": zh, en };
