import type { StatusIndicator } from "../domain/status";
import type { Locale } from "./locale";

/** Words for incident and maintenance statuses in feeds and the admin console. */
export const UPDATE_STATUS_WORDS: Record<Locale, Record<string, string>> = {
  "zh-CN": {
    investigating: "调查中",
    identified: "已找到原因",
    monitoring: "观察中",
    resolved: "已解决",
    postmortem: "事后分析",
    scheduled: "已计划",
    in_progress: "进行中",
    verifying: "验证中",
    completed: "已完成",
    cancelled: "已取消",
  },
  en: {
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
};

/** Short words for the overall badge. */
export const INDICATOR_WORDS: Record<Locale, Record<StatusIndicator, string>> = {
  "zh-CN": { none: "运行正常", minor: "部分异常", major: "部分故障", critical: "重大故障", maintenance: "维护中" },
  en: { none: "operational", minor: "degraded", major: "partial outage", critical: "major outage", maintenance: "maintenance" },
};

export const FEED_WORDS: Record<Locale, { history: string }> = {
  "zh-CN": { history: "事件历史" },
  en: { history: "Incident history" },
};
