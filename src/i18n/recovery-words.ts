import type { Locale } from "./locale";

/** The words of "it works again" (issue 14), kept apart from the main catalogue. */
export interface RecoveryWords {
  /** The status page's panel. */
  heading: string;
  detail: string;
  pick: string;
  /** The verdict page's box. */
  verdictHeading: string;
  verdictPrompt: (component: string) => string;
  button: string;
  sending: string;
  /** "N people say it works again (in the last hour | since the incident started)". */
  count: (n: number, sinceIncident: boolean) => string;
  none: string;
  thanks: string;
  alreadyCounted: string;
  rateLimited: string;
  failed: string;
  back: string;
}

const zh: RecoveryWords = {
  heading: "已经恢复了？",
  detail: "如果某项功能对你已经恢复正常，告诉大家一声：很多人说已恢复、反馈也在减少时，故障会更早解除。",
  pick: "哪项功能恢复了",
  verdictHeading: "现在能用了吗？",
  verdictPrompt: (component) => `如果${component}对你已经恢复正常，点一下告诉大家。`,
  button: "恢复了",
  sending: "正在提交…",
  count: (n, sinceIncident) => `${n} 人说已恢复${sinceIncident ? "（自故障开始）" : "（过去 1 小时）"}`,
  none: "过去 1 小时还没有人说已恢复。",
  thanks: "谢谢！已记下：对你已恢复。",
  alreadyCounted: "谢谢！你之前已经说过了，每人只计一次。",
  rateLimited: "你的网络提交太频繁，请稍后再试。",
  failed: "暂时无法记录，请稍后再试。",
  back: "返回",
};

const en: RecoveryWords = {
  heading: "Working again for you?",
  detail:
    "If something works again for you, let others know: when many people say so and reports fall, an outage is closed sooner.",
  pick: "What works again",
  verdictHeading: "Working again now?",
  verdictPrompt: (component) => `If ${component} works again for you, tell others with one click.`,
  button: "It works again",
  sending: "Sending…",
  count: (n, sinceIncident) =>
    `${n} ${n === 1 ? "person says" : "people say"} it works again${sinceIncident ? " (since the incident started)" : " (in the last hour)"}`,
  none: "Nobody has said it works again in the last hour.",
  thanks: "Thank you! Noted: it works again for you.",
  alreadyCounted: "Thank you! You told us already; everyone counts once.",
  rateLimited: "Too many submissions from your network; please try again shortly.",
  failed: "This could not be recorded right now; please try again shortly.",
  back: "Back",
};

export function recoveryWords(locale: Locale): RecoveryWords {
  return locale === "en" ? en : zh;
}
