import type { PageContext } from "../config/page";
import { PRESETS } from "../config/presets";
import { symptomWords } from "../config/symptom-profiles";
import type { ComponentRow } from "../data/components";
import { OTHER_METHODS, PLATFORMS, REGIONS, SYMPTOM_CLASS_VALUES } from "../domain/symptoms";
import { localName } from "../i18n/locale";
import { MESSAGE_SEEN_MAX } from "../schemas/report";
import { href } from "./href";

export type FormValues = Partial<
  Record<"component" | "symptom" | "message_seen" | "region" | "platform" | "other_methods_work", string>
>;

interface Props {
  ctx: PageContext;
  components: ComponentRow[];
  values: FormValues;
  /** Field → message in the page's language. */
  errors: Record<string, string>;
  /** A problem not tied to one field (storage down, rate limited). */
  general?: string;
}

function FieldError({ field, errors }: { field: string; errors: Record<string, string> }) {
  const message = errors[field];
  return message ? (
    <p class="field-error" id={`${field}-error`}>
      <span aria-hidden="true">! </span>
      {message}
    </p>
  ) : null;
}

/** Two of the service's own alternatives, as examples of "other payment methods". */
function alternativeExamples(ctx: PageContext): string {
  const names = ctx.config.alternatives
    .slice(0, 2)
    .map((a) => ("name" in a ? a.name[ctx.locale] : (PRESETS[a.service]?.config.name[ctx.locale] ?? a.service)));
  return names.join(ctx.locale === "zh-CN" ? "、" : ", ");
}

/** Attributes that tie an input to its error message. */
function invalid(field: string, errors: Record<string, string>, hint?: string) {
  const describedBy = [hint, errors[field] ? `${field}-error` : undefined].filter(Boolean).join(" ");
  return { "aria-invalid": errors[field] ? "true" : undefined, "aria-describedby": describedBy || undefined };
}

/**
 * The "is it just me?" form. It posts to /report, which works without
 * JavaScript (303 to the verdict); report.js upgrades it to show the verdict in place.
 */
export function ReportForm({ ctx, components, values, errors, general }: Props) {
  const { t } = ctx;
  const f = t.form;
  const fields = Object.keys(errors);
  return (
    <form
      class="report-form card"
      method="post"
      action={href(ctx, "/report")}
      novalidate
      data-submitting={f.submitting}
    >
      {fields.length > 0 || general ? (
        <div class="error-summary" role="alert" tabindex={-1} id="error-summary">
          <p>
            <strong>{general ?? f.errorSummary}</strong>
          </p>
          {fields.length > 0 ? (
            <ul>
              {fields.map((field) => (
                <li>
                  <a href={`#${field}-field`}>{errors[field]}</a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      <fieldset
        id="component-field"
        class={errors.component ? "has-error" : undefined}
        {...invalid("component", errors)}
      >
        <legend>{f.component}</legend>
        <FieldError field="component" errors={errors} />
        <div class="choices">
          {components.map((row) => (
            <label class="choice">
              <input type="radio" name="component" value={row.id} checked={values.component === row.id} required />
              <span>
                <strong>{localName(ctx.locale, row)}</strong>
                <small>{(ctx.locale === "en" ? row.descriptionEn : row.descriptionZh) ?? ""}</small>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset id="symptom-field" class={errors.symptom ? "has-error" : undefined} {...invalid("symptom", errors)}>
        <legend>{f.symptom}</legend>
        <FieldError field="symptom" errors={errors} />
        {SYMPTOM_CLASS_VALUES.map((cls) => {
          const offered = ctx.config.symptoms.filter((s) => s.class === cls);
          if (offered.length === 0) return null;
          return (
            <div class="symptom-group">
              <p class="group-label" aria-hidden="true">
                {f.symptomClass[cls]}
              </p>
              <div class="choices">
                {offered.map(({ code }) => {
                  const words = symptomWords(ctx.config, code, ctx.locale);
                  return (
                    <label class="choice">
                      <input type="radio" name="symptom" value={code} checked={values.symptom === code} required />
                      <span>
                        <strong>{words.label}</strong>
                        <small>
                          {t.seenPrefix}
                          {words.seen}
                        </small>
                      </span>
                    </label>
                  );
                })}
              </div>
            </div>
          );
        })}
      </fieldset>

      <div class="field" id="message_seen-field">
        <label for="message_seen">{f.messageSeen}</label>
        <p class="hint" id="message_seen-hint">
          {f.messageSeenHint}
        </p>
        <FieldError field="message_seen" errors={errors} />
        <textarea
          id="message_seen"
          name="message_seen"
          rows={2}
          maxlength={MESSAGE_SEEN_MAX}
          {...invalid("message_seen", errors, "message_seen-hint")}
        >
          {values.message_seen ?? ""}
        </textarea>
      </div>

      <div class="row">
        <div class="field" id="region-field">
          <label for="region">{f.region}</label>
          <FieldError field="region" errors={errors} />
          <select id="region" name="region" {...invalid("region", errors)}>
            <option value="">{f.regionNone}</option>
            {[...REGIONS]
              .map((code) => ({ code, name: t.regionNames[code] }))
              .sort((a, b) => a.name.localeCompare(b.name, ctx.locale))
              .map(({ code, name }) => (
                <option value={code} selected={values.region === code}>
                  {name}
                </option>
              ))}
          </select>
        </div>
        <div class="field" id="platform-field">
          <label for="platform">{f.platform}</label>
          <FieldError field="platform" errors={errors} />
          <select id="platform" name="platform" {...invalid("platform", errors)}>
            <option value="">{f.platformNone}</option>
            {PLATFORMS.map((p) => (
              <option value={p} selected={values.platform === p}>
                {t.platforms[p]}
              </option>
            ))}
          </select>
        </div>
      </div>

      <fieldset id="other_methods_work-field" {...invalid("other_methods_work", errors)}>
        <legend>{f.otherMethods(alternativeExamples(ctx))}</legend>
        <FieldError field="other_methods_work" errors={errors} />
        <div class="inline-choices">
          {OTHER_METHODS.map((o) => (
            <label class="pill">
              <input
                type="radio"
                name="other_methods_work"
                value={o}
                checked={(values.other_methods_work ?? "unknown") === o}
              />
              <span>{t.otherMethods[o]}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <p class="actions">
        <button type="submit" class="button">
          {f.submit}
        </button>
      </p>
    </form>
  );
}
