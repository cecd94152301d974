import type { ComponentStatus } from "../domain/symptoms";
import type { Locale } from "./locale";

/** Every user-facing string of the pages, per language. Components take text from here only. */
const zh = {
  statusWord: {
    operational: "运行正常",
    degraded_performance: "性能下降",
    partial_outage: "部分故障",
    major_outage: "重大故障",
    under_maintenance: "维护中",
  } satisfies Record<ComponentStatus, string>,
  banner: {
    none: "所有系统运行正常",
    minor: "部分系统异常",
    major: "部分系统异常",
    critical: "重大故障",
    maintenance: "维护中",
  },
  components: "服务组件",
  reportCta: "花呗用不了？先看看是不是只有你",
  switchLanguage: "English",
};

type Messages = typeof zh;

const en: Messages = {
  statusWord: {
    operational: "Operational",
    degraded_performance: "Degraded performance",
    partial_outage: "Partial outage",
    major_outage: "Major outage",
    under_maintenance: "Under maintenance",
  },
  banner: {
    none: "All systems operational",
    minor: "Some systems are having problems",
    major: "Some systems are having problems",
    critical: "Major outage",
    maintenance: "Under maintenance",
  },
  components: "Components",
  reportCta: "Can't pay? Check whether it's just you",
  switchLanguage: "中文",
};

export const MESSAGES: Record<Locale, Messages> = { "zh-CN": zh, en };

export function messages(locale: Locale): Messages {
  return MESSAGES[locale];
}
