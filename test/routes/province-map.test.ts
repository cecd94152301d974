// The status page's province map: 34 tiles, colours by reporters against each
// province's usual level, regional episodes marked, the numbers in a table.
import { beforeEach, describe, expect, it } from "vitest";
import { createIncident } from "../../src/data/incident-writes";
import { REGION_NAMES, REGION_SHORT } from "../../src/domain/regions";
import { REGIONS } from "../../src/domain/symptoms";
import { TILE_GRID } from "../../src/views/province-map";
import { fetchUncached } from "../helpers";
import { db, reportOf, resetReports, resetStatus, seedReports } from "../seed";

const DAY = 86_400_000;

const GRID = Object.fromEntries(
  Object.entries(TILE_GRID).map(([code, [x, y]]) => [`${x * 10 + 5},${y * 10 + 7}`, code]),
);

/**
 * The map's tiles: per province label (a <text> with its <title>, the tile's
 * accessible name), the colour class of the square under it (" rg" when it is
 * hatched too) and the words on the tile.
 */
function tiles(html: string): { code: string; cls: string; name: string; labels: string[] }[] {
  const start = html.indexOf('<svg class="pmap"');
  const svg = html.slice(start, html.indexOf("</svg>", start));
  const paths = [...svg.matchAll(/<path class="([^"]+)" d="([^"]+)"/g)].map((m) => ({ cls: m[1]!, d: m[2]! }));
  const words = [...svg.matchAll(/<text class="r rw" x="(\d+)" y="([\d.]+)">([^<]+)<\/text>/g)];
  return [...svg.matchAll(/<text x="(\d+)" y="(\d+)"(?: class="[^"]+")?>([^<]+)<title>([^<]+)<\/title><\/text>/g)].map(
    (m) => {
      const x = Number(m[1]);
      const y = Number(m[2]);
      // A regional tile's label sits 2 units higher, above its word.
      const code = GRID[`${x},${y}`] ?? GRID[`${x},${y + 2}`]!;
      const [gx, gy] = TILE_GRID[code as keyof typeof TILE_GRID];
      const sq = `M${gx * 10 + 1} ${gy * 10 + 1}h8v8h-8z`;
      const colour = paths.find((p) => p.cls.startsWith("q") && p.d.includes(sq))?.cls ?? "";
      const hatched = paths.some((p) => p.cls === "hp" && p.d.includes(sq));
      return {
        code,
        cls: hatched ? `${colour} rg` : colour,
        name: m[4]!,
        labels: [
          m[3]!,
          ...words.filter((w) => Number(w[1]) === x && Math.floor(Number(w[2]) / 10) === gy).map((w) => w[3]!),
        ],
      };
    },
  );
}

function tileOf(html: string, name: string) {
  return tiles(html).find(
    (tile) => tile.name === name || tile.name.startsWith(`${name}：`) || tile.name.startsWith(`${name}: `),
  );
}

/** The table row of a province: [reporters, usual, state]. */
function rowOf(html: string, name: string): string[] | undefined {
  const m = html.match(
    new RegExp(`<tr><th>${name.replace(/[()]/g, "\\$&")}</th><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>`),
  );
  return m ? [m[1]!, m[2]!, m[3]!] : undefined;
}

/** `n` reporters of a province, `daysAgo` days before now (same hour), ten minutes into the hour before. */
function reportsIn(region: string, n: number, daysAgo = 0, now = Date.now()) {
  const at = now - daysAgo * DAY - 10 * 60_000;
  return Array.from({ length: n }, () =>
    reportOf({ component: "online-pay", symptom: "system_busy", region }, { receivedAt: at }),
  );
}

beforeEach(async () => {
  await resetStatus();
  await resetReports();
});

describe("the province map on /", () => {
  it("draws 34 tiles, each with its short label and its province's name, in both languages", async () => {
    const zh = await (await fetchUncached("/")).text();
    expect(zh).toContain("各地过去 1 小时的报告");
    const zhTiles = tiles(zh);
    expect(zhTiles).toHaveLength(34);
    for (const code of REGIONS) {
      const tile = tileOf(zh, REGION_NAMES[code]["zh-CN"]);
      expect(tile, code).toBeDefined();
      expect(tile!.labels).toEqual([REGION_SHORT[code]]);
      expect(tile!.name).toBe(REGION_NAMES[code]["zh-CN"]);
      expect(tile!.cls).toBe("q0");
    }
    const en = await (await fetchUncached("/?lang=en")).text();
    expect(tiles(en)).toHaveLength(34);
    for (const code of REGIONS) {
      const tile = tileOf(en, REGION_NAMES[code].en);
      expect(tile, code).toBeDefined();
      expect(tile!.labels).toEqual([code]);
    }
    // No inline style anywhere in the map (the CSP forbids it), no regional marking without an incident.
    const map = zh.slice(zh.indexOf('aria-labelledby="map-h"'), zh.indexOf("</section>", zh.indexOf('id="map-h"')));
    expect(map).not.toMatch(/style=/);
    expect(map).not.toContain('class="hp"');
    expect(map).not.toContain("pm-alert");
    expect(map).not.toContain("<table>");
    expect(map).toContain("过去 1 小时各地都没有报告，平时这个时段也没有。");
  });

  it("colours each province by its reporters in the last hour against its usual level", async () => {
    const now = Date.now();
    await seedReports([
      // Zhejiang: 12 people now, nobody at this hour on the previous days: far above usual.
      ...reportsIn("ZJ", 12, 0, now),
      // Henan: 5 people now, nobody usually: above usual.
      ...reportsIn("HA", 5, 0, now),
      // Guangdong: 4 people now, 3 at this hour every day (and one busy day, left out): usual.
      ...reportsIn("GD", 4, 0, now),
      ...[1, 2, 3, 4, 5, 6].flatMap((d) => reportsIn("GD", 3, d, now)),
      ...reportsIn("GD", 40, 7, now),
      // Beijing: one person.
      ...reportsIn("BJ", 1, 0, now),
      // Shanghai: nobody now, reports earlier in the day do not count.
      ...reportsIn("SH", 6, 0.5, now),
    ]);
    const html = await (await fetchUncached("/")).text();
    expect(tileOf(html, "浙江")).toMatchObject({ cls: "q3", name: "浙江：远高于平常" });
    expect(tileOf(html, "河南")).toMatchObject({ cls: "q2", name: "河南：偏多" });
    expect(tileOf(html, "广东")).toMatchObject({ cls: "q1", name: "广东：正常水平" });
    expect(tileOf(html, "北京")).toMatchObject({ cls: "q1" });
    expect(tileOf(html, "上海")).toMatchObject({ cls: "q0", name: "上海" });
    expect(rowOf(html, "浙江")).toEqual(["12", "0", "远高于平常"]);
    expect(rowOf(html, "河南")).toEqual(["5", "0", "偏多"]);
    expect(rowOf(html, "广东")).toEqual(["4", "3", "正常水平"]);
    // Provinces without reporters now or usually are left out of the table, and counted in one sentence.
    expect(rowOf(html, "上海")).toBeUndefined();
    expect(html).toContain("其余 30 个地区过去 1 小时没有报告，平时这个时段也没有。");
    // The table: a caption, column headers, 34 rows, the busiest first.
    const table = html.slice(html.indexOf('<section class="pt"'), html.indexOf("</table>"));
    expect(table).toContain('<section class="pt" tabindex="0" aria-labelledby="pt-c">');
    expect(table).toContain('<caption id="pt-c">各地过去 1 小时报告问题的人数</caption>');
    expect(table.match(/<th scope="col">/g)).toHaveLength(4);
    expect(table.match(/<tr><th>/g)).toHaveLength(4);
    expect(table.indexOf("浙江")).toBeLessThan(table.indexOf("河南"));
    expect(table.indexOf("河南")).toBeLessThan(table.indexOf("广东"));
    // The legend explains every colour and the hatching.
    const legend = html.slice(html.indexOf("</table>"));
    for (const word of ["无报告", "正常水平", "偏多", "远高于平常", "地区性故障"]) expect(legend).toContain(word);
    const en = await (await fetchUncached("/?lang=en")).text();
    expect(rowOf(en, "Zhejiang")).toEqual(["12", "0", "Far above usual"]);
    expect(tileOf(en, "Henan")).toMatchObject({ cls: "q2", name: "Henan: Above usual" });
  });

  it("marks the provinces an open incident names as a regional episode, with a pattern and a word", async () => {
    await seedReports(reportsIn("ZJ", 12));
    const { incident } = await createIncident(db, {
      serviceId: "huabei",
      name: "浙江地区付款失败",
      source: "detected",
      detectedKind: "outage",
      components: { "online-pay": "partial_outage" },
      // Read defensively: province codes, and junk that is ignored. `regions` (where reporters came from,
      // national episodes too) never marks a province.
      evidence: { provinces: ["ZJ", "JS", "XX", 7, null, { region: "SH" }], regions: [{ region: "GD", reporters: 9 }] },
    });
    expect(incident.evidence).toBeTruthy();
    const html = await (await fetchUncached("/")).text();
    const zj = tileOf(html, "浙江")!;
    expect(zj.cls).toBe("q3 rg");
    expect(zj.labels).toEqual(["浙", "故障"]);
    expect(zj.name).toBe("浙江：远高于平常 · 地区性故障");
    expect(tileOf(html, "江苏")).toMatchObject({ cls: "q0 rg", labels: ["苏", "故障"] });
    expect(tiles(html).filter((tile) => tile.cls.includes("rg"))).toHaveLength(2);
    // The hatching is a pattern over the tile, not a colour.
    const svg = html.slice(html.indexOf('<svg class="pmap"'));
    expect(svg).toMatch(/<pattern id="h"/);
    expect(svg).toContain('<path class="hp" d="M61 51h8v8h-8zM61 41h8v8h-8z"');
    expect(html).toContain('<p class="pm-alert">地区性故障：浙江、江苏。</p>');
    expect(rowOf(html, "浙江")).toEqual(["12", "0", "远高于平常 · 地区性故障"]);
    expect(rowOf(html, "江苏")).toEqual(["0", "0", "无报告 · 地区性故障"]);
    // Marked provinces lead the table.
    const table = html.slice(html.indexOf("<tbody>"));
    expect(table.indexOf("江苏")).toBeGreaterThan(table.indexOf("浙江"));
    expect(table.match(/<tr><th>/g)).toHaveLength(2);
    const en = await (await fetchUncached("/?lang=en")).text();
    expect(en).toContain("Regional outage: Zhejiang, Jiangsu.");
    expect(tileOf(en, "Jiangsu")?.labels).toEqual(["JS", "outage"]);
  });

  it("is on every service's page, /s/{service}, with that service's reports only", async () => {
    await seedReports(reportsIn("SC", 4));
    const html = await (await fetchUncached("/s/huabei")).text();
    expect(tiles(html)).toHaveLength(34);
    expect(rowOf(html, "四川")).toEqual(["4", "0", "偏多"]);
  });
});
