import type { StatusIndicator } from "../domain/status";
import type { Locale } from "./locale";
import { MESSAGES } from "./messages";

/** Words for incident and maintenance statuses in feeds and the admin console: the pages' own words. */
export const UPDATE_STATUS_WORDS: Record<Locale, Record<string, string>> = {
  "zh-CN": MESSAGES["zh-CN"].incidentStatus,
  en: MESSAGES.en.incidentStatus,
};

/** Short words for the overall badge. */
export const INDICATOR_WORDS: Record<Locale, Record<StatusIndicator, string>> = {
  "zh-CN": { none: "运行正常", minor: "部分异常", major: "部分故障", critical: "重大故障", maintenance: "维护中" },
  en: {
    none: "operational",
    minor: "degraded",
    major: "partial outage",
    critical: "major outage",
    maintenance: "maintenance",
  },
};

export const FEED_WORDS: Record<Locale, { history: string }> = {
  "zh-CN": { history: "事件历史" },
  en: { history: "Incident history" },
};
