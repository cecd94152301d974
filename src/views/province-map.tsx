import type { PageContext } from "../config/page";
import type { Region } from "../domain/symptoms";
import { regionName, regionShort } from "../i18n/regions";
import type { ProvinceState } from "../read-model";

/**
 * Each province's tile on an 8 × 8 grid (column, row), placed roughly where it
 * lies, as Chinese data journalism draws it: 黑 top right, 新 and 藏 left,
 * 琼 at the bottom, 台 right of 闽, 港 and 澳 under 粤. A tile grid, not a
 * drawn boundary map: it has no geometry to get wrong (see docs/status-page.md).
 */
export const TILE_GRID: Readonly<Record<Region, readonly [number, number]>> = {
  HL: [7, 0],
  NM: [4, 1],
  BJ: [5, 1],
  LN: [6, 1],
  JL: [7, 1],
  XJ: [0, 2],
  NX: [3, 2],
  SX: [4, 2],
  HE: [5, 2],
  TJ: [6, 2],
  QH: [1, 3],
  GS: [2, 3],
  SN: [3, 3],
  HA: [4, 3],
  SD: [5, 3],
  XZ: [1, 4],
  SC: [2, 4],
  CQ: [3, 4],
  HB: [4, 4],
  AH: [5, 4],
  JS: [6, 4],
  SH: [7, 4],
  YN: [2, 5],
  GZ: [3, 5],
  HN: [4, 5],
  JX: [5, 5],
  ZJ: [6, 5],
  GX: [3, 6],
  GD: [4, 6],
  FJ: [5, 6],
  TW: [6, 6],
  HI: [3, 7],
  MO: [4, 7],
  HK: [5, 7],
};

/** One tile is 10 units apart; the square is drawn once (#t) and reused. */
const PITCH = 10;

const usualText = (usual: number) => (usual >= 10 ? String(Math.round(usual)) : String(Math.round(usual * 10) / 10));

/** The state word of a province: its level's, plus the regional episode's. */
function stateWord(ctx: PageContext, p: ProvinceState): string {
  const m = ctx.t.map;
  return p.regional ? `${m.levels[p.level]} · ${m.regional}` : m.levels[p.level]!;
}

/**
 * The province map: a tile grid coloured by reporters in the last hour against
 * each province's usual level (classes q0–q3), provinces of a regional episode
 * hatched (#h) and labelled with a word; the numbers in a table beside it.
 * Server-rendered SVG, no inline style: colours are classes in public/status.css.
 */
export function ProvinceMap({ ctx, provinces }: { ctx: PageContext; provinces: ProvinceState[] }) {
  const m = ctx.t.map;
  const grid = (p: ProvinceState) => TILE_GRID[p.code][1] * 8 + TILE_GRID[p.code][0];
  const rows = [...provinces].sort(
    (a, b) => Number(b.regional) - Number(a.regional) || b.reporters - a.reporters || grid(a) - grid(b),
  );
  const regional = rows.filter((p) => p.regional);
  return (
    <section class="card" aria-labelledby="map-h">
      <h2 id="map-h">{m.heading}</h2>
      <p class="muted">{m.explain}</p>
      {regional.length > 0 ? (
        <p class="pm-alert">
          {m.regionalNow(
            regional.map((p) => regionName(p.code, ctx.locale)).join(ctx.locale === "zh-CN" ? "、" : ", "),
          )}
        </p>
      ) : null}
      <div class="pm">
        {/* biome-ignore lint/a11y/useSemanticElements: a group of named tiles (each its <title>), named by the heading. */}
        <svg class="pmap" viewBox="0 0 80 80" role="group" aria-labelledby="map-h" focusable="false">
          <defs>
            <rect id="t" width="9.4" height="9.4" rx="1" />
            <pattern id="h" width="2" height="2" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <path d="M0,0V2" />
            </pattern>
          </defs>
          {provinces.map((p) => {
            const [x, y] = TILE_GRID[p.code];
            return (
              <g class={`q${p.level}${p.regional ? " rg" : ""}`} transform={`translate(${x * PITCH},${y * PITCH})`}>
                <title>{m.tile(regionName(p.code, ctx.locale), stateWord(ctx, p))}</title>
                <use href="#t" />
                {p.regional ? <use href="#t" class="hp" /> : null}
                <text x="4.7" y={p.regional ? "4.9" : "6.2"}>
                  {regionShort(p.code, ctx.locale)}
                </text>
                {p.regional ? (
                  <text class="rw" x="4.7" y="8.3">
                    {m.regionalTile}
                  </text>
                ) : null}
              </g>
            );
          })}
        </svg>
        {/* Focusable, so the table's own scroll can be reached from the keyboard. */}
        <section class="pt" tabindex={0} aria-labelledby="pt-c">
          <table>
            <caption id="pt-c">{m.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{m.province}</th>
                <th scope="col">{m.lastHour}</th>
                <th scope="col">{m.usual}</th>
                <th scope="col">{m.state}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr>
                  <th>{regionName(p.code, ctx.locale)}</th>
                  <td>{p.reporters}</td>
                  <td>{usualText(p.usual)}</td>
                  <td>{stateWord(ctx, p)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      <ul class="legend">
        {m.levels.map((word, level) => (
          <li>
            <i class={`sw q${level}`}></i>
            {word}
          </li>
        ))}
        <li>
          <i class="sw hp"></i>
          {m.regional}
        </li>
      </ul>
    </section>
  );
}
