import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { Env } from "../../src/env";
import { app } from "../../src/index";
import { BASE, TOKEN } from "../admin-helpers";
import { resetStatus } from "../seed";

// The read caches are on, as in production (EDGE_CACHE_TTL unset: 30 s).

async function call(request: Request, overrides: Partial<Env> = {}) {
  const ctx = createExecutionContext();
  const response = await app.fetch(request, { ...env, ...overrides }, ctx);
  const body = await response.text();
  await waitOnExecutionContext(ctx);
  return { response, body, cache: response.headers.get("x-cache") };
}

function get(path: string, headers: Record<string, string> = {}, overrides: Partial<Env> = {}) {
  return call(new Request(`${BASE}${path}`, { headers }), overrides);
}

function adminCall(method: string, path: string, body?: unknown) {
  return call(
    new Request(`${BASE}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

async function declareIncident(name: string) {
  const { response } = await adminCall("POST", "/api/admin/incidents", {
    incident: { name, status: "investigating", body: "Looking into it", components: { "online-pay": "major_outage" } },
  });
  expect(response.status).toBe(201);
}

/** The language a body is written in: the page's `<html lang>`, or the JSON page name. */
function languageOf(body: string): string {
  const html = /<html lang="([^"]+)"/.exec(body);
  if (html) return html[1]!;
  const name: string = JSON.parse(body).page.name;
  return /[\u4e00-\u9fff]/.test(name) ? "zh-CN" : "en";
}

// Every test starts from a new public state version, so no copy cached by an earlier test is reachable.
beforeEach(resetStatus);

describe("edge cache for public reads", () => {
  it("serves the second read from the cache, per language", async () => {
    const first = await get("/api/v2/summary.json");
    expect(first.cache).toBe("MISS");
    const second = await get("/api/v2/summary.json");
    expect(second.cache).toBe("HIT");
    expect(second.body).toBe(first.body);
    expect(second.response.headers.get("access-control-allow-origin")).toBe("*");

    const english = await get("/api/v2/summary.json?lang=en");
    expect(english.cache).toBe("MISS");
    expect(english.body).not.toBe(first.body);
  });

  it("answers If-None-Match from the cache with 304", async () => {
    const { response } = await get("/api/v2/status.json");
    const etag = response.headers.get("etag")!;
    expect(etag).toBeTruthy();
    const again = await get("/api/v2/status.json", { "if-none-match": etag });
    expect(again.response.status).toBe(304);
    expect(again.body).toBe("");
  });

  it("never serves a stale 'all good' after an admin write", async () => {
    const before = await get("/api/v2/summary.json");
    expect(JSON.parse(before.body).incidents).toHaveLength(0);
    expect((await get("/api/v2/summary.json")).cache).toBe("HIT");

    await declareIncident("Payments failing");

    const after = await get("/api/v2/summary.json");
    expect(after.cache).toBe("MISS");
    const summary = JSON.parse(after.body);
    expect(summary.incidents.map((i: { name: string }) => i.name)).toContain("Payments failing");
    expect(summary.status.indicator).not.toBe("none");
    const page = await get("/");
    expect(page.body).toContain("Payments failing");
  });

  it("shows a component created or deleted through the admin API at once", async () => {
    const ids = async () => {
      const read = await get("/api/v2/summary.json");
      return { cache: read.cache, ids: JSON.parse(read.body).components.map((c: { id: string }) => c.id) };
    };
    expect((await ids()).cache).toBe("MISS");
    const cached = await ids();
    expect(cached.cache).toBe("HIT");
    expect(cached.ids).not.toContain("bill-pay");

    const created = await adminCall("POST", "/api/admin/components", {
      component: { id: "bill-pay", name_zh: "生活缴费", name_en: "Bill payments" },
    });
    expect(created.response.status).toBe(201);
    const withIt = await ids();
    expect(withIt).toEqual({ cache: "MISS", ids: [...cached.ids, "bill-pay"] });
    expect((await ids()).cache).toBe("HIT");

    expect((await adminCall("DELETE", "/api/admin/components/bill-pay")).response.status).toBe(204);
    expect(await ids()).toEqual({ cache: "MISS", ids: cached.ids });
  });

  it("does not cache writes, admin reads or errors", async () => {
    const missing = await get("/api/v2/nope.json");
    expect(missing.response.status).toBe(404);
    expect(missing.cache).toBeNull();
    const adminRead = await get("/api/admin/incidents", { authorization: `Bearer ${TOKEN}` });
    expect(adminRead.cache).toBeNull();
  });
});

describe("edge cache and the reader's language (DEFAULT_LOCALE=en)", () => {
  const english = { DEFAULT_LOCALE: "en" };
  const readers = {
    "no Accept-Language": { headers: {}, query: "" },
    "Accept-Language: zh-CN": { headers: { "accept-language": "zh-CN,zh;q=0.9" }, query: "" },
    "?lang=zh-CN": { headers: {}, query: "?lang=zh-CN" },
  };
  const expected: Record<keyof typeof readers, string> = {
    "no Accept-Language": "en",
    "Accept-Language: zh-CN": "zh-CN",
    "?lang=zh-CN": "zh-CN",
  };
  type Reader = keyof typeof readers;
  const read = (path: string, reader: Reader) =>
    get(`${path}${readers[reader].query}`, readers[reader].headers, english);

  for (const [path, order] of [
    ["/api/v2/summary.json", ["no Accept-Language", "Accept-Language: zh-CN", "?lang=zh-CN"]],
    ["/", ["Accept-Language: zh-CN", "?lang=zh-CN", "no Accept-Language"]],
  ] as [string, Reader[]][]) {
    it(`${path}: each reader gets a copy in their own language, first built, then from the cache`, async () => {
      // Each reader in turn: a copy another reader cached first is never theirs.
      for (const reader of order) {
        const first = await read(path, reader);
        expect(first.response.status, reader).toBe(200);
        expect(first.cache, reader).toBe("MISS");
        expect(languageOf(first.body), reader).toBe(expected[reader]);
        const again = await read(path, reader);
        expect(again.cache, reader).toBe("HIT");
        expect(again.body, reader).toBe(first.body);
      }
      // And once all three copies are cached, each reader still gets their own.
      for (const reader of order) {
        const later = await read(path, reader);
        expect(later.cache, reader).toBe("HIT");
        expect(languageOf(later.body), reader).toBe(expected[reader]);
      }
    });
  }
});

describe("edge cache keys and query parameters", () => {
  it("serves a made-up parameter (?cb=123) the same cached copy", async () => {
    for (const path of ["/api/v2/summary.json", "/"]) {
      const plain = await get(path);
      expect(plain.cache, path).toBe("MISS");
      const busted = await get(`${path}?cb=123`);
      expect(busted.cache, path).toBe("HIT");
      expect(busted.body, path).toBe(plain.body);
    }
  });

  it("gives a parameter the route declares its own copy", async () => {
    const history = await get("/history");
    const older = await get("/history?page=1");
    expect([history.cache, older.cache]).toEqual(["MISS", "MISS"]);
    expect(older.body).not.toBe(history.body);
    expect((await get("/history?page=1")).cache).toBe("HIT");
    expect((await get("/history?page=1&cb=123")).cache).toBe("HIT");

    const day = await get("/api/reports/stats");
    const hour = await get("/api/reports/stats?window=1h");
    expect([day.cache, hour.cache]).toEqual(["MISS", "MISS"]);
    expect(JSON.parse(day.body).buckets).toHaveLength(24 * 12);
    expect(JSON.parse(hour.body).buckets).toHaveLength(12);
    const hourAgain = await get("/api/reports/stats?window=1h&cb=123");
    expect(hourAgain.cache).toBe("HIT");
    expect(hourAgain.body).toBe(hour.body);
  });
});
