import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { DEFAULT_INTERVAL_MINUTES } from "../../src/mirror/config";
import { ASSET_CACHE, PAGE_CACHE } from "../../src/mirror/render";
import { STATE_KEY } from "../../src/mirror/run";
import { admin, adminJson } from "../admin-helpers";
import { LIVE, live, mirrorAt, mirrorEnv, relativeLinks, resolveKey, sha256Hex } from "./helpers";

const bucket = env.MIRROR_TEST_BUCKET;
const MINUTE = 60_000;

async function text(key: string): Promise<string> {
  const object = await bucket.get(key);
  if (!object) throw new Error(`${key} is not in the bucket`);
  return object.text();
}

async function versions(): Promise<Map<string, string>> {
  const listed = await bucket.list({ limit: 1000 });
  return new Map(listed.objects.map((object) => [object.key, object.version]));
}

/** The first run, through the Worker's real cron with the mirror configured: the job is wired in. */
let firstRunAt = 0;
beforeAll(async () => {
  firstRunAt = Date.now();
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: firstRunAt, cron: "* * * * *" }), mirrorEnv(), ctx);
  await waitOnExecutionContext(ctx);
});

describe("the mirror in an R2 bucket", () => {
  it("holds both languages of the status page, the Statuspage JSON, the feeds, the badges and the assets", async () => {
    const keys = [...(await versions()).keys()];
    expect(keys).toEqual(
      expect.arrayContaining([
        "index.html",
        "en/index.html",
        "api/v2/summary.json",
        "api/v2/status.json",
        "api/v2/components.json",
        "api/v2/incidents.json",
        "api/v2/incidents/unresolved.json",
        "api/v2/scheduled-maintenances.json",
        "api/v2/scheduled-maintenances/upcoming.json",
        "api/v2/scheduled-maintenances/active.json",
        "history.atom",
        "history.rss",
        "badge.svg",
        "badge/online-pay.svg",
        "status.css",
        "favicon.svg",
        STATE_KEY,
      ]),
    );
    // Only the default service is enabled here: nothing under s/.
    expect(keys.filter((key) => key.startsWith("s/"))).toEqual([]);
  });

  it("serves every file with its content type (with charset), cache lifetime and content hash", async () => {
    const expected: [string, RegExp, string][] = [
      ["index.html", /^text\/html; charset=utf-8$/i, PAGE_CACHE],
      ["en/index.html", /^text\/html; charset=utf-8$/i, PAGE_CACHE],
      ["api/v2/summary.json", /^application\/json; charset=utf-8$/i, PAGE_CACHE],
      ["history.atom", /^application\/atom\+xml; charset=utf-8$/i, PAGE_CACHE],
      ["history.rss", /^application\/rss\+xml; charset=utf-8$/i, PAGE_CACHE],
      ["badge.svg", /^image\/svg\+xml; charset=utf-8$/i, PAGE_CACHE],
      ["status.css", /^text\/css; charset=utf-8$/i, ASSET_CACHE],
    ];
    for (const [key, type, cache] of expected) {
      const object = await bucket.get(key);
      expect(object, key).not.toBeNull();
      expect(object!.httpMetadata?.contentType, key).toMatch(type);
      expect(object!.httpMetadata?.cacheControl, key).toBe(cache);
      expect(object!.customMetadata?.sha256, key).toBe(await sha256Hex(await object!.arrayBuffer()));
    }
    expect(PAGE_CACHE).toBe("public, max-age=60");
  });

  it("copies the JSON and badges byte for byte as the live Worker serves them", async () => {
    // (The feeds too, once they have an entry: an empty feed says it was updated now; see below.)
    for (const [key, path] of [
      ["api/v2/summary.json", "/api/v2/summary.json"],
      ["api/v2/status.json", "/api/v2/status.json"],
      ["api/v2/incidents/unresolved.json", "/api/v2/incidents/unresolved.json"],
      ["badge.svg", "/badge.svg"],
      ["badge/online-pay.svg", "/badge/online-pay.svg"],
    ] as const) {
      expect(await text(key), key).toBe(await (await live(path)).text());
    }
    const asset = await env.ASSETS!.fetch(`${LIVE}/status.css`);
    expect(await text("status.css")).toBe(await asset.text());
  });

  it("says on each page when it was made and links to the live report form", async () => {
    const zh = await text("index.html");
    expect(zh).toMatch(
      /<p class="mirror-note" role="note">此页面为静态镜像，生成于 <time datetime="[^"]+">[^<]+<\/time> · <a href="https:\/\/status\.example\.com\/report">前往实时页面报告问题<\/a><\/p>/,
    );
    const rendered = Date.parse(/<p class="mirror-note"[^>]*>[^<]*<time datetime="([^"]+)"/.exec(zh)![1]!);
    expect(rendered).toBeGreaterThanOrEqual(firstRunAt - 1000);
    expect(rendered).toBeLessThanOrEqual(Date.now());
    const en = await text("en/index.html");
    expect(en).toContain('<html lang="en">');
    expect(en).toMatch(
      /This page is a static mirror, generated <time datetime="[^"]+">[^<]+<\/time> · <a href="https:\/\/status\.example\.com\/report\?lang=en">Report a problem on the live page<\/a>/,
    );
  });

  it("keeps the page as the live one renders it apart from the note, the links and the forms", async () => {
    const mirrored = await text("index.html");
    const original = await (await live("/")).text();
    // The page's own content is there unchanged, e.g. the service's components and their status words.
    const main = (html: string) => /<section class="card" aria-labelledby="comp-h">[\s\S]*?<\/section>/.exec(html)![0];
    expect(main(mirrored)).toBe(main(original));
    expect(original).toMatch(/<form /);
    expect(mirrored).not.toMatch(/<form[\s>]/);
    expect(mirrored).not.toMatch(/action=/);
    expect(mirrored).toContain(`<p class="mirror-live"><a href="${LIVE}/">请在实时页面提交</a></p>`);
  });

  it("links what the mirror holds relatively and everything else to the live origin", async () => {
    const zh = await text("index.html");
    expect(zh).toMatch(/<link rel="stylesheet" href="status.css"\s?\/>/);
    expect(zh).toContain('<a class="lang" href="en/index.html"');
    expect(zh).toContain(`<a href="${LIVE}/history">`);
    expect(zh).toContain(`<a href="${LIVE}/report">`);
    expect(zh).toContain('<a href="api/v2/summary.json">');
    const en = await text("en/index.html");
    expect(en).toMatch(/<link rel="stylesheet" href="..\/status.css"\s?\/>/);
    expect(en).toContain('<a class="lang" href="../index.html"');
    expect(en).toContain(`<a href="${LIVE}/history?lang=en">`);
    expect(en).toContain('<a class="brand" href="index.html">');
    // No root-relative link is left: a bucket under any prefix or domain serves the pages whole.
    for (const key of ["index.html", "en/index.html"]) {
      const html = await text(key);
      expect(html, key).not.toMatch(/\s(href|src)="\/(?!\/)/);
      for (const link of relativeLinks(html)) {
        expect(await bucket.head(resolveKey(key, link)), `${key} → ${link}`).not.toBeNull();
      }
    }
  });

  it("renders nothing again before the interval while the public state is unchanged", async () => {
    const before = await versions();
    expect(await mirrorAt(firstRunAt + MINUTE)).toEqual([]);
    expect(await versions()).toEqual(before);
  });

  it("after the interval, writes the pages (new time) and leaves identical files alone", async () => {
    const before = await versions();
    const [run] = await mirrorAt(firstRunAt + DEFAULT_INTERVAL_MINUTES * MINUTE);
    expect(run!.written).toEqual(expect.arrayContaining(["index.html", "en/index.html"]));
    expect(run!.written).not.toContain("api/v2/summary.json");
    const after = await versions();
    for (const key of ["api/v2/summary.json", "api/v2/components.json", "badge.svg", "status.css"])
      expect(after.get(key), key).toBe(before.get(key));
    for (const key of run!.written) expect(after.get(key), key).not.toBe(before.get(key));
  });

  describe("when an incident opens through the admin API", () => {
    let before: Map<string, string>;
    let written: string[] = [];
    beforeAll(async () => {
      before = await versions();
      await adminJson(
        "POST",
        "/api/admin/incidents",
        {
          incident: {
            name: "Checkout failing",
            status: "investigating",
            body: "We are looking into it.",
            components: { "online-pay": "major_outage" },
          },
        },
        201,
      );
      // Within the interval: the version change alone makes the run due.
      const [run] = await mirrorAt(firstRunAt + DEFAULT_INTERVAL_MINUTES * MINUTE + MINUTE);
      written = run!.written;
    });

    it("rewrites summary.json and the status page with the incident", async () => {
      const after = await versions();
      for (const key of ["api/v2/summary.json", "index.html", "badge/online-pay.svg", "history.atom"]) {
        expect(written, key).toContain(key);
        expect(after.get(key), key).not.toBe(before.get(key));
      }
      const summary = JSON.parse(await text("api/v2/summary.json"));
      expect(summary.incidents.map((incident: { name: string }) => incident.name)).toContain("Checkout failing");
      expect(summary.status.indicator).not.toBe("none");
      expect(await text("index.html")).toContain("Checkout failing");
      for (const [key, path] of [
        ["api/v2/summary.json", "/api/v2/summary.json"],
        ["api/v2/incidents.json", "/api/v2/incidents.json"],
        ["history.atom", "/history.atom"],
        ["history.rss", "/history.rss"],
      ] as const)
        expect(await text(key), key).toBe(await (await live(path)).text());
    });

    it("does not rewrite the files the incident did not change", async () => {
      const after = await versions();
      // (Every Statuspage document changes: its page.updated_at is the latest change of anything shown.)
      for (const key of ["status.css", "favicon.svg", "share.js", "badge/repayment.svg", "badge/offline-pay.svg"]) {
        expect(written, key).not.toContain(key);
        expect(after.get(key), key).toBe(before.get(key));
      }
    });

    it("records the mirrored version and every file's hash in the state object", async () => {
      const state = JSON.parse(await text(STATE_KEY));
      const summary = await bucket.get("api/v2/summary.json");
      expect(state.objects["api/v2/summary.json"]).toBe(summary!.customMetadata!.sha256);
      expect(state.version).toBeGreaterThan(0);
      expect(await mirrorAt(firstRunAt + DEFAULT_INTERVAL_MINUTES * MINUTE + 2 * MINUTE)).toEqual([]);
    });
  });

  it("deletes the files of what is no longer public, and only those", async () => {
    await adminJson("POST", "/api/admin/components", { component: { id: "mirror-card", name: "Card" } }, 201);
    const [added] = await mirrorAt(Date.now(), mirrorEnv(), true);
    expect(added!.written).toContain("badge/mirror-card.svg");
    expect(await bucket.head("badge/mirror-card.svg")).not.toBeNull();
    // Something the mirror did not write is never touched.
    await bucket.put("operator-notes.txt", "mine");

    const removed = await admin("DELETE", "/api/admin/components/mirror-card");
    expect(removed.status).toBeLessThan(300);
    const [run] = await mirrorAt(Date.now());
    expect(run!.deleted).toEqual(["badge/mirror-card.svg"]);
    expect(await bucket.head("badge/mirror-card.svg")).toBeNull();
    expect(await bucket.head("operator-notes.txt")).not.toBeNull();
  });
});
