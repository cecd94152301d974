import { createRoute, z } from "@hono/zod-openapi";
import { cors } from "hono/cors";
import { serviceUrl } from "../config/page";
import { recentReportersByComponent } from "../data/stats";
import { worstStatus } from "../domain/status";
import { type AppContext, boardOf, pageOf } from "../http/context";
import { cachedRoute, createRouter, errorResponses, langQuery, PUBLIC } from "../http/openapi";
import { isoTime, shortTime } from "../i18n/format";
import { toIso } from "../lib/time";
import { type ServiceSummary, summarizeBoard } from "../read-model";
import { boardSchema } from "../schemas/board";
import { href } from "../views/href";
import { Layout } from "../views/layout";
import { bannerKey, StatusWord } from "../views/status-word";

/**
 * The board: every enabled service at once, /services (page) and
 * /api/services.json (the same as JSON). Rendered from the board read model,
 * like each service's own page.
 */
export const boardRouter = createRouter();

boardRouter.use("/api/services.json", cors({ origin: "*", allowMethods: ["GET", "HEAD", "OPTIONS"] }));

/** The board is about no one service: pages use the default service's frame, at the root. */
async function boardPage(c: AppContext): Promise<ServiceSummary[]> {
  const board = await boardOf(c);
  c.set("service", board.registry.byId.get(board.registry.defaultId)!);
  c.set("base", "");
  return summarizeBoard(board, await recentReportersByComponent(c.get("db"), c.get("now")));
}

const BOARD_CACHE = "public, max-age=30";

boardRouter.openapi(
  cachedRoute(
    createRoute({
      method: "get",
      path: "/api/services.json",
      operationId: "getServices",
      tags: ["Services"],
      summary: "Every service's status, reports in the last hour against usual, and what works instead",
      security: PUBLIC,
      request: { query: z.object({ lang: langQuery }) },
      responses: {
        200: { description: "OK", content: { "application/json": { schema: boardSchema } } },
        ...errorResponses([400, "Unsupported `lang`"]),
      },
    }),
  ),
  async (c) => {
    const summaries = await boardPage(c);
    const ctx = pageOf(c);
    const locale = ctx.locale;
    c.header("Cache-Control", BOARD_CACHE);
    c.header("Vary", "Accept-Language");
    return c.json(
      {
        updated_at: toIso(Math.max(...summaries.map((s) => s.snapshot.updatedAt)))!,
        services: summaries.map((s) => ({
          id: s.service.id,
          name: s.service.name[locale],
          url: serviceUrl(ctx, s.service.id),
          status: s.snapshot.overall,
          reports_last_hour: s.reportersLastHour,
          usual_last_hour: s.usualLastHour,
          open_incidents: s.openIncidents,
          maintenance_in_progress: s.maintenanceInProgress,
          can_use_instead: s.canUseInstead.map((a) => ({ id: a.service!, name: a.name[locale], status: a.status! })),
        })),
      },
      200,
    );
  },
);

boardRouter.openapi(
  cachedRoute(
    createRoute({
      method: "get",
      path: "/services",
      operationId: "getServicesPage",
      tags: ["Services"],
      summary: "The board (HTML)",
      security: PUBLIC,
      request: { query: z.object({ lang: langQuery }) },
      responses: {
        200: { description: "OK", content: { "text/html": { schema: z.string() } } },
        ...errorResponses([400, "Unsupported `lang`"]),
      },
    }),
  ),
  async (c) => {
    const summaries = await boardPage(c);
    const ctx = pageOf(c);
    const { t, locale, nowMs } = ctx;
    const separator = locale === "zh-CN" ? "、" : ", ";
    c.header("Cache-Control", BOARD_CACHE);
    c.header("Vary", "Accept-Language");
    return c.html(
      "<!doctype html>" +
      (
        <Layout ctx={ctx} title={t.board.title} siteTitle={t.board.title}>
          <section class="stack" aria-labelledby="board-h">
            <h1 id="board-h">{t.board.title}</h1>
            <p class="lead">{t.board.intro}</p>
            <p class="updated">
              <time datetime={isoTime(nowMs)}>{t.updatedAt(shortTime(nowMs, locale, ctx.config.timeZone))}</time>
            </p>
            <ul class="board">
              {summaries.map((s) => {
                const path = s.service.id === ctx.config.id ? "/" : `/s/${s.service.id}`;
                const status = worstStatus(s.snapshot.components.map((component) => component.status));
                return (
                  <li
                    class={`card board-row ind-${s.snapshot.overall.indicator}`}
                    data-service={s.service.id}
                    data-indicator={s.snapshot.overall.indicator}
                  >
                    <div class="comp-head">
                      <h2>
                        <a href={href({ ...ctx, base: "" }, path)}>{s.service.name[locale]}</a>
                      </h2>
                      <StatusWord status={status} t={t} />
                    </div>
                    <p>{t.banner[bannerKey(s.snapshot)]}</p>
                    <p class="muted">
                      {t.board.reportsLastHour(s.reportersLastHour, s.usualLastHour)}
                      {" · "}
                      {t.board.incidents(s.openIncidents)}
                    </p>
                    <p class="can-use">
                      {s.canUseInstead.length > 0 ? (
                        <>
                          {t.board.canUse}
                          {s.canUseInstead.map((a) => a.name[locale]).join(separator)}
                        </>
                      ) : (
                        t.board.noneUsable
                      )}
                    </p>
                  </li>
                );
              })}
            </ul>
          </section>
        </Layout>
      ),
      200,
    );
  },
);
