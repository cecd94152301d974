import type { Child } from "hono/jsx";
import type { PageContext } from "../config/page";
import { zoneLabel } from "../i18n/format";
import { href } from "./href";

/**
 * What a link preview (WeChat, chat apps, social sites) shows of a page:
 * about the service and its situation only, never anything a reporter sent.
 */
export interface OgTags {
  title: string;
  description: string;
  /** `website` (default) or `article` (an incident). */
  type?: "website" | "article";
}

interface LayoutProps {
  ctx: PageContext;
  title?: string;
  /** The site's name in the header (default: the service's page title). */
  siteTitle?: string;
  /** Load the form's progressive-enhancement script. */
  withScript?: boolean;
  /** Reload the page (or go to `url`) after this many seconds: a live page that works without JavaScript. */
  refresh?: { seconds: number; url: string };
  /** Link-preview tags; a page that has them also offers its link to copy (see `ShareLink`). */
  og?: OgTags;
  /** Link the service's web app manifest (src/routes/pages/manifest.ts): pages with the Web Push button. */
  manifest?: boolean;
  children?: Child;
}

/** This page's public address (PUBLIC_URL or the request's origin), keeping a chosen language. */
export function pageUrl(ctx: Pick<PageContext, "url" | "path" | "lang">): string {
  return `${ctx.url}${ctx.path}${ctx.lang ? `?lang=${ctx.lang}` : ""}`;
}

/** Share this page: its link as text (works without JavaScript) and a copy button that /share.js reveals. */
function ShareLink({ ctx }: { ctx: PageContext }) {
  const { share } = ctx.t;
  return (
    <aside class="share" aria-labelledby="share-h">
      <h2 id="share-h">{share.heading}</h2>
      <div class="share-row">
        <input id="share-url" class="share-url" type="text" readonly value={pageUrl(ctx)} aria-labelledby="share-h" />
        <button
          type="button"
          class="button share-copy"
          data-copy="share-url"
          data-copied={share.copied}
          data-select-hint={share.selectHint}
          hidden
        >
          {share.copy}
        </button>
      </div>
      <p class="share-status muted" role="status" aria-live="polite"></p>
    </aside>
  );
}

/** The frame of every public page: header with navigation and language switch, main, footer. */
export function Layout({
  ctx,
  title,
  siteTitle: givenSiteTitle,
  withScript,
  og,
  refresh,
  manifest,
  children,
}: LayoutProps) {
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
        {og ? <meta name="description" content={og.description} /> : null}
        {og ? <meta property="og:title" content={og.title} /> : null}
        {og ? <meta property="og:description" content={og.description} /> : null}
        {og ? <meta property="og:type" content={og.type ?? "website"} /> : null}
        {og ? <meta property="og:url" content={pageUrl(ctx)} /> : null}
        {og ? <meta property="og:site_name" content={siteTitle} /> : null}
        {og ? <meta property="og:locale" content={locale === "zh-CN" ? "zh_CN" : "en_US"} /> : null}
        <link rel="stylesheet" href="/status.css" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        {manifest ? <link rel="manifest" href={href(ctx, "/manifest.webmanifest")} /> : null}
        <link rel="alternate" hreflang={other} href={`${ctx.path}?lang=${other}`} />
        {withScript ? <script src="/report.js" defer></script> : null}
        {og ? <script src="/share.js" defer></script> : null}
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
          {og ? <ShareLink ctx={ctx} /> : null}
        </main>
        <footer class="wrap site-foot">
          <p>{t.footer.about}</p>
          <p>
            {t.footer.times(zoneLabel(config.timeZone, ctx.nowMs))} <a href={href(ctx, "/how")}>{t.footer.how}</a>
            {" · "}
            <a href={`${ctx.base}/api/v2/summary.json`}>{t.footer.api}</a>
          </p>
        </footer>
      </body>
    </html>
  );
}
