import { Hono } from "hono";
import { serviceConfig } from "../config/service";
import { listComponentGroups, listComponents } from "../data/components";
import { database } from "../db/client";
import { overallIndicator } from "../domain/status";
import type { ComponentStatus } from "../domain/symptoms";
import type { AppEnv } from "../env";
import { pickLocale } from "../i18n/locale";
import { toIso } from "../lib/time";

/** Statuspage v2 public API (https://developer.statuspage.io/#tag/pages). */
export const statuspageRouter = new Hono<AppEnv>();

statuspageRouter.get("/api/v2/summary.json", async (c) => {
  const db = database(c.env.DB);
  const config = serviceConfig(c.env);
  const locale = pickLocale(c.req.query("lang"), c.req.header("accept-language"));
  const [components, groups] = await Promise.all([listComponents(db), listComponentGroups(db)]);
  const groupNames = new Map(groups.map((g) => [g.id, locale === "en" ? g.nameEn : g.nameZh]));
  const updatedAt = Math.max(0, ...components.map((row) => row.updatedAt));
  const pageId = config.id;
  return c.json({
    page: {
      id: pageId,
      name: config.pageTitle[locale],
      url: c.env.PUBLIC_URL ?? new URL(c.req.url).origin,
      time_zone: config.timeZone,
      updated_at: toIso(updatedAt),
    },
    status: overallIndicator(components.map((row) => row.status as ComponentStatus)),
    components: components.map((row) => ({
      id: row.id,
      name: locale === "en" ? row.nameEn : row.nameZh,
      status: row.status,
      description: (locale === "en" ? row.descriptionEn : row.descriptionZh) ?? null,
      position: row.position,
      created_at: toIso(row.createdAt),
      updated_at: toIso(row.updatedAt),
      page_id: pageId,
      group: false,
      group_id: row.groupId,
      group_name: row.groupId ? groupNames.get(row.groupId) ?? null : null,
      showcase: row.showcase,
      start_date: null,
      only_show_if_degraded: row.onlyShowIfDegraded,
      status_source: row.statusSource,
    })),
    incidents: [],
    scheduled_maintenances: [],
  });
});
