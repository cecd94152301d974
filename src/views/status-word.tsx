import { STATUS_DESCRIPTIONS, type StatusIndicator } from "../domain/status";
import type { ComponentStatus } from "../domain/symptoms";
import type { BannerKey, Messages } from "../i18n/messages";

/** A glyph per status, so status is never told by colour alone (the word always follows). */
const GLYPH: Record<ComponentStatus, string> = {
  operational: "✓",
  degraded_performance: "!",
  partial_outage: "!",
  major_outage: "✕",
  under_maintenance: "i",
};

export function StatusWord({ status, t }: { status: ComponentStatus; t: Messages }) {
  return (
    <span class={`status s-${status}`}>
      <span class="ico" aria-hidden="true">
        {GLYPH[status] ?? "?"}
      </span>
      {t.statusWord[status] ?? status}
    </span>
  );
}

/**
 * Which banner words fit the overall status: a person reads what they
 * experience, so a page where things are only slow (degraded, Statuspage's
 * "minor") says so, rather than the minor level's "some features failing".
 */
export function bannerKey(overall: { indicator: StatusIndicator; description: string }): BannerKey {
  const degraded =
    overall.description === STATUS_DESCRIPTIONS.someDegraded || overall.description === STATUS_DESCRIPTIONS.allDegraded;
  return overall.indicator === "minor" && degraded ? "degraded" : overall.indicator;
}
