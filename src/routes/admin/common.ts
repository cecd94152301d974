import type { z } from "@hono/zod-openapi";
import type { IncidentView } from "../../data/incidents";
import { invalid } from "../../domain/errors";
import type { DomainEvent } from "../../domain/events";
import { guardBody } from "../../http/body";
import { type AppContext, boardOf, pageOf } from "../../http/context";
import { ADMIN_AUTH, errorResponses } from "../../http/openapi";

export { idParam } from "../../http/openapi";

import { boardComponents } from "../../read-model";
import { adminIncidentJson } from "../../serializers/statuspage";
import { dispatch } from "../../webhooks/deliver";

/** Admin bodies may carry long incident texts: 64 KB instead of the public 8 KB. */
export const ADMIN_MAX_BODY = 64 * 1024;

/** What every admin route declares: its tag, the bearer token, and (for writes) the body guard. */
export function admin(tag: string, options: { body?: "required" | "optional" } = {}) {
  return {
    tags: [tag],
    security: ADMIN_AUTH,
    ...(options.body
      ? { middleware: [guardBody({ maxBytes: ADMIN_MAX_BODY, optional: options.body === "optional" })] }
      : {}),
  };
}

/** A JSON request body, validated and documented from its schema. */
export function jsonBody<S extends z.ZodType>(schema: S, required = true) {
  return { required, content: { "application/json": { schema } } };
}

/** A JSON answer. */
export function jsonAnswer<S extends z.ZodType>(schema: S, description = "OK") {
  return { description, content: { "application/json": { schema } } };
}

/** The errors every admin route can answer, plus the route's own. */
export function adminErrors(...more: Parameters<typeof errorResponses>) {
  return errorResponses(400, 401, [404, "Not found, or the admin API is off (no ADMIN_TOKEN)"], ...more);
}

/** Sends the events' webhooks after the response (retries come from the cron). */
export function notify(c: AppContext, events: DomainEvent[]): void {
  if (events.length === 0) return;
  const work = dispatch(c.env, events, pageOf(c).url).catch((error) => console.error("webhook dispatch failed", error));
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // No execution context (e.g. app.request in a script): the promise still runs.
  }
}

/** Incidents as operators see them, with components from the current board (every service's). */
export async function incidentsOut(c: AppContext, views: IncidentView[]) {
  const components = boardComponents(await boardOf(c));
  return views.map((view) => adminIncidentJson(view, components, pageOf(c)));
}

/**
 * The service an admin write is for: the one named (it must be enabled), else
 * the default service. `field` names where the id was given, for the 400.
 */
export async function adminServiceId(c: AppContext, named: string | undefined, field: string): Promise<string> {
  const { registry } = await boardOf(c);
  if (named === undefined) return registry.defaultId;
  if (!registry.byId.has(named)) throw invalid("unknown_service", `No enabled service "${named}"`, field);
  return named;
}

export async function incidentOut(c: AppContext, view: IncidentView) {
  return (await incidentsOut(c, [view]))[0]!;
}
