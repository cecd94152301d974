import type { ComponentStatus } from "../domain/symptoms";
import type { Messages } from "../i18n/messages";

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
