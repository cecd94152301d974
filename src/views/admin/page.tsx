import { UPDATE_STATUS_WORDS } from "../../i18n/api-words";
import { messages } from "../../i18n/messages";
import { CatalogCard } from "./catalog";
import { IncidentCards, MaintenanceCards } from "./incidents";
import type { ConsoleModel } from "./model";
import { NOTIFICATION_TEXTS } from "./notification-texts";
import { NotificationsCard } from "./notifications";
import { ProbeCards } from "./probes";
import { ScopeCard } from "./scope";
import { ServicesCard } from "./services";
import { CONSOLE_TEXTS } from "./texts";
import { WebhooksCard } from "./webhooks";

/** JSON for a <script type="application/json"> block: nothing in it can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

/** The words public/console/*.js needs, in the page's language. */
function clientTexts(model: ConsoleModel) {
  return {
    ...model.t,
    ...CONSOLE_TEXTS[model.locale].client,
    ...NOTIFICATION_TEXTS[model.locale].client,
    statuses: UPDATE_STATUS_WORDS[model.locale],
    componentStatus: messages(model.locale).statusWord,
  };
}

/**
 * /admin: sign-in, then every section of the console. The lists are filled
 * by public/console/main.js from the admin API once signed in; forms, labels
 * and the first view of the selected service's choices are rendered here.
 */
export function ConsolePage({ model }: { model: ConsoleModel }) {
  const { t, locale } = model;
  const other = locale === "en" ? "zh-CN" : "en";
  const query = (lang: string) => `/admin?lang=${lang}&service=${encodeURIComponent(model.scope.id)}`;
  const sections: [string, string][] = [
    ["services", t.services],
    ["incidents", t.open],
    ["maintenances", t.upcoming],
    ["catalog", t.components],
    ["probes", t.probes],
    ["agents", t.agents],
    ["webhooks", t.webhooks],
    ["notifications", NOTIFICATION_TEXTS[locale].page.notifications],
  ];
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{model.title}</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/status.css" />
        <link rel="stylesheet" href="/admin.css" />
        <script type="module" src="/console/main.js"></script>
      </head>
      <body data-admin-enabled={model.adminEnabled ? "1" : "0"}>
        <header class="site">
          <div class="wrap site-bar">
            <span class="brand">{model.title}</span>
            <span class="muted">
              <a href="/">{t.page}</a> · <a href="/services">{t.board}</a> · <a href="/api/docs">{t.docs}</a> ·{" "}
              <a id="lang-link" href={query(other)}>
                {locale === "en" ? "中文" : "English"}
              </a>
            </span>
          </div>
        </header>
        <main class="wrap">
          <noscript>
            <p class="card">{t.noscript}</p>
          </noscript>
          <p id="flash" role="status" aria-live="polite" class="muted"></p>

          <section id="signin" class="card">
            <h2>{t.signIn}</h2>
            {/* method=post so a token never lands in a URL, even if the script failed to load. */}
            <form id="signin-form" method="post" action="/admin">
              <div class="field">
                <label for="token">{t.token}</label>
                <p class="hint">{t.tokenHint}</p>
                <input id="token" name="token" type="password" autocomplete="current-password" required />
              </div>
              <button class="button" type="submit">
                {t.signIn}
              </button>
            </form>
          </section>

          <div id="console" hidden>
            <nav class="actions" aria-label={t.title}>
              {sections.map(([id, label]) => (
                <a href={`#${id}`}>{label}</a>
              ))}
              <button id="signout" class="button secondary" type="button">
                {t.signOut}
              </button>
            </nav>
            <ScopeCard model={model} />
            <ServicesCard model={model} />
            <IncidentCards model={model} />
            <MaintenanceCards model={model} />
            <CatalogCard model={model} />
            <ProbeCards model={model} />
            <WebhooksCard model={model} />
            <NotificationsCard model={model} />
          </div>
          <script
            type="application/json"
            id="console-texts"
            dangerouslySetInnerHTML={{ __html: scriptJson(clientTexts(model)) }}
          />
        </main>
      </body>
    </html>
  );
}
