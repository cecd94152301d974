import type { Child } from "hono/jsx";
import type { PageContext } from "../config/page";
import { CONFIRM_TTL_MS } from "../domain/subscriptions";
import { LOCALES, type Locale } from "../i18n/locale";
import { subscriptionWords } from "../i18n/subscription-words";
import { HOUR_MS } from "../lib/time";
import { href } from "./href";

/** What the form signs up for: the whole service (optionally some components), one incident, or one component. */
export type SubscribeScope =
  | { kind: "service"; components: { id: string; name: string }[] }
  | { kind: "incident"; incidentId: string }
  | { kind: "component"; componentId: string; name: string };

/** What the visitor typed, shown again with the errors of a form post that was refused. */
export interface SubscribeValues {
  address?: string;
  locale?: Locale;
  components?: string[];
}

interface Props {
  ctx: PageContext;
  scope: SubscribeScope;
  values?: SubscribeValues;
  /** Field → message in the page's language. */
  errors?: Record<string, string>;
  /** A problem not tied to one field (rate limited, storage down). */
  general?: string;
  /** The Web Push button's slot (the push channel renders its own button and script). */
  pushButton?: Child;
}

export const CONFIRM_TTL_HOURS = CONFIRM_TTL_MS / HOUR_MS;

function about(ctx: PageContext, scope: SubscribeScope): string {
  const w = subscriptionWords(ctx.locale);
  if (scope.kind === "incident") return w.aboutIncident;
  if (scope.kind === "component") return w.aboutComponent(scope.name);
  return w.aboutService(ctx.config.name[ctx.locale]);
}

/**
 * "Tell me when it's fixed": the e-mail sign-up. A plain form post to
 * /subscribe (no JavaScript needed), answered with a "check your inbox" page
 * or the form again with its errors. The scope travels in hidden fields; on
 * the status page the visitor may narrow it to some components.
 */
export function SubscribeForm({ ctx, scope, values = {}, errors = {}, general, pushButton }: Props) {
  const w = subscriptionWords(ctx.locale);
  const chosenLocale = values.locale ?? ctx.locale;
  const chosen = new Set(values.components ?? []);
  const problems = Object.entries(errors);
  const addressError = errors.address;
  return (
    <section class="card subscribe" id="subscribe" aria-labelledby="subscribe-h">
      <link rel="stylesheet" href="/subscribe.css" />
      <h2 id="subscribe-h">{w.heading}</h2>
      <p class="muted">{about(ctx, scope)}</p>
      {problems.length > 0 || general ? (
        <div class="error-summary" role="alert">
          <p>
            <strong>{general ?? w.errorSummary}</strong>
          </p>
          {problems.length > 0 ? (
            <ul>
              {problems.map(([field, message]) => (
                <li data-field={field}>{message}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <form class="subscribe-form" method="post" action={href(ctx, "/subscribe")}>
        <input type="hidden" name="channel" value="email" />
        <input type="hidden" name="scope" value={scope.kind} />
        {scope.kind === "incident" ? <input type="hidden" name="incident" value={scope.incidentId} /> : null}
        {scope.kind === "component" ? <input type="hidden" name="components" value={scope.componentId} /> : null}
        <div class="subscribe-fields">
          <p class="field">
            <label for="subscribe-address">{w.emailLabel}</label>
            <input
              id="subscribe-address"
              name="address"
              type="email"
              autocomplete="email"
              maxlength={254}
              required
              value={values.address ?? ""}
              aria-invalid={addressError ? "true" : undefined}
            />
          </p>
          <p class="field">
            <label for="subscribe-locale">{w.languageLabel}</label>
            <select id="subscribe-locale" name="locale">
              {LOCALES.map((locale) => (
                <option value={locale} lang={locale} selected={locale === chosenLocale}>
                  {w.localeNames[locale]}
                </option>
              ))}
            </select>
          </p>
        </div>
        {scope.kind === "service" && scope.components.length > 0 ? (
          <details class="subscribe-some" open={chosen.size > 0}>
            <summary>{w.someComponents}</summary>
            <div class="inline-choices">
              {scope.components.map((component) => (
                <label class="pill">
                  <input type="checkbox" name="components" value={component.id} checked={chosen.has(component.id)} />
                  {component.name}
                </label>
              ))}
            </div>
          </details>
        ) : null}
        {/* A <div>, not a <p>: the push button's box holds block elements (a <p> would be closed before them). */}
        <div class="actions">
          <button class="button" type="submit">
            {w.button}
          </button>
          {pushButton ? <div class="subscribe-push">{pushButton}</div> : null}
        </div>
      </form>
      <p class="hint">
        {w.consent} <a href={`${href(ctx, "/how")}#how-privacy`}>{w.privacyLink}</a>
      </p>
    </section>
  );
}
