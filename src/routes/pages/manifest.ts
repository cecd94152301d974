import { Hono } from "hono";
import { type AppEnv, pageOf } from "../../http/context";
import { href } from "../../views/href";

/**
 * The web app manifest of a service's pages (`/manifest.webmanifest`, and
 * `/s/{service}/manifest.webmanifest`), linked by the pages that offer Web
 * Push. An iPhone or iPad has Web Push only in a web app opened from the home
 * screen (iOS 16.4+), and Safari makes one only from a page whose manifest
 * says `display: standalone` (or `fullscreen`). A route, not a file in
 * public/, because each service is its own web app: its own name (from the
 * service's configuration, in the reader's language) and its own page to open.
 * https://www.w3.org/TR/appmanifest/ · https://webkit.org/blog/13878/web-push-for-web-apps-on-ios-and-ipados/
 */
export const manifestRoute = new Hono<AppEnv>();

/** public/status.css: the page background (--bg) and the header's card white. */
const BACKGROUND = "#f6f7f9";
const THEME = "#ffffff";

manifestRoute.get("/manifest.webmanifest", (c) => {
  const ctx = pageOf(c);
  const home = ctx.base || "/";
  const manifest = {
    // The service's root, without the language: one app per service whichever language it was added in.
    id: home,
    name: ctx.config.pageTitle[ctx.locale],
    short_name: ctx.config.name[ctx.locale],
    lang: ctx.locale,
    dir: "ltr",
    // The status page, which has the notification button, in the language the manifest was asked for.
    start_url: href(ctx, "/"),
    scope: home,
    display: "standalone",
    background_color: BACKGROUND,
    theme_color: THEME,
    icons: [
      { src: "/push-icon.png", sizes: "192x192", type: "image/png" },
      { src: "/favicon.svg", sizes: "any", type: "image/svg+xml" },
    ],
  };
  c.header("Cache-Control", "public, max-age=300");
  c.header("Vary", "Accept-Language");
  return c.body(JSON.stringify(manifest), 200, { "Content-Type": "application/manifest+json; charset=utf-8" });
});
