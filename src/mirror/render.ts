import { defaultLocale } from "../config/page";
import type { ServiceConfig } from "../config/types";
import { database } from "../db/client";
import type { Env } from "../env";
import { LOCALES, type Locale } from "../i18n/locale";
import { type Board, statusBoard } from "../read-model";
import type { MirrorConfig } from "./config";
import { type MirrorLinks, rewritePage } from "./rewrite";

/** The Worker's own app (`app.fetch` of src/index.ts): the mirror renders every file through it, in-process. */
export type AppFetch = (request: Request, env: Env, ctx: ExecutionContext) => Response | Promise<Response>;

/** Pages, JSON, feeds and badges: a CDN in front of the bucket keeps them a minute at most. */
export const PAGE_CACHE = "public, max-age=60";
/** CSS, scripts and the icon change only with a release (their names carry no version, so not `immutable`). */
export const ASSET_CACHE = "public, max-age=3600";

/** A file of the mirror before it is hashed and stored. */
export interface RenderedFile {
  key: string;
  body: Uint8Array;
  contentType: string;
  cacheControl: string;
}

/** A file copied from a live route. */
export interface PlannedFile {
  /** Where it goes in the bucket. */
  key: string;
  /** The live path and query it is a copy of. */
  path: string;
  /** For an HTML page: what its mirror note needs. */
  page?: { locale: Locale; service: ServiceConfig; base: string; lang: Locale | null };
}

/** The Statuspage v2 documents the Worker serves (src/routes/statuspage.ts); all read the cached snapshot. */
const STATUSPAGE_DOCUMENTS = [
  "summary",
  "status",
  "components",
  "incidents",
  "incidents/unresolved",
  "scheduled-maintenances",
  "scheduled-maintenances/upcoming",
  "scheduled-maintenances/active",
];

/**
 * Which live paths become which files, per enabled service, mirroring the
 * live paths: the service at the root gets `index.html` (its page in the
 * default language) and `{lang}/index.html` (`/?lang=en`), every other one the
 * same under `s/{id}/`; then its Statuspage JSON, feeds and badges in the
 * default language. Nothing here reads a reporter's data.
 */
export function mirrorPlan(board: Board, rootServiceId: string, fallbackLocale: Locale): PlannedFile[] {
  const files: PlannedFile[] = [];
  for (const service of board.registry.enabled) {
    const base = service.id === rootServiceId ? "" : `/s/${service.id}`;
    const dir = base ? `${base.slice(1)}/` : "";
    const home = base || "/";
    files.push({ key: `${dir}index.html`, path: home, page: { locale: fallbackLocale, service, base, lang: null } });
    for (const locale of LOCALES) {
      if (locale === fallbackLocale) continue;
      files.push({
        key: `${dir}${locale}/index.html`,
        path: `${home}?lang=${locale}`,
        page: { locale, service, base, lang: locale },
      });
    }
    for (const name of STATUSPAGE_DOCUMENTS)
      files.push({ key: `${dir}api/v2/${name}.json`, path: `${base}/api/v2/${name}.json` });
    files.push({ key: `${dir}history.atom`, path: `${base}/history.atom` });
    files.push({ key: `${dir}history.rss`, path: `${base}/history.rss` });
    files.push({ key: `${dir}badge.svg`, path: `${base}/badge.svg` });
    for (const component of board.snapshots.get(service.id)?.components ?? [])
      files.push({ key: `${dir}badge/${component.id}.svg`, path: `${base}/badge/${component.id}.svg` });
  }
  return files;
}

/** Text types get an explicit charset, so a bucket never leaves the browser guessing. */
export function withCharset(type: string | null): string {
  const value = type ?? "application/octet-stream";
  if (/;\s*charset=/i.test(value)) return value;
  return /^(text\/|application\/(json|javascript|[\w.+-]*\+(xml|json))|image\/svg\+xml)/i.test(value)
    ? `${value}; charset=utf-8`
    : value;
}

/** Static assets the pages reference may be copied; nothing else, and no path tricks. */
const ASSET_PATH = /^\/(?!.*\.\.)[A-Za-z0-9._/-]+\.(css|js|svg|png|ico|webp|woff2)$/;

/** The lookup of mirrored files by live path and language, for the page links. */
function fileIndex(plan: PlannedFile[], fallbackLocale: Locale): MirrorLinks["fileFor"] {
  const byPath = new Map<string, string>();
  for (const file of plan) {
    const [path, query = ""] = file.path.split("?");
    byPath.set(`${path}|${new URLSearchParams(query).get("lang") ?? ""}`, file.key);
  }
  return (path, query) => {
    const names = [...query.keys()];
    if (names.some((name) => name !== "lang")) return undefined;
    const lang = query.get("lang") ?? "";
    const normalized = path.length > 1 ? path.replace(/\/+$/, "") : path;
    return byPath.get(`${normalized}|${lang === fallbackLocale ? "" : lang}`);
  };
}

async function fetchOk(app: AppFetch, request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const response = await app(request, env, ctx);
  if (response.status !== 200) {
    await response.body?.cancel();
    // One file missing would leave (or delete) its copy: the run stops and the next one tries again.
    throw new Error(`mirror: GET ${new URL(request.url).pathname} answered ${response.status}`);
  }
  return response;
}

/**
 * Renders every file of the mirror by asking the Worker's own app for the
 * live paths, and copies the static assets the pages use from the ASSETS
 * binding. The app's read caches stay on: what they hold is exactly what a
 * visitor gets (the mirror's changes are made afterwards, outside the app),
 * keyed by the public state version, which the board read here has just
 * refreshed; and they spare D1 queries, of which one invocation has few.
 */
export async function renderMirror(
  env: Env,
  app: AppFetch,
  config: MirrorConfig,
  ctx: ExecutionContext,
  renderedAt = Date.now(),
): Promise<RenderedFile[]> {
  const board = await statusBoard(database(env.DB), env, renderedAt, { versionMemoMs: 0 });
  const host = new URL(config.publicUrl).host.toLowerCase();
  const fallbackLocale = defaultLocale(env.DEFAULT_LOCALE);
  const plan = mirrorPlan(board, board.registry.hosts.get(host) ?? board.registry.defaultId, fallbackLocale);

  const assets = new Map<string, Promise<RenderedFile | null>>();
  const copyAsset = async (path: string): Promise<RenderedFile | null> => {
    const response = await env.ASSETS?.fetch(new Request(`${config.publicUrl}${path}`));
    if (response?.status !== 200) {
      await response?.body?.cancel();
      return null;
    }
    return {
      key: path.slice(1),
      body: new Uint8Array(await response.arrayBuffer()),
      contentType: withCharset(response.headers.get("content-type")),
      cacheControl: ASSET_CACHE,
    };
  };
  const links: MirrorLinks = {
    publicUrl: config.publicUrl,
    fileFor: fileIndex(plan, fallbackLocale),
    async asset(path) {
      if (!ASSET_PATH.test(path)) return null;
      let copy = assets.get(path);
      if (!copy) {
        copy = copyAsset(path);
        assets.set(path, copy);
      }
      return (await copy)?.key ?? null;
    },
  };

  const rendered = await Promise.all(
    plan.map(async (file): Promise<RenderedFile> => {
      const response = await fetchOk(app, new Request(`${config.publicUrl}${file.path}`), env, ctx);
      const contentType = withCharset(response.headers.get("content-type"));
      if (!file.page) {
        return {
          key: file.key,
          body: new Uint8Array(await response.arrayBuffer()),
          contentType,
          cacheControl: PAGE_CACHE,
        };
      }
      const { locale, service, base, lang } = file.page;
      const html = await rewritePage(
        await response.text(),
        {
          key: file.key,
          liveUrl: `${config.publicUrl}${file.path}`,
          reportUrl: `${config.publicUrl}${base}/report${lang ? `?lang=${lang}` : ""}`,
          locale,
          timeZone: service.timeZone,
          renderedAt,
        },
        links,
      );
      return { key: file.key, body: new TextEncoder().encode(html), contentType, cacheControl: PAGE_CACHE };
    }),
  );
  const copied = (await Promise.all(assets.values())).filter((file): file is RenderedFile => file !== null);
  return [...rendered, ...copied];
}
