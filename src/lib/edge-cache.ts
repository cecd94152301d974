import type { MiddlewareHandler } from "hono";
import { recentStateVersion } from "../data/state-version";
import { database } from "../db/client";
import type { AppEnv, Env } from "../env";
import { pickLocale } from "../i18n/locale";

/**
 * Caches public GET responses in the Workers Cache API for a short TTL
 * (https://developers.cloudflare.com/workers/runtime-apis/cache/), so a flash
 * crowd costs one build per location per TTL instead of one per request.
 *
 * The cache key carries the language and the public state version: a status
 * change or an admin write bumps the version, and from then on nobody is
 * served the old copy. The version itself is remembered in the isolate for a
 * second, which bounds the extra staleness to about that.
 * EDGE_CACHE_TTL=0 turns caching off (the test suite does, to read its own writes).
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

export const edgeCache: MiddlewareHandler<AppEnv> = async (c, next) => {
  const ttl = edgeCacheTtl(c.env);
  if (c.req.method !== "GET" || ttl === 0 || typeof caches === "undefined") return next();

  const locale = pickLocale(c.req.query("lang"), c.req.header("accept-language"));
  const version = await recentStateVersion(database(c.env.DB), Date.now());
  // Appended, so the key ends with what the Worker chose whatever the client sent (the runtime has normalised the URL).
  const url = c.req.url;
  const keyString = `${url}${url.includes("?") ? "&" : "?"}__locale=${locale}&__v=${version}`;
  const cache = caches.default;
  const now = Date.now();

  const inMemory = fromMemory(keyString, now);
  const hit = inMemory ?? (await cache.match(new Request(keyString, { method: "GET" })));
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
  remember(keyString, c.res, body, now + ttl * 1000);
  const put = cache.put(new Request(keyString, { method: "GET" }), stored);
  try {
    c.executionCtx.waitUntil(put);
  } catch {
    await put;
  }
  c.res.headers.set("X-Cache", "MISS");
};
