import { type RouteConfig, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ComponentRow } from "../../data/components";
import { listComponents } from "../../data/components";
import type { IncidentView } from "../../data/incidents";
import { type Database, database } from "../../db/client";
import type { DomainEvent } from "../../domain/events";
import type { AppEnv } from "../../env";
import { readBody, validate } from "../../lib/body";
import { errorSchema } from "../../schemas/statuspage";
import { pageContext } from "../../serializers/page-context";
import { adminIncidentJson } from "../../serializers/statuspage";
import { dispatch } from "../../webhooks/deliver";

/** Admin bodies may carry long incident texts: 64 KB instead of the public 8 KB. */
export const ADMIN_MAX_BODY = 64 * 1024;

export function db(c: Context<AppEnv>): Database {
  return database(c.env.DB);
}

/** Reads and validates a JSON body with the schema the route documents. */
export async function body<S extends z.ZodType>(c: Context<AppEnv>, schema: S): Promise<z.infer<S>> {
  const { data } = await readBody(c, ADMIN_MAX_BODY);
  return validate(schema, data);
}

/** Like body(), for actions whose body is optional (confirm, dismiss, cancel). */
export async function optionalBody<S extends z.ZodType>(c: Context<AppEnv>, schema: S): Promise<z.infer<S>> {
  const empty = !c.req.raw.body || c.req.header("content-length") === "0";
  if (empty) return validate(schema, {});
  return body(c, schema);
}

/** Sends the events' webhooks after the response (retries come from the cron). */
export function notify(c: Context<AppEnv>, events: DomainEvent[]): void {
  if (events.length === 0) return;
  const work = dispatch(c.env, events, new URL(c.req.url).origin).catch((error) =>
    console.error("webhook dispatch failed", error),
  );
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // No execution context (e.g. app.request in a script): the promise still runs.
  }
}

export async function incidentOut(c: Context<AppEnv>, view: IncidentView, components?: ComponentRow[]) {
  const rows = components ?? (await listComponents(db(c)));
  return adminIncidentJson(view, new Map(rows.map((r) => [r.id, r])), pageContext(c), Date.now());
}

export const AUTH = [{ bearerAuth: [] }];

const errors = {
  400: { description: "Invalid input", content: { "application/json": { schema: errorSchema } } },
  401: { description: "Missing or wrong admin token", content: { "application/json": { schema: errorSchema } } },
  404: {
    description: "Not found, or the admin API is off (no ADMIN_TOKEN)",
    content: { "application/json": { schema: errorSchema } },
  },
};

/** A documented admin route: bearer auth and the usual error answers. */
export function adminRoute(
  method: RouteConfig["method"],
  path: string,
  summary: string,
  options: {
    body?: z.ZodType;
    query?: z.ZodObject;
    ok?: { status: number; schema?: z.ZodType; description?: string };
    conflict?: string;
    tag?: string;
  } = {},
): RouteConfig {
  const ok = options.ok ?? { status: 200 };
  const params = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  return {
    method,
    path,
    summary,
    tags: [options.tag ?? "Admin"],
    security: AUTH,
    request: {
      ...(params.length ? { params: paramsSchema(params) } : {}),
      ...(options.query ? { query: options.query as never } : {}),
      ...(options.body ? { body: { required: true, content: { "application/json": { schema: options.body } } } } : {}),
    },
    responses: {
      [ok.status]: ok.schema
        ? { description: ok.description ?? "OK", content: { "application/json": { schema: ok.schema } } }
        : { description: ok.description ?? "Done, no content" },
      ...errors,
      ...(options.conflict
        ? { 409: { description: options.conflict, content: { "application/json": { schema: errorSchema } } } }
        : {}),
    },
  } as RouteConfig;
}

function paramsSchema(names: string[]) {
  return z.object(Object.fromEntries(names.map((n) => [n, z.string().openapi({ param: { name: n, in: "path" } })])));
}
