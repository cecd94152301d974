import type { Child } from "hono/jsx";
import type { PageContext } from "../config/page";
import type { Channel, Follows } from "../domain/subscriptions";
import { LOCALES, type Locale } from "../i18n/locale";
import { subscriptionWords } from "../i18n/subscription-words";
import { href } from "./href";

/** A short page: a heading, a sentence, and where to go next. */
export function SubscriptionMessage({
  ctx,
  title,
  body,
  children,
}: {
  ctx: PageContext;
  title: string;
  body: string;
  children?: Child;
}) {
  const w = subscriptionWords(ctx.locale);
  return (
    <div class="narrow subscription">
      <link rel="stylesheet" href="/subscribe.css" />
      <h1>{title}</h1>
      <p>{body}</p>
      {children}
      <p>
        <a class="button secondary" href={href(ctx, "/")}>
          {w.back}
        </a>
      </p>
    </div>
  );
}

/**
 * The confirmation link's page: a button that posts. Following the link alone
 * (as mail scanners do when they fetch every link) confirms nothing.
 */
export function ConfirmView({ ctx, id, token }: { ctx: PageContext; id: string; token: string }) {
  const w = subscriptionWords(ctx.locale);
  return (
    <div class="narrow subscription">
      <link rel="stylesheet" href="/subscribe.css" />
      <h1>{w.confirmTitle}</h1>
      <p>{w.confirmBody}</p>
      <form method="post" action={href(ctx, "/subscriptions/confirm")}>
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="token" value={token} />
        <button class="button" type="submit">
          {w.confirmButton}
        </button>
      </form>
    </div>
  );
}

export interface ManageData {
  id: string;
  token: string;
  channel: Channel;
  locale: Locale;
  follows: Follows;
  /** The service's components as the page lists them, and any followed one it no longer shows. */
  components: { id: string; name: string }[];
  /** The incidents it follows, named. */
  incidents: { id: string; name: string }[];
  /** "Confirmed", "Saved": what just happened. */
  notice?: string;
  error?: string;
}

/** What a subscription follows in words, a form to change it and its language, and the unsubscribe button. */
export function ManageView({ ctx, data }: { ctx: PageContext; data: ManageData }) {
  const w = subscriptionWords(ctx.locale);
  const service = ctx.config.name[ctx.locale];
  const whole = data.follows.componentIds === null && data.follows.incidentIds === null;
  const followed = new Set(data.follows.componentIds ?? []);
  const nameOf = (id: string) => data.components.find((c) => c.id === id)?.name ?? id;
  const link = { id: data.id, token: data.token };
  return (
    <div class="narrow subscription">
      <link rel="stylesheet" href="/subscribe.css" />
      <h1>{w.manageTitle}</h1>
      {data.notice ? (
        <p class="notice" role="status">
          {data.notice}
        </p>
      ) : null}
      {data.error ? (
        <div class="error-summary" role="alert">
          <p>
            <strong>{data.error}</strong>
          </p>
        </div>
      ) : null}
      <p>{w.channelLine(w.channelNames[data.channel])}</p>

      <section aria-labelledby="follows-h">
        <h2 id="follows-h">{w.followsHeading}</h2>
        <ul class="follows">
          {whole ? <li>{w.wholeService(service)}</li> : null}
          {data.follows.componentIds ? (
            <li>{w.componentsLine(data.follows.componentIds.map(nameOf).join(w.list))}</li>
          ) : null}
          {data.incidents.length > 0 ? (
            <li>{w.incidentsLine(data.incidents.map((i) => i.name).join(w.list))}</li>
          ) : null}
        </ul>
      </section>

      <section aria-labelledby="change-h">
        <h2 id="change-h">{w.changeHeading}</h2>
        <form method="post" action={href(ctx, "/subscriptions/manage")}>
          <input type="hidden" name="id" value={link.id} />
          <input type="hidden" name="token" value={link.token} />
          <fieldset>
            <label class="pill">
              <input type="radio" name="scope" value="service" checked={whole} />
              <span>{w.scopeWhole(service)}</span>
            </label>{" "}
            <label class="pill">
              <input type="radio" name="scope" value="chosen" checked={!whole} />
              <span>{w.scopeChosen}</span>
            </label>
          </fieldset>
          <fieldset>
            <legend>{w.componentsLegend}</legend>
            <div class="inline-choices">
              {data.components.map((component) => (
                <label class="pill">
                  <input type="checkbox" name="components" value={component.id} checked={followed.has(component.id)} />
                  <span>{component.name}</span>
                </label>
              ))}
            </div>
          </fieldset>
          {data.incidents.length > 0 ? (
            <fieldset>
              <legend>{w.incidentsLegend}</legend>
              <div class="inline-choices">
                {data.incidents.map((incident) => (
                  <label class="pill">
                    <input type="checkbox" name="incidents" value={incident.id} checked />
                    <span>{incident.name}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}
          <p class="field">
            <label for="manage-locale">{w.languageLabel}</label>
            <select id="manage-locale" name="locale">
              {LOCALES.map((locale) => (
                <option value={locale} lang={locale} selected={locale === data.locale}>
                  {w.localeNames[locale]}
                </option>
              ))}
            </select>
          </p>
          <p class="actions">
            <button class="button" type="submit">
              {w.save}
            </button>
          </p>
        </form>
      </section>

      <section aria-labelledby="unsubscribe-h">
        <h2 id="unsubscribe-h">{w.unsubscribeHeading}</h2>
        <p>{w.unsubscribeDetail}</p>
        <form method="post" action={href(ctx, "/subscriptions/unsubscribe", link)}>
          <button class="button secondary" type="submit">
            {w.unsubscribeButton}
          </button>
        </form>
      </section>
    </div>
  );
}
