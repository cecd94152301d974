import type { Child } from "hono/jsx";
import type { PageContext } from "../config/page";
import { zoneLabel } from "./format";
import { href } from "./href";

interface LayoutProps {
  ctx: PageContext;
  title?: string;
  /** The site's name in the header (default: the service's page title). */
  siteTitle?: string;
  /** Load the form's progressive-enhancement script. */
  withScript?: boolean;
  /** Reload the page (or go to `url`) after this many seconds: a live page that works without JavaScript. */
  refresh?: { seconds: number; url: string };
  children?: Child;
}

/** The frame of every public page: header with navigation and language switch, main, footer. */
export function Layout({ ctx, title, siteTitle: givenSiteTitle, withScript, refresh, children }: LayoutProps) {
  const { t, config, locale } = ctx;
  const siteTitle = givenSiteTitle ?? config.pageTitle[locale];
  const other = t.switchLang;
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        {refresh ? <meta http-equiv="refresh" content={`${refresh.seconds};url=${refresh.url}`} /> : null}
        <title>{title ? `${title} · ${siteTitle}` : siteTitle}</title>
        <link rel="stylesheet" href="/status.css" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="alternate" hreflang={other} href={`${ctx.path}?lang=${other}`} />
        {withScript ? <script src="/report.js" defer></script> : null}
      </head>
      <body>
        <a class="skip" href="#main">
          {t.skipToContent}
        </a>
        <header class="site">
          <div class="wrap site-bar">
            <a class="brand" href={href(ctx, "/")}>
              {siteTitle}
            </a>
            <nav aria-label={t.nav.status}>
              <a href={href(ctx, "/report")}>{t.nav.report}</a>
              <a href={href(ctx, "/history")}>{t.nav.history}</a>
              <a href={href({ ...ctx, base: "" }, "/services")}>{t.board.nav}</a>
              <a
                class="lang"
                href={`${ctx.path}?lang=${other}`}
                lang={other}
                hreflang={other}
                aria-label={t.switchLanguageLabel}
              >
                {t.switchLanguage}
              </a>
            </nav>
          </div>
        </header>
        <main id="main" class="wrap">
          {children}
        </main>
        <footer class="wrap site-foot">
          <p>{t.footer.about}</p>
          <p>
            {t.footer.times(zoneLabel(config.timeZone, ctx.nowMs))}{" "}
            <a href={`${ctx.base}/api/v2/summary.json`}>{t.footer.api}</a>
          </p>
        </footer>
      </body>
    </html>
  );
}
