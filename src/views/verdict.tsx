import type { PageContext } from "../config/page";
import type { Verdict } from "../config/verdict";
import type { IncidentView } from "../data/incidents";
import type { Symptom } from "../domain/symptoms";
import { href } from "./href";
import { type ComponentNames, IncidentCard } from "./incident";

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
  return (
    <section id="verdict" class={`verdict k-${verdict.kind}`} aria-labelledby="verdict-h" tabindex={-1}>
      <p class={`tag k-${verdict.kind}`}>{v.kindLabel[verdict.kind]}</p>
      <h1 id="verdict-h">{verdict.title}</h1>
      <p class="others">{v.others(others, componentName)}</p>
      <p class="muted">
        {v.yourReport}
        {componentName} · {t.symptoms[symptom as Symptom]?.label ?? symptom}
      </p>
      <h2>{v.whatNow}</h2>
      <ul class="advice">
        {verdict.advice.map((line) => (
          <li>{line}</li>
        ))}
      </ul>
      {incidents.length > 0 ? (
        <div class="stack">
          <h2>{v.relatedIncidents}</h2>
          {incidents.map((incident) => (
            <IncidentCard incident={incident} names={names} ctx={ctx} full={false} />
          ))}
        </div>
      ) : null}
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
