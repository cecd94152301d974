import { env, exports } from "cloudflare:workers";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { createComponent } from "../../src/data/component-writes";
import { createIncident, resolveIncident } from "../../src/data/incident-writes";
import { database } from "../../src/db/client";

const BASE = "http://status.test";
const db = database(env.DB);

async function badge(path: string, headers: Record<string, string> = {}) {
  const response = await exports.default.fetch(`${BASE}${path}`, { headers });
  const svg = await response.text();
  expect(XMLValidator.validate(svg)).toBe(true);
  const parsed = new XMLParser({ ignoreAttributes: false }).parse(svg);
  const texts = parsed.svg.g[1].text.map((t: any) => String(t["#text"]));
  return { response, svg, texts, title: String(parsed.svg.title) };
}

describe("badges", () => {
  it("/badge.svg shows the overall status in the requested language", async () => {
    const zh = await badge("/badge.svg");
    expect(zh.response.status).toBe(200);
    expect(zh.response.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(zh.texts).toEqual(["花呗", "运行正常"]);
    expect(zh.svg).toContain("#4c1");

    const en = await badge("/badge.svg?lang=en");
    expect(en.texts).toEqual(["Huabei", "operational"]);
    const header = await badge("/badge.svg", { "accept-language": "en" });
    expect(header.title).toBe("Huabei: operational");
  });

  it("/badge/{component}.svg follows the component's status, with colours per status", async () => {
    const { incident } = await createIncident(db, {
      serviceId: "huabei",
      name: "x",
      components: { "online-pay": "major_outage", repayment: "degraded_performance" },
    });
    const online = await badge("/badge/online-pay.svg");
    expect(online.texts).toEqual(["线上支付", "重大故障"]);
    expect(online.svg).toContain("#e05d44");
    const repay = await badge("/badge/repayment.svg?lang=en");
    expect(repay.texts).toEqual(["Repayment", "some features slow or failing at times"]);
    expect(repay.svg).toContain("#dfb317");
    const overall = await badge("/badge.svg?lang=en");
    expect(overall.texts).toEqual(["Huabei", "partial outage"]);
    await resolveIncident(db, incident.id);
    expect((await badge("/badge/online-pay.svg")).texts).toEqual(["线上支付", "运行正常"]);
  });

  it("answers 404 with a grey badge for an unknown component", async () => {
    const missing = await badge("/badge/nope.svg?lang=en");
    expect(missing.response.status).toBe(404);
    expect(missing.texts).toEqual(["badge", "unknown component"]);
    const noSuffix = await badge("/badge/online-pay");
    expect(noSuffix.response.status).toBe(404);
  });

  it("escapes component names", async () => {
    await createComponent(db, "evil", { serviceId: "huabei", nameZh: "<b>&", nameEn: '"><script>' });
    const evil = await badge("/badge/evil.svg?lang=en");
    expect(evil.svg).not.toContain("<script>");
    expect(evil.svg).toContain("&quot;&gt;&lt;script&gt;");
    expect(evil.texts[0]).toBe('"><script>'); // escaped in the SVG, text again once parsed
  });
});
