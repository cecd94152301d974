import type { DetectedKind, Evidence } from "../detection";

/**
 * The public words for a detected incident: its name and what the detector
 * saw, in both languages (incident text is stored once, so it carries both).
 */
export function detectedIncidentName(kind: DetectedKind, componentNames: { zh: string; en: string }): string {
  return kind === "outage"
    ? `${componentNames.zh}疑似故障（自动检测）/ ${componentNames.en}: suspected outage (detected)`
    : `${componentNames.zh}：大量账户受限（非技术故障）/ ${componentNames.en}: many accounts restricted (not a technical outage)`;
}

function regionsText(evidence: Evidence): string {
  return (evidence.regions ?? [])
    .filter((r) => r.region)
    .slice(0, 5)
    .map((r) => `${r.region} ${r.reporters}`)
    .join(", ");
}

export function detectedIncidentBody(kind: DetectedKind, evidence: Evidence): string {
  const zh: string[] = [];
  const en: string[] = [];
  if (evidence.reporters != null && evidence.windowMinutes != null) {
    const expected = evidence.expected != null ? evidence.expected.toFixed(1) : "?";
    zh.push(`过去 ${evidence.windowMinutes} 分钟内 ${evidence.reporters} 人报告问题（通常约 ${expected} 人）`);
    en.push(
      `${evidence.reporters} people reported problems in the last ${evidence.windowMinutes} minutes (usually about ${expected})`,
    );
  }
  const regions = regionsText(evidence);
  if (regions) {
    zh.push(`地区：${regions}`);
    en.push(`regions: ${regions}`);
  }
  if (evidence.probesDown?.length) {
    zh.push(
      `${evidence.probesDown.length}/${evidence.probesKnown ?? evidence.probesDown.length} 个探测点失败：${evidence.probesDown.join(", ")}`,
    );
    en.push(
      `${evidence.probesDown.length} of ${evidence.probesKnown ?? evidence.probesDown.length} probe locations failing: ${evidence.probesDown.join(", ")}`,
    );
  }
  const lead =
    kind === "outage"
      ? ["自动检测到疑似故障，正在调查。", "An outage was detected automatically; we are investigating."]
      : [
          "大量用户同时反映额度降低、冻结或风控拦截，可能是政策或风控调整，不是技术故障。",
          "Many people report lowered limits, freezes or risk-control blocks at once: likely a policy or risk-model change, not a technical outage.",
        ];
  return `${lead[0]}${zh.length ? `${zh.join("；")}。` : ""}\n\n${lead[1]}${en.length ? ` ${en.join("; ")}.` : ""}`;
}

export function detectedResolvedBody(kind: DetectedKind): string {
  return kind === "outage"
    ? "报告和探测已恢复正常水平一段时间，自动标记为已恢复。\n\n" +
        "Reports and probes have been back to normal for a while; resolved automatically."
    : "账户受限的报告已回到通常水平。\n\nReports of account restrictions are back to their usual level.";
}
