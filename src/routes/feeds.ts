import { createRoute, z } from "@hono/zod-openapi";
import type { PageContext } from "../config/page";
import type { IncidentView } from "../data/incidents";
import { maintenanceStatusAt } from "../domain/maintenance";
import { type AppContext, pageOf, snapshotOf } from "../http/context";
import { cachedRoute, createRouter, errorResponses, langQuery, PUBLIC } from "../http/openapi";
import { FEED_WORDS, UPDATE_STATUS_WORDS } from "../i18n/api-words";
import { localizeDetected } from "../i18n/evidence-text";
import { localName } from "../i18n/locale";
import { formatDateTime, toIso } from "../lib/time";
import { escapeXml as esc } from "../lib/xml";
import { recentHistory } from "../read-model";

/**
 * /history.atom and /history.rss: incidents and maintenance with their
 * updates, like Statuspage's history feeds. Every stored text is escaped
 * twice where it sits in HTML inside XML (once for HTML, once for XML).
 */
export const feedsRouter = createRouter();

function entryHtml(view: IncidentView, ctx: PageContext): string {
  const words = UPDATE_STATUS_WORDS[ctx.locale];
  const parts = view.updates.map((u) => {
    const when = formatDateTime(u.displayAt, ctx.locale, ctx.config.timeZone);
    return `<p><small>${esc(when)}</small><br><strong>${esc(words[u.status] ?? u.status)}</strong> - ${esc(u.body)}</p>`;
  });
  if (view.type === "maintenance" && view.scheduledFor != null && view.scheduledUntil != null) {
    const at = (ms: number) => formatDateTime(ms, ctx.locale, ctx.config.timeZone);
    const window = `${at(view.scheduledFor)} – ${at(view.scheduledUntil)}`;
    parts.push(`<p><small>${esc(window)}</small></p>`);
  }
  return parts.join("");
}

function entryTitle(view: IncidentView, ctx: PageContext, now: number): string {
  const status = view.type === "maintenance" ? maintenanceStatusAt(view, now) : view.status;
  return `${view.name} (${UPDATE_STATUS_WORDS[ctx.locale][status] ?? status})`;
}

async function load(c: AppContext) {
  const ctx = pageOf(c);
  const snapshot = await snapshotOf(c);
  const views = (await recentHistory(c.get("db"), snapshot)).feed.map((view) =>
    localizeDetected(view, ctx.locale, (id) => {
      const row = snapshot.componentsById.get(id);
      return row ? localName(ctx.locale, row) : undefined;
    }),
  );
  const updated = Math.max(0, ...views.map((v) => v.updatedAt));
  const name = ctx.config.pageTitle[ctx.locale];
  // The service's own address: `/s/{id}` unless it is served at the root.
  const home = `${ctx.url}${ctx.base}`;
  return { ctx, home, views, updated, name, title: `${name} - ${FEED_WORDS[ctx.locale].history}`, now: ctx.nowMs };
}

function feedRoute(path: string, operationId: string, type: string, summary: string) {
  return cachedRoute(
    createRoute({
      method: "get",
      path,
      operationId,
      tags: ["Feeds and badges"],
      summary,
      security: PUBLIC,
      request: { query: z.object({ lang: langQuery }) },
      responses: {
        200: { description: "OK", content: { [type]: { schema: z.string() } } },
        ...errorResponses([400, "Unsupported `lang`"]),
      },
    }),
  );
}

function send(c: AppContext, xml: string, type: string) {
  return c.body(xml, 200, {
    "Content-Type": `${type}; charset=utf-8`,
    "Cache-Control": "public, max-age=60",
    Vary: "Accept-Language",
  });
}

feedsRouter.openapi(
  feedRoute("/history.atom", "getHistoryAtom", "application/atom+xml", "Incident and maintenance history (Atom)"),
  async (c) => {
    const { ctx, home, views, updated, name, title, now } = await load(c);
    const entries = views.map(
      (v) => `  <entry>
    <id>${esc(`${home}/incidents/${v.id}`)}</id>
    <published>${toIso(v.createdAt)}</published>
    <updated>${toIso(v.updatedAt)}</updated>
    <link rel="alternate" type="text/html" href="${esc(`${home}/incidents/${v.id}`)}"/>
    <title>${esc(entryTitle(v, ctx, now))}</title>
    <content type="html">${esc(entryHtml(v, ctx))}</content>
  </entry>`,
    );
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${ctx.locale}">
  <id>${esc(`${home}/history`)}</id>
  <link rel="alternate" type="text/html" href="${esc(`${home}/`)}"/>
  <link rel="self" type="application/atom+xml" href="${esc(`${home}/history.atom`)}"/>
  <title>${esc(title)}</title>
  <updated>${toIso(updated || now)}</updated>
  <author><name>${esc(name)}</name></author>
${entries.join("\n")}
</feed>
`;
    return send(c, xml, "application/atom+xml");
  },
);

feedsRouter.openapi(
  feedRoute("/history.rss", "getHistoryRss", "application/rss+xml", "Incident and maintenance history (RSS 2.0)"),
  async (c) => {
    const { ctx, home, views, updated, title, now } = await load(c);
    const items = views.map(
      (v) => `    <item>
      <title>${esc(entryTitle(v, ctx, now))}</title>
      <description>${esc(entryHtml(v, ctx))}</description>
      <pubDate>${new Date(v.createdAt).toUTCString()}</pubDate>
      <link>${esc(`${home}/incidents/${v.id}`)}</link>
      <guid isPermaLink="true">${esc(`${home}/incidents/${v.id}`)}</guid>
    </item>`,
    );
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${esc(title)}</title>
    <link>${esc(`${home}/`)}</link>
    <description>${esc(title)}</description>
    <language>${ctx.locale === "en" ? "en" : "zh-cn"}</language>
    <lastBuildDate>${new Date(updated || now).toUTCString()}</lastBuildDate>
    <atom:link href="${esc(`${home}/history.rss`)}" rel="self" type="application/rss+xml"/>
${items.join("\n")}
  </channel>
</rss>
`;
    return send(c, xml, "application/rss+xml");
  },
);
