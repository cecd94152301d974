import { isoTime, shortTime } from "../i18n/format";
import type { Locale } from "../i18n/locale";
import { MIRROR_WORDS } from "../i18n/mirror-words";
import { escapeXml } from "../lib/xml";

/**
 * A page as the live Worker rendered it, made to work as a file in a bucket
 * (https://developers.cloudflare.com/workers/runtime-apis/html-rewriter/):
 * links to what the mirror holds become relative (so the bucket may serve it
 * under any prefix), every other site link goes to the live origin, forms
 * (which would post to the bucket) become a link to the live page, and a
 * note says when the copy was made, with the way to the live report form.
 * The web app manifest link goes too: a home-screen app of a copy would have
 * no notification button (it is in a form), and the manifest is the live
 * origin's. Nothing else changes: the page is the one every visitor of the live site gets.
 */

/** How the root-relative links of a page resolve in the mirror. */
export interface MirrorLinks {
  /** The live origin, no trailing slash. */
  publicUrl: string;
  /** The mirror file of a live path and query (`/`, `/?lang=en`, `/api/v2/summary.json`), if it is mirrored. */
  fileFor(path: string, query: URLSearchParams): string | undefined;
  /** A static asset (CSS, script, icon) copied into the mirror: its key, or null when it is not there. */
  asset(path: string): Promise<string | null>;
}

export interface MirrorPage {
  /** The file this page becomes (`s/wechat-pay/en/index.html`). */
  key: string;
  /** Its live address. */
  liveUrl: string;
  /** The live report form, in the page's language. */
  reportUrl: string;
  locale: Locale;
  timeZone: string;
  renderedAt: number;
}

/** The path from one file of the mirror to another, relative to the first one's folder. */
export function relativeHref(from: string, to: string): string {
  const fromDir = from.split("/").slice(0, -1);
  const target = to.split("/");
  let common = 0;
  while (common < fromDir.length && common < target.length - 1 && fromDir[common] === target[common]) common++;
  return "../".repeat(fromDir.length - common) + target.slice(common).join("/");
}

/** Where a link of the page points in the mirror: a relative file, or the live origin. */
async function resolve(href: string, asset: boolean, page: MirrorPage, links: MirrorLinks): Promise<string> {
  // Fragments, absolute and protocol-relative URLs stay as they are; the pages have no other relative links.
  if (!href.startsWith("/") || href.startsWith("//")) return href;
  const url = new URL(href, links.publicUrl);
  const key =
    links.fileFor(url.pathname, url.searchParams) ?? (asset && !url.search ? await links.asset(url.pathname) : null);
  return key ? relativeHref(page.key, key) + url.hash : links.publicUrl + href;
}

function note(page: MirrorPage): string {
  const words = MIRROR_WORDS[page.locale];
  const time = shortTime(page.renderedAt, page.locale, page.timeZone);
  return (
    `<p class="mirror-note" role="note">${escapeXml(words.generated)} ` +
    `<time datetime="${isoTime(page.renderedAt)}">${escapeXml(time)}</time> · ` +
    `<a href="${escapeXml(page.reportUrl)}">${escapeXml(words.reportLive)}</a></p>`
  );
}

function rewriteAttribute(name: string, asset: (element: Element) => boolean, page: MirrorPage, links: MirrorLinks) {
  return {
    async element(element: Element) {
      const value = element.getAttribute(name);
      if (value) element.setAttribute(name, await resolve(value, asset(element), page, links));
    },
  };
}

const ASSET_RELS = /\b(stylesheet|icon|preload|modulepreload|manifest)\b/i;

export async function rewritePage(html: string, page: MirrorPage, links: MirrorLinks): Promise<string> {
  const onLive = `<p class="mirror-live"><a href="${escapeXml(page.liveUrl)}">${escapeXml(MIRROR_WORDS[page.locale].formOnLive)}</a></p>`;
  const rewriter = new HTMLRewriter()
    .on("main", {
      element(element) {
        element.prepend(note(page), { html: true });
      },
    })
    .on("form", {
      element(element) {
        element.replace(onLive, { html: true });
      },
    })
    .on('link[rel="manifest" i]', {
      element(element) {
        element.remove();
      },
    })
    // A timed reload would lead to the live address.
    .on('meta[http-equiv="refresh" i]', {
      element(element) {
        element.remove();
      },
    })
    .on(
      "a[href]",
      rewriteAttribute("href", () => false, page, links),
    )
    .on(
      "link[href]",
      rewriteAttribute("href", (element) => ASSET_RELS.test(element.getAttribute("rel") ?? ""), page, links),
    )
    .on(
      "script[src], img[src]",
      rewriteAttribute("src", () => true, page, links),
    );
  return rewriter.transform(new Response(html)).text();
}
