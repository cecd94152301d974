import type { Context, MiddlewareHandler } from "hono";
import { defaultLocale, type PageContext, pageContext, publicBaseUrl } from "../config/page";
import type { ServiceConfig } from "../config/types";
import { recentStateVersion } from "../data/state-version";
import { type Database, database } from "../db/client";
import { notFound } from "../domain/errors";
import type { RequestLocation } from "../domain/located-region";
import type { Env } from "../env";
import { type Locale, pickLocale } from "../i18n/locale";
import { type Board, type StatusSnapshot, statusBoard } from "../read-model";

/** What the request context middleware resolves once per request; handlers read it with `c.get("…")` (a Map lookup; `c.var` would copy every variable into a new object on each access). */
export interface RequestVariables {
  db: Database;
  /** The request's clock: every decision of one request is made at this moment. */
  now: number;
  /** `?lang=`, then Accept-Language, then DEFAULT_LOCALE. */
  locale: Locale;
  /** The explicit `?lang=`, when the reader chose one (links keep it). */
  lang: Locale | null;
  /** The service a public route is about (set by serviceScope). */
  service: ServiceConfig;
  /** Where the service's pages live: "" at the root (or its own host), `/s/{id}` otherwise. */
  base: string;
  /** Read it with boardOf(c). */
  board?: Board;
  /** Made on first use: read it with pageOf(c). */
  page?: PageContext;
}

export type AppEnv = { Bindings: Env; Variables: RequestVariables };
export type AppContext = Context<AppEnv>;

/** The origin of an absolute URL without parsing it (this runs on every request). */
export function originOf(url: string): string {
  const end = url.indexOf("/", url.indexOf("//") + 2);
  return end < 0 ? url : url.slice(0, end);
}

/** A `?lang=` value names a supported language when it starts like one (zh-CN, zh-Hans, en-GB…). */
function explicitLocale(param: string | undefined): Locale | null {
  return param && /^\s*(zh|en)/i.test(param) ? pickLocale(param, undefined) : null;
}

/**
 * Resolves, once per request, what every handler needs: the database
 * client, the clock and the language. Public routes add their service
 * (serviceScope); the page context is built from both on first use.
 * https://hono.dev/docs/api/context#set-get
 */
export const requestContext: MiddlewareHandler<AppEnv> = async (c, next) => {
  const now = Date.now();
  const lang = explicitLocale(c.req.query("lang"));
  const locale = lang ?? pickLocale(undefined, c.req.header("accept-language"), defaultLocale(c.env.DEFAULT_LOCALE));
  c.set("db", database(c.env.DB));
  c.set("now", now);
  c.set("locale", locale);
  c.set("lang", lang);
  await next();
};

/** The host of an absolute URL without parsing it, lowercased. */
function hostOf(url: string): string {
  const start = url.indexOf("//") + 2;
  const end = url.indexOf("/", start);
  return url.slice(start, end < 0 ? undefined : end).toLowerCase();
}

/**
 * The service of a public route: `/s/{service}/…`, else the service the host
 * name maps to (SERVICE_HOSTS), else the default (SERVICE_ID). An unknown or
 * disabled service is a 404.
 */
export const serviceScope: MiddlewareHandler<AppEnv> = async (c, next) => {
  const board = await boardOf(c);
  const named = (c.req.param() as Record<string, string | undefined>).service;
  const id = named ?? board.registry.hosts.get(hostOf(c.req.url)) ?? board.registry.defaultId;
  const service = board.registry.byId.get(id);
  if (!service) throw notFound("unknown_service", `No service "${id}"`);
  c.set("service", service);
  c.set("base", named ? `/s/${id}` : "");
  await next();
};

/** The page context of this request, made on first use (a report that is only stored never needs it). */
export function pageOf(c: AppContext): PageContext {
  let page = c.get("page");
  if (!page) {
    page = pageContext({
      config: c.get("service"),
      base: c.get("base"),
      locale: c.get("locale"),
      lang: c.get("lang"),
      path: c.req.path,
      url: publicBaseUrl(c.env.PUBLIC_URL, originOf(c.req.url)),
      nowMs: c.get("now"),
    });
    c.set("page", page);
  }
  return page;
}

/** EDGE_CACHE_TTL=0 turns every read cache off: the version is then read on every request. */
const VERSION_MEMO_MS = 1000;

function versionMemoMs(c: AppContext): number {
  return c.env.EDGE_CACHE_TTL === "0" ? 0 : VERSION_MEMO_MS;
}

/** The public state version this request works with (remembered by the isolate for a second). */
export function stateVersion(c: AppContext): Promise<number> {
  return recentStateVersion(c.get("db"), c.get("now"), versionMemoMs(c));
}

/** Every service's snapshot for this request (built once per public state version). */
export async function boardOf(c: AppContext): Promise<Board> {
  let board = c.get("board");
  if (!board) {
    board = await statusBoard(c.get("db"), c.env, c.get("now"), { versionMemoMs: versionMemoMs(c) });
    c.set("board", board);
  }
  return board;
}

/** The status snapshot of the request's service, or of the service named. */
export async function snapshotOf(c: AppContext, serviceId: string = c.get("service").id): Promise<StatusSnapshot> {
  const snapshot = (await boardOf(c)).snapshots.get(serviceId);
  if (!snapshot) throw notFound("unknown_service", `No service "${serviceId}"`);
  return snapshot;
}

/** Where Cloudflare locates the request; undefined where there is no request.cf (tests, some local setups). */
export function requestLocation(c: AppContext): RequestLocation | undefined {
  return (c.req.raw.cf as IncomingRequestCfProperties | undefined) ?? undefined;
}
