import type { PageContext } from "../../config/page";
import type { IncidentView } from "../../data/incidents";
import type { ComponentStatus } from "../../domain/symptoms";
import type { BannerKey } from "../../i18n/messages";
import { itemsAffecting, type StatusSnapshot } from "../../read-model";
import { componentNames, localIncident } from "../../views/incident";
import type { OgTags } from "../../views/layout";
import { bannerKey } from "../../views/status-word";

/**
 * Link previews (og:title, og:description) of the public pages. They describe
 * the service, a component or an incident as the public sees it, and never
 * take anything from a report: a verdict page's preview tells the situation
 * of the reporter's component, not their symptom or their message.
 */

const DESCRIPTION_MAX = 200;

function clip(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > DESCRIPTION_MAX ? `${flat.slice(0, DESCRIPTION_MAX - 1)}…` : flat;
}

/** The status page: the service and its overall status in words. */
export function statusOg(ctx: PageContext, snapshot: StatusSnapshot): OgTags {
  const key = bannerKey(snapshot);
  return {
    title: `${ctx.config.pageTitle[ctx.locale]}: ${ctx.t.banner[key]}`,
    description: ctx.t.bannerDetail[key],
  };
}

/** One incident or maintenance: its name and its latest update, in the page's language. */
export function incidentOg(ctx: PageContext, incident: IncidentView): OgTags {
  const latest = incident.updates[0]?.body;
  const status = ctx.t.incidentStatus[incident.status] ?? incident.status;
  return {
    title: incident.name,
    description: clip(latest ? `${status}${ctx.locale === "zh-CN" ? "：" : ": "}${latest}` : status),
    type: "article",
  };
}

const COMPONENT_BANNER: Record<ComponentStatus, BannerKey> = {
  operational: "none",
  degraded_performance: "degraded",
  partial_outage: "major",
  major_outage: "critical",
  under_maintenance: "maintenance",
};

/**
 * A verdict page: the reporter's component as the public sees it (its status,
 * and what is open on it), so a shared link says "this is what is going on
 * with online payments", never what one person reported.
 */
export function componentOg(ctx: PageContext, snapshot: StatusSnapshot, componentId: string): OgTags {
  const names = componentNames(ctx, snapshot.components);
  const row = snapshot.componentsById.get(componentId);
  const status = (row?.status ?? "operational") as ComponentStatus;
  const name = names.get(componentId) ?? componentId;
  const colon = ctx.locale === "zh-CN" ? "：" : ": ";
  const open = itemsAffecting(snapshot, componentId).map((item) => localIncident(ctx, item, names).name);
  return {
    title: `${ctx.config.pageTitle[ctx.locale]} · ${name}${colon}${ctx.t.statusWord[status]}`,
    description: clip(
      open.length ? open.join(ctx.locale === "zh-CN" ? "；" : "; ") : ctx.t.bannerDetail[COMPONENT_BANNER[status]],
    ),
  };
}
