import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { adminJson } from "../admin-helpers";
import { LIVE, live, mirrorAt, mirrorEnv, relativeLinks, resolveKey } from "./helpers";

const bucket = env.MIRROR_TEST_BUCKET;

async function text(key: string): Promise<string> {
  const object = await bucket.get(key);
  if (!object) throw new Error(`${key} is not in the bucket`);
  return object.text();
}

describe("the mirror of a deployment with several services", () => {
  beforeAll(async () => {
    await adminJson("POST", "/api/admin/services", { service: { preset: "wechat-pay" } }, 201);
    await mirrorAt(Date.now(), mirrorEnv(), true);
  });

  it("puts every other enabled service under s/{id}/, as the live paths are", async () => {
    for (const key of [
      "s/wechat-pay/index.html",
      "s/wechat-pay/en/index.html",
      "s/wechat-pay/api/v2/summary.json",
      "s/wechat-pay/history.atom",
      "s/wechat-pay/badge.svg",
    ])
      expect(await bucket.head(key), key).not.toBeNull();
    expect(await text("s/wechat-pay/api/v2/summary.json")).toBe(
      await (await live("/s/wechat-pay/api/v2/summary.json")).text(),
    );
    const summary = JSON.parse(await text("s/wechat-pay/api/v2/summary.json"));
    expect(summary.page.id).toBe("wechat-pay");
  });

  it("links the service's pages within its folder and to the shared assets at the root", async () => {
    const zh = await text("s/wechat-pay/index.html");
    expect(zh).toMatch(/<link rel="stylesheet" href="..\/..\/status.css"\s?\/>/);
    expect(zh).toContain('<a class="lang" href="en/index.html"');
    expect(zh).toContain(`<a href="${LIVE}/s/wechat-pay/report">前往实时页面报告问题</a>`);
    expect(zh).toContain('<a href="api/v2/summary.json">');
    const en = await text("s/wechat-pay/en/index.html");
    expect(en).toContain(`<a href="${LIVE}/s/wechat-pay/report?lang=en">Report a problem on the live page</a>`);
    for (const key of ["s/wechat-pay/index.html", "s/wechat-pay/en/index.html"])
      for (const link of relativeLinks(await text(key)))
        expect(await bucket.head(resolveKey(key, link)), `${key} → ${link}`).not.toBeNull();
  });

  it("removes a service's files when it is disabled", async () => {
    await adminJson("PATCH", "/api/admin/services/wechat-pay", { service: { enabled: false } });
    const [run] = await mirrorAt(Date.now());
    expect(run!.deleted).toEqual(expect.arrayContaining(["s/wechat-pay/index.html", "s/wechat-pay/badge.svg"]));
    expect(run!.deleted.every((key) => key.startsWith("s/wechat-pay/"))).toBe(true);
    expect((await bucket.list({ prefix: "s/" })).objects).toEqual([]);
    expect(await bucket.head("index.html")).not.toBeNull();
  });
});
