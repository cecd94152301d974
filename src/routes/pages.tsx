import { Hono } from "hono";
import { serviceConfig } from "../config/service";
import { listComponents } from "../data/components";
import { database } from "../db/client";
import { overallIndicator } from "../domain/status";
import type { ComponentStatus } from "../domain/symptoms";
import type { AppEnv } from "../env";
import { pickLocale } from "../i18n/locale";
import { messages } from "../i18n/messages";

export const pagesRouter = new Hono<AppEnv>();

pagesRouter.get("/", async (c) => {
  const locale = pickLocale(c.req.query("lang"), c.req.header("accept-language"));
  const t = messages(locale);
  const config = serviceConfig(c.env);
  const components = await listComponents(database(c.env.DB));
  const overall = overallIndicator(components.map((row) => row.status as ComponentStatus));
  return c.html(
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{config.pageTitle[locale]}</title>
      </head>
      <body>
        <header>
          <h1>{config.pageTitle[locale]}</h1>
          <a href={locale === "en" ? "?lang=zh-CN" : "?lang=en"}>{t.switchLanguage}</a>
        </header>
        <main>
          <p role="status">{t.banner[overall.indicator]}</p>
          <h2>{t.components}</h2>
          <ul>
            {components.map((row) => (
              <li data-component={row.id} data-status={row.status}>
                {locale === "en" ? row.nameEn : row.nameZh}: {t.statusWord[row.status as ComponentStatus]}
              </li>
            ))}
          </ul>
          <p>
            <a href={`/report${locale === "en" ? "?lang=en" : ""}`}>{t.reportCta}</a>
          </p>
        </main>
      </body>
    </html>,
  );
});
