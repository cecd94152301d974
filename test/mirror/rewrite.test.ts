import { describe, expect, it } from "vitest";
import { withCharset } from "../../src/mirror/render";
import { type MirrorLinks, type MirrorPage, relativeHref, rewritePage } from "../../src/mirror/rewrite";

describe("relativeHref", () => {
  it("finds the path from one file of the mirror to another", () => {
    expect(relativeHref("index.html", "en/index.html")).toBe("en/index.html");
    expect(relativeHref("en/index.html", "index.html")).toBe("../index.html");
    expect(relativeHref("index.html", "index.html")).toBe("index.html");
    expect(relativeHref("s/wechat-pay/en/index.html", "status.css")).toBe("../../../status.css");
    expect(relativeHref("s/wechat-pay/index.html", "s/wechat-pay/api/v2/summary.json")).toBe("api/v2/summary.json");
    expect(relativeHref("s/wechat-pay/en/index.html", "s/wechat-pay/index.html")).toBe("../index.html");
    expect(relativeHref("s/a/index.html", "s/b/index.html")).toBe("../b/index.html");
  });
});

describe("withCharset", () => {
  it("adds a charset to text types only", () => {
    expect(withCharset("application/json")).toBe("application/json; charset=utf-8");
    expect(withCharset("image/svg+xml")).toBe("image/svg+xml; charset=utf-8");
    expect(withCharset("application/atom+xml")).toBe("application/atom+xml; charset=utf-8");
    expect(withCharset("text/html; charset=UTF-8")).toBe("text/html; charset=UTF-8");
    expect(withCharset("image/png")).toBe("image/png");
  });
});

describe("rewritePage", () => {
  const page: MirrorPage = {
    key: "s/demo/en/index.html",
    liveUrl: "https://live.example/s/demo?lang=en",
    reportUrl: "https://live.example/s/demo/report?lang=en",
    locale: "en",
    timeZone: "Asia/Shanghai",
    renderedAt: Date.UTC(2026, 0, 2, 3, 4),
  };
  const files = new Map([
    ["/s/demo|", "s/demo/index.html"],
    ["/s/demo|en", "s/demo/en/index.html"],
    ["/s/demo/api/v2/summary.json|", "s/demo/api/v2/summary.json"],
  ]);
  const links: MirrorLinks = {
    publicUrl: "https://live.example",
    fileFor: (path, query) =>
      [...query.keys()].some((k) => k !== "lang") ? undefined : files.get(`${path}|${query.get("lang") ?? ""}`),
    asset: async (path) => (path === "/status.css" ? "status.css" : null),
  };
  const html = [
    '<html lang="en"><head><meta http-equiv="refresh" content="30;url=/s/demo"/>',
    '<link rel="stylesheet" href="/status.css"/><link rel="stylesheet" href="/missing.css"/>',
    '<link rel="alternate" hreflang="zh-CN" href="/s/demo?lang=zh-CN"/><link rel="manifest" href="/s/demo/manifest.webmanifest?lang=en"/></head>',
    '<body><nav><a href="/s/demo?lang=en">Home</a><a href="/s/demo/report?lang=en">Report</a>',
    '<a href="/s/demo/report?component=a&amp;lang=en">Report A</a><a href="#main">Skip</a>',
    '<a href="https://elsewhere.example/x">Out</a></nav>',
    '<main id="main"><form method="post" action="/s/demo/api/recoveries"><button>Send</button></form>',
    '<a href="/s/demo/api/v2/summary.json#top">API</a></main></body></html>',
  ].join("");

  it("relinks, replaces forms, drops timed reloads and the web app manifest, and adds the note", async () => {
    const out = await rewritePage(html, page, links);
    expect(out).toMatch(/<link rel="stylesheet" href="..\/..\/..\/status.css"\s?\/>/);
    // An asset the mirror could not copy is fetched from the live site instead.
    expect(out).toContain('href="https://live.example/missing.css"');
    // zh-CN is not the language key of the mirrored default page in this map: live.
    expect(out).toContain('href="https://live.example/s/demo?lang=zh-CN"');
    expect(out).toContain('<a href="index.html">Home</a>');
    expect(out).toContain('<a href="https://live.example/s/demo/report?lang=en">Report</a>');
    expect(out).toContain('<a href="https://live.example/s/demo/report?component=a&amp;lang=en">Report A</a>');
    expect(out).toContain('<a href="#main">Skip</a>');
    expect(out).toContain('<a href="https://elsewhere.example/x">Out</a>');
    expect(out).toContain('<a href="../api/v2/summary.json#top">API</a>');
    expect(out).not.toContain("<form");
    expect(out).not.toContain("http-equiv");
    expect(out).not.toContain("manifest");
    expect(out).toContain(
      '<p class="mirror-live"><a href="https://live.example/s/demo?lang=en">Submit this on the live page</a></p>',
    );
    expect(out).toContain(
      '<main id="main"><p class="mirror-note" role="note">This page is a static mirror, generated <time datetime="2026-01-02T03:04:00.000Z">Jan 2, 11:04</time> · <a href="https://live.example/s/demo/report?lang=en">Report a problem on the live page</a></p>',
    );
  });
});
