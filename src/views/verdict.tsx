import type { PageContext } from "../config/page";
import { symptomWords } from "../config/symptom-profiles";
import type { Verdict } from "../config/verdict";
import type { IncidentView } from "../data/incidents";
import { href } from "./href";
import { type ComponentNames, IncidentCard } from "./incident";
import { RecoveryBox } from "./recovery";

interface Props {
  ctx: PageContext;
  verdict: Verdict;
  componentName: string;
  symptom: string;
  others: number;
  incidents: IncidentView[];
  names: ComponentNames;
}

/** What we think is going on for one report, and what to do now. */
export function VerdictView({ ctx, verdict, componentName, symptom, others, incidents, names }: Props) {
  const { t } = ctx;
  const v = t.verdict;
  const words = symptomWords(ctx.config, symptom, ctx.locale);
  const zh = ctx.locale === "zh-CN";
  const colon = zh ? "：" : ": ";
  return (
    <section id="verdict" class={`verdict k-${verdict.kind}`} aria-labelledby="verdict-h" tabindex={-1}>
      <p class={`tag k-${verdict.kind}`}>{v.kindLabel[verdict.kind]}</p>
      <h1 id="verdict-h">{verdict.title}</h1>
      <p class="others">{v.others(others, componentName)}</p>
      <p class="muted">
        {v.yourReport}
        {componentName} · {words.label}
      </p>
      {words.meaning ? (
        <p class="meaning">
          <strong>
            {v.meaning}
            {colon}
          </strong>
          {words.meaning}
        </p>
      ) : null}
      <h2>{v.whatNow}</h2>
      <ul class="advice">
        {verdict.advice.map((line) => (
          <li>{line}</li>
        ))}
      </ul>
      <h2>{v.alternatives}</h2>
      {verdict.alternatives.length > 0 ? (
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
      ) : (
        <p>{v.noAlternatives}</p>
      )}
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
