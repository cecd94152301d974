import { defaultLocale, type PageContext, pageContext, publicBaseUrl } from "../config/page";
import { findIncident, type IncidentView } from "../data/incidents";
import type { Database } from "../db/client";
import type { DomainEvent } from "../domain/events";
import type { Env } from "../env";
import { type Board, snapshotOfComponent } from "./board";
import type { StatusSnapshot } from "./snapshot";

/**
 * What the Worker tells the outside about an event (webhook payloads in
 * src/webhooks, subscriber notices in src/notify) starts here: the service the
 * event belongs to and the incident it is about, and that service's page as
 * seen from outside.
 */

/**
 * A service's page as outsiders see it: PUBLIC_URL (or the request's origin),
 * the service's address (the root for the default service) and the default language.
 */
export function outboundPageContext(
  env: Pick<Env, "DEFAULT_LOCALE" | "PUBLIC_URL">,
  board: Board,
  snapshot: StatusSnapshot,
  origin = "",
  nowMs = Date.now(),
): PageContext {
  const service = snapshot.service;
  return pageContext({
    config: service,
    base: service.id === board.registry.defaultId ? "" : `/s/${service.id}`,
    locale: defaultLocale(env.DEFAULT_LOCALE),
    lang: null,
    path: "/",
    url: publicBaseUrl(env.PUBLIC_URL, origin),
    nowMs,
  });
}

/** The service an event belongs to (an enabled one), and the incident or maintenance it is about. */
export async function eventSubject(
  db: Database,
  board: Board,
  event: DomainEvent,
): Promise<{ snapshot: StatusSnapshot; view?: IncidentView } | undefined> {
  if (event.type === "component.status_changed") {
    const snapshot = snapshotOfComponent(board, event.componentId);
    return snapshot ? { snapshot } : undefined;
  }
  const view = await findIncident(db, event.incidentId);
  const snapshot = view ? board.snapshots.get(view.serviceId) : undefined;
  return snapshot && view ? { snapshot, view } : undefined;
}
