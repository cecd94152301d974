import type { PageContext } from "../config/page";
import type { Verdict } from "../config/verdict";
import type { IncidentView } from "../data/incidents";
import type { VerdictKind } from "../domain/symptoms";
import { shortTime } from "../i18n/format";
import { VERDICT_WORDS } from "../i18n/verdict-words";
import type { VerdictEvidence } from "../services/evidence";
import { href } from "./href";
import { type ComponentNames, IncidentCard } from "./incident";
import { RecoveryBox } from "./recovery";

/** A stored report read again: what it was told then, and the counts before and since. */
export interface ThenAndNow {
  kind: VerdictKind;
  at: number;
  before: number;
  since: number;
}

interface Props {
  ctx: PageContext;
  /** The verdict as things stand now. */
  verdict: Verdict;
  componentName: string;
  /** Probes, maintenance and regions now; reporters over the last 15 minutes for a fresh verdict. */
  evidence: VerdictEvidence;
  /** Other reporters in the last 15 minutes (a fresh verdict). */
  others?: number;
  earlier?: ThenAndNow;
  /** Seconds until the page reloads itself; null when nothing is open and it does not. */
  refreshSeconds: number | null;
  incidents: IncidentView[];
  names: ComponentNames;
}

/** What we think is going on for one report, what their own message means, and what to do now. */
export function VerdictView(props: Props) {
  const { ctx, verdict, componentName, evidence, earlier, refreshSeconds, incidents, names } = props;
  const { t } = ctx;
  const v = t.verdict;
  const w = VERDICT_WORDS[ctx.locale];
  const zh = ctx.locale === "zh-CN";
  const colon = zh ? "：" : ": ";
  const time = (at: number) => shortTime(at, ctx.locale, ctx.config.timeZone);
  return (
    <section id="verdict" class={`verdict k-${verdict.kind}`} aria-labelledby="verdict-h" tabindex={-1}>
      <p class={`tag k-${verdict.kind}`}>{v.kindLabel[verdict.kind]}</p>
      <h1 id="verdict-h">{verdict.title}</h1>
      {refreshSeconds ? (
        <p class="refreshing" role="status">
          {w.refreshing(refreshSeconds)}
        </p>
      ) : null}
      {props.others !== undefined ? <p class="others">{v.others(props.others, componentName)}</p> : null}
      <p class="muted">
        {v.yourReport}
        {componentName} · {verdict.personal.label}
      </p>
      {earlier ? (
        <section class="then-now" aria-label={w.thenAndNow}>
          <div>
            <h2>{w.whenReported(time(earlier.at))}</h2>
            <p>{v.kindLabel[earlier.kind]}</p>
            <p class="muted">{w.before(earlier.before)}</p>
          </div>
          <div>
            <h2>{w.now}</h2>
            <p>{v.kindLabel[verdict.kind]}</p>
            <p class="muted">{w.since(earlier.since)}</p>
          </div>
          {earlier.kind !== verdict.kind ? (
            <p class="changed">{w.changed(v.kindLabel[earlier.kind], v.kindLabel[verdict.kind])}</p>
          ) : null}
        </section>
      ) : null}
      <div class={`personal r-${verdict.personal.relation}`}>
        <h2>{w.yourMessage}</h2>
        <p class="reading">{verdict.personal.reading}</p>
      </div>
      <h2>{v.whatNow}</h2>
      <ul class="advice">
        {verdict.advice.map((line) => (
          <li>{line}</li>
        ))}
      </ul>
      {verdict.alternatives.length > 0 ? (
        <>
          <h2>{v.alternatives}</h2>
          <ul class="alternatives">
            {verdict.alternatives.map((alternative) => (
              <li class={alternative.recommended ? "alt-ok" : "alt-no"} data-service={alternative.service ?? undefined}>
                <strong>{alternative.name}</strong>
                {colon}
                {alternative.status ? t.statusWord[alternative.status] : v.alternativeUnknown}
                {alternative.recommended ? null : zh ? `（${v.notRecommended}）` : ` (${v.notRecommended})`}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{w.evidence}</h2>
      <ul class="evidence">
        {earlier ? null : <li>{w.reporters(evidence.reporters, evidence.provinces)}</li>}
        <li>
          {evidence.probes.failing.length + evidence.probes.passing.length > 0
            ? w.probes(evidence.probes.failing, evidence.probes.passing)
            : w.noProbes}
        </li>
        {evidence.maintenance ? (
          <li>
            {w.maintenance(
              evidence.maintenance.from ? time(evidence.maintenance.from) : null,
              evidence.maintenance.until ? time(evidence.maintenance.until) : null,
            )}
          </li>
        ) : null}
      </ul>
      {ctx.config.support.length > 0 ? (
        <>
          <h2>{v.support}</h2>
          <ul class="support">
            {ctx.config.support.map((channel) => (
              <li>
                <strong>{channel.name[ctx.locale]}</strong>
                {colon}
                {channel.url ? (
                  <a href={channel.url} rel="noopener noreferrer">
                    {channel.detail[ctx.locale]}
                  </a>
                ) : (
                  channel.detail[ctx.locale]
                )}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {incidents.length > 0 ? (
        <div class="stack">
          <h2>{v.relatedIncidents}</h2>
          {incidents.map((incident) => (
            <IncidentCard incident={incident} names={names} ctx={ctx} full={false} />
          ))}
        </div>
      ) : null}
      <RecoveryBox ctx={ctx} />
      <details class="be-ready">
        <summary>{w.beReady}</summary>
        <ul>
          {verdict.beReady.map((line) => (
            <li>{line}</li>
          ))}
        </ul>
      </details>
      <p class="actions">
        <a class="button" href={href(ctx, "/")}>
          {v.backToStatus}
        </a>
        <a class="button secondary" href={href(ctx, "/report")}>
          {v.reportAnother}
        </a>
      </p>
    </section>
  );
}
