import type { PageContext } from "../config/page";
import { symptomWords } from "../config/symptom-profiles";
import { VERDICT_KINDS } from "../domain/symptoms";
import { HOW_WORDS, type HowNumbers } from "../i18n/how";
import { href } from "./href";

/** `/how`: how the verdicts are decided and what is kept, every number from `numbers`. */
export function HowView({ ctx, numbers }: { ctx: PageContext; numbers: HowNumbers }) {
  const w = HOW_WORDS[ctx.locale];
  const labels = ctx.t.verdict.kindLabel;
  const separator = ctx.locale === "zh-CN" ? "、" : ", ";
  const accountExamples = ctx.config.symptoms
    .filter((s) => s.class === "account")
    .slice(0, 3)
    .map((s) => symptomWords(ctx.config, s.code, ctx.locale).label)
    .join(separator);
  return (
    <div class="narrow how">
      <h1>{w.title}</h1>
      <p class="lead">{w.intro(ctx.config.name[ctx.locale])}</p>

      <section aria-labelledby="how-kinds">
        <h2 id="how-kinds">{w.kindsHeading}</h2>
        <ol class="how-kinds">
          {VERDICT_KINDS.map((kind) => (
            <li data-kind={kind}>
              <strong class={`tag k-${kind}`}>{labels[kind]}</strong>
              <p>{w.kinds[kind](numbers, accountExamples)}</p>
            </li>
          ))}
        </ol>
        <p>{w.precedence(VERDICT_KINDS.map((kind) => labels[kind]))}</p>
      </section>

      <section aria-labelledby="how-evidence">
        <h2 id="how-evidence">{w.evidenceHeading}</h2>
        <ul class="how-list">
          <li data-series="outage">{w.series(w.outageLabel, numbers.outage)}</li>
          <li data-series="account_wave">{w.series(w.accountLabel, numbers.accountWave)}</li>
          {w.evidence.map((line) => (
            <li>{line(numbers)}</li>
          ))}
          <li>{w.closing(numbers)}</li>
        </ul>
      </section>

      <section aria-labelledby="how-yours">
        <h2 id="how-yours">{w.yoursHeading}</h2>
        <ul class="how-list">
          {w.yours.map((line) => (
            <li>{line(numbers)}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="how-privacy">
        <h2 id="how-privacy">{w.privacyHeading}</h2>
        <ul class="how-list">
          {w.privacy.map((line) => (
            <li>{line(numbers)}</li>
          ))}
        </ul>
      </section>

      <p class="muted">{w.numbersNote}</p>
      <p>
        <a href={href(ctx, "/")}>{w.back}</a>
      </p>
    </div>
  );
}
