import type { MiddlewareHandler } from "hono";
import type { Env } from "../env";
import { type AppEnv, originOf, stateVersion } from "./context";

/**
 * Caches public GET responses in the Workers Cache API for a short TTL
 * (https://developers.cloudflare.com/workers/runtime-apis/cache/), so a flash
 * crowd costs one build per location per TTL instead of one per request.
 *
 * The key is built by the Worker, never taken from the URL as sent: the path,
 * only the query parameters the route declares (in a fixed order), the
 * language the request context resolved (and whether the reader chose it,
 * since links then carry it), and the public state version. A made-up
 * parameter (`?cb=123`) therefore hits the same copy, a reader is never served
 * another language, and a status change makes every older copy unreachable.
 * As in hono's cache middleware, the key is configurable per route
 * (https://hono.dev/docs/middleware/builtin/cache).
 * EDGE_CACHE_TTL=0 turns caching off.
 */
const DEFAULT_TTL_SECONDS = 30;

/**
 * A small copy in the isolate's memory in front of the Cache API: a hot
 * isolate then answers a crowd without even a cache lookup. Same keys, same
 * TTL, so the state version keeps it exactly as fresh as the Cache API copy.
 */
const MEMORY_ENTRIES = 64;
const MEMORY_MAX_BYTES = 256 * 1024;
const memory = new Map<string, { status: number; headers: [string, string][]; body: ArrayBuffer; expiresAt: number }>();

function fromMemory(key: string, now: number): Response | undefined {
  const entry = memory.get(key);
  if (!entry) return undefined;
  if (entry.expiresAt <= now) {
    memory.delete(key);
    return undefined;
  }
  return new Response(entry.body, { status: entry.status, headers: entry.headers });
}

function remember(key: string, response: Response, body: ArrayBuffer, expiresAt: number): void {
  if (body.byteLength > MEMORY_MAX_BYTES) return;
  if (memory.size >= MEMORY_ENTRIES) memory.delete(memory.keys().next().value!);
  // Stored before the response is marked MISS; every copy served from memory is a hit.
  memory.set(key, { status: response.status, headers: [...response.headers, ["x-cache", "HIT"]], body, expiresAt });
}

export function edgeCacheTtl(env: Pick<Env, "EDGE_CACHE_TTL">): number {
  const ttl = Number(env.EDGE_CACHE_TTL ?? DEFAULT_TTL_SECONDS);
  return Number.isFinite(ttl) && ttl >= 0 ? Math.min(ttl, 300) : DEFAULT_TTL_SECONDS;
}

export interface EdgeCacheOptions {
  /** The query parameters that change the answer; every other one is left out of the key. */
  query?: readonly string[];
  /**
   * Query parameters that make the answer this visitor's own (a thank-you
   * state after a form post): with one present, nothing is read from or
   * written to the cache, and the answer says `private, no-store`.
   */
  bypass?: readonly string[];
}

/**
 * The cache key of a request: see above. Built by appending (no URL parse:
 * this runs on every cached request); declared names are sorted once.
 */
export function edgeCacheKey(
  origin: string,
  path: string,
  declared: readonly string[],
  query: (name: string) => string | undefined,
  reader: { locale: string; lang: string | null },
  version: number,
): string {
  let key = `${origin}${path}?`;
  for (const name of declared) {
    const value = query(name);
    if (value !== undefined) key += `${name}=${encodeURIComponent(value)}&`;
  }
  return `${key}__lang=${reader.lang ?? ""}&__locale=${reader.locale}&__v=${version}`;
}

export function edgeCache(options: EdgeCacheOptions = {}): MiddlewareHandler<AppEnv> {
  const declared = [...(options.query ?? [])].sort();
  return async (c, next) => {
    const ttl = edgeCacheTtl(c.env);
    if (options.bypass?.some((name) => c.req.query(name) !== undefined)) {
      await next();
      c.res.headers.set("Cache-Control", "private, no-store");
      return;
    }
    if (c.req.method !== "GET" || ttl === 0 || typeof caches === "undefined") return next();

    const query = (name: string) => c.req.query(name);
    const key = edgeCacheKey(
      originOf(c.req.url),
      c.req.path,
      declared,
      query,
      { locale: c.get("locale"), lang: c.get("lang") },
      await stateVersion(c),
    );
    const cache = caches.default;
    const now = c.get("now");

    const inMemory = fromMemory(key, now);
    const hit = inMemory ?? (await cache.match(new Request(key, { method: "GET" })));
    if (hit) {
      const etag = hit.headers.get("ETag");
      if (
        etag &&
        c.req
          .header("if-none-match")
          ?.split(/\s*,\s*/)
          .includes(etag)
      ) {
        // What the ETag middleware behind us would have answered.
        const headers = new Headers(hit.headers);
        headers.delete("Content-Length");
        headers.delete("Content-Type");
        await hit.body?.cancel();
        c.res = new Response(null, { status: 304, headers });
        return;
      }
      if (inMemory) {
        // A fresh Response that already says X-Cache: HIT.
        c.res = inMemory;
        return;
      }
      // A Cache API response has immutable headers.
      c.res = new Response(hit.body, hit);
      c.res.headers.set("X-Cache", "HIT");
      return;
    }
    await next();
    if (c.res.status !== 200 || c.res.headers.has("Set-Cookie")) return;
    const body = await c.res.clone().arrayBuffer();
    const headers = new Headers(c.res.headers);
    // The shared copy lives `ttl` seconds whatever the browser-facing Cache-Control says.
    headers.set("Cache-Control", `public, s-maxage=${ttl}, max-age=${ttl}`);
    headers.delete("Vary");
    const stored = new Response(body, { status: c.res.status, headers });
    remember(key, c.res, body, now + ttl * 1000);
    const put = cache.put(new Request(key, { method: "GET" }), stored);
    try {
      c.executionCtx.waitUntil(put);
    } catch {
      await put;
    }
    c.res.headers.set("X-Cache", "MISS");
  };
}
