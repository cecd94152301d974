import type { Locale } from "./locale";

/** The verdict page's own words: its two parts, the evidence, then and now. */
export interface VerdictWords {
  yourMessage: string;
  evidence: string;
  reporters: (n: number, provinces: number) => string;
  probes: (failing: string[], passing: string[]) => string;
  noProbes: string;
  maintenance: (from: string | null, until: string | null) => string;
  thenAndNow: string;
  whenReported: (time: string) => string;
  now: string;
  before: (n: number) => string;
  since: (n: number) => string;
  changed: (then: string, now: string) => string;
  refreshing: (seconds: number) => string;
  beReady: string;
}

const list = (items: string[], separator: string) => items.join(separator);

const zh: VerdictWords = {
  yourMessage: "你看到的提示意味着什么",
  evidence: "判断依据",
  reporters: (n, p) =>
    n === 0 ? "过去 15 分钟内没有人报告这一项。" : `过去 15 分钟内 ${n} 人报告了这一项，来自 ${p} 个省份。`,
  probes: (failing, passing) =>
    failing.length === 0
      ? `自动探测：${passing.length} 个地点全部正常（${list(passing, "、")}）。`
      : passing.length === 0
        ? `自动探测：${failing.length} 个地点全部失败（${list(failing, "、")}）。`
        : `自动探测：${failing.length} 个地点失败（${list(failing, "、")}），${passing.length} 个地点正常。`,
  noProbes: "过去 15 分钟没有这一项的自动探测数据。",
  maintenance: (from, until) => `维护时间：${from ?? "已开始"} 至 ${until ?? "结束时间尚未公布"}。`,
  thenAndNow: "报告时与现在",
  whenReported: (time) => `你报告时（${time}）`,
  now: "现在",
  before: (n) => `报告前 15 分钟：${n} 人报告`,
  since: (n) => `报告之后：${n} 人报告`,
  changed: (then, now) => `情况有变化：报告时是“${then}”，现在是“${now}”。`,
  refreshing: (s) => `情况尚未结束：本页每 ${s} 秒自动更新。`,
  beReady: "为下次做准备",
};

const en: VerdictWords = {
  yourMessage: "What your message means",
  evidence: "What this is based on",
  reporters: (n, p) =>
    n === 0
      ? "Nobody reported this in the last 15 minutes."
      : `${n} ${n === 1 ? "person" : "people"} reported this in the last 15 minutes, from ${p} ${p === 1 ? "province" : "provinces"}.`,
  probes: (failing, passing) =>
    failing.length === 0
      ? `Automated checks: all ${passing.length} locations pass (${list(passing, ", ")}).`
      : passing.length === 0
        ? `Automated checks: all ${failing.length} locations fail (${list(failing, ", ")}).`
        : `Automated checks: ${failing.length} locations fail (${list(failing, ", ")}), ${passing.length} pass.`,
  noProbes: "No automated checks of this in the last 15 minutes.",
  maintenance: (from, until) => `Maintenance: ${from ?? "already begun"} to ${until ?? "an end not yet announced"}.`,
  thenAndNow: "When you reported, and now",
  whenReported: (time) => `When you reported (${time})`,
  now: "Now",
  before: (n) => `15 minutes before: ${n} reported`,
  since: (n) => `Since then: ${n} reported`,
  changed: (then, now) => `Things have changed: it was "${then}" when you reported, now it is "${now}".`,
  refreshing: (s) => `Still going on: this page updates itself every ${s} seconds.`,
  beReady: "Be ready next time",
};

export const VERDICT_WORDS: Record<Locale, VerdictWords> = { "zh-CN": zh, en };
