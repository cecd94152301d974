import { STATUS_DESCRIPTIONS } from "../domain/status";
import type { ComponentStatus } from "../domain/symptoms";
import type { BannerKey, Messages } from "../i18n/messages";
import type { StatusSnapshot } from "../read-model";

const ACCOUNT_WAVE = "account_wave";

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
 * "minor") says so, rather than the minor level's "some features failing";
 * and one where only waves of restricted accounts are open says that.
 */
export function bannerKey(snapshot: Pick<StatusSnapshot, "overall" | "incidents">): BannerKey {
  const { overall, incidents } = snapshot;
  // Only waves of restricted accounts are open (their components show degraded): say what is really happening.
  const onlyRestrictions =
    incidents.length > 0 && incidents.every((incident) => incident.detectedKind === ACCOUNT_WAVE);
  if (onlyRestrictions && overall.indicator !== "none" && overall.indicator !== "maintenance") return "restriction";
  const degraded =
    overall.description === STATUS_DESCRIPTIONS.someDegraded || overall.description === STATUS_DESCRIPTIONS.allDegraded;
  return overall.indicator === "minor" && degraded ? "degraded" : overall.indicator;
}
