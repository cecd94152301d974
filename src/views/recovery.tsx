import type { PageContext } from "../config/page";
import { type RecoveryWords, recoveryWords } from "../i18n/recovery-words";
import { href } from "./href";

/** What "it works again" shows for one component: how many people said so, and since when. */
export interface RecoveryCount {
  componentId: string;
  name: string;
  recoveries: number;
  sinceIncident: boolean;
}

/** The visitor's own answer, after a form post without JavaScript (303 back with `?recovered=`). */
export type RecoveryThanks = { componentId: string; counted: boolean } | null;

/** The status page's panel: a component picker, the button, and the counts. */
export interface RecoveryPanelData {
  components: RecoveryCount[];
  thanks: RecoveryThanks;
}

/** The verdict page's box: one component (the report's), and the report to come back to. */
export interface RecoveryBoxData {
  component: RecoveryCount;
  reportId: string;
  thanks: RecoveryThanks;
}

/**
 * The verdict page's data, set for its page context by the route in front of
 * it (src/routes/pages/recovery.tsx), so the verdict view renders the box with
 * one line and no knowledge of where the figures come from.
 */
const boxes = new WeakMap<PageContext, RecoveryBoxData>();

export function provideRecoveryBox(ctx: PageContext, data: RecoveryBoxData): void {
  boxes.set(ctx, data);
}

/** Templates the script fills in with the count it gets back ("{n}" is the number). */
function templates(w: RecoveryWords) {
  const template = (n: number, sinceIncident: boolean) => w.count(n, sinceIncident).replace(String(n), "{n}");
  return {
    "data-count-hour-one": template(1, false),
    "data-count-hour-other": template(2, false),
    "data-count-incident-one": template(1, true),
    "data-count-incident-other": template(2, true),
    "data-thanks": w.thanks,
    "data-already": w.alreadyCounted,
    "data-rate-limited": w.rateLimited,
    "data-failed": w.failed,
    "data-sending": w.sending,
  };
}

function Thanks({ w, thanks }: { w: RecoveryWords; thanks: RecoveryThanks }) {
  return (
    <p class="recovery-status" data-recovery-status role="status" aria-live="polite">
      {thanks ? (thanks.counted ? w.thanks : w.alreadyCounted) : null}
    </p>
  );
}

/** "It works again" on the status page: one form with a component picker. */
export function RecoveryPanel({ ctx, data }: { ctx: PageContext; data: RecoveryPanelData }) {
  const w = recoveryWords(ctx.locale);
  if (data.components.length === 0) return null;
  const counted = data.components.filter((c) => c.recoveries > 0);
  const preselected = data.thanks?.componentId;
  return (
    <section class="card recovery" id="recovery" aria-labelledby="recovery-h">
      <link rel="stylesheet" href="/recovery.css" />
      <script src="/recovery.js" defer></script>
      <h2 id="recovery-h">{w.heading}</h2>
      <p class="muted">{w.detail}</p>
      <form class="recovery-form" method="post" action={href(ctx, "/api/recoveries")} data-recovery {...templates(w)}>
        <label for="recovery-component">{w.pick}</label>
        <select id="recovery-component" name="component">
          {data.components.map((c) => (
            <option value={c.componentId} selected={c.componentId === preselected}>
              {c.name}
            </option>
          ))}
        </select>
        <button class="button" type="submit">
          {w.button}
        </button>
      </form>
      <Thanks w={w} thanks={data.thanks} />
      <ul class="recovery-counts" data-recovery-list>
        {counted.map((c) => (
          <li data-recovery-item={c.componentId}>
            <strong>{c.name}</strong>{" "}
            <span data-recovery-count={c.componentId}>{w.count(c.recoveries, c.sinceIncident)}</span>
          </li>
        ))}
      </ul>
      {counted.length === 0 ? (
        <p class="muted" data-recovery-none>
          {w.none}
        </p>
      ) : null}
    </section>
  );
}

/** "It works again" on a verdict page, for the report's component (rendered by the verdict view). */
export function RecoveryBox({ ctx }: { ctx: PageContext }) {
  const data = boxes.get(ctx);
  if (!data) return null;
  const w = recoveryWords(ctx.locale);
  const c = data.component;
  return (
    <section class="recovery recovery-box" id="recovery" aria-labelledby="recovery-h">
      <link rel="stylesheet" href="/recovery.css" />
      <script src="/recovery.js" defer></script>
      <h2 id="recovery-h">{w.verdictHeading}</h2>
      <p>{w.verdictPrompt(c.name)}</p>
      <form class="recovery-form" method="post" action={href(ctx, "/api/recoveries")} data-recovery {...templates(w)}>
        <input type="hidden" name="component" value={c.componentId} />
        <input type="hidden" name="report" value={data.reportId} />
        <button class="button" type="submit">
          {w.button}
        </button>
      </form>
      <Thanks w={w} thanks={data.thanks} />
      <p class="recovery-count" data-recovery-count={c.componentId}>
        {w.count(c.recoveries, c.sinceIncident)}
      </p>
    </section>
  );
}
