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

/** Tiles are 10 units apart, 8 units wide: a square's path and its label's middle. */
const square = (code: Region) => `M${TILE_GRID[code][0] * 10 + 1} ${TILE_GRID[code][1] * 10 + 1}h8v8h-8z`;

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
  // The table lists what has numbers (or a regional episode); one sentence says the rest had none.
  const listed = rows.filter((p) => p.reporters > 0 || p.usual > 0 || p.regional);
  const levels = ([0, 1, 2, 3] as const).map((level) => provinces.filter((p) => p.level === level && !p.regional));
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
        {/* biome-ignore lint/a11y/useSemanticElements: a group of named tiles (each label's <title>), named by the heading. */}
        <svg class="pmap" viewBox="0 0 80 80" role="group" aria-labelledby="map-h" focusable="false">
          {/* One path per colour; the regional tiles are drawn again, hatched (#h), and outlined. */}
          {levels.map((tiles, level) =>
            tiles.length > 0 ? <path class={`q${level}`} d={tiles.map((p) => square(p.code)).join("")} /> : null,
          )}
          {regional.length > 0 ? (
            <>
              <pattern id="h" width="2" height="2" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                <path d="M0 0V2" />
              </pattern>
              {regional.map((p) => (
                <path class={`q${p.level}`} d={square(p.code)} />
              ))}
              <path class="hp" d={regional.map((p) => square(p.code)).join("")} />
            </>
          ) : null}
          {provinces.map((p) => {
            const [x, y] = TILE_GRID[p.code];
            return (
              <text
                x={x * 10 + 5}
                y={p.regional ? y * 10 + 5 : y * 10 + 7}
                class={p.regional ? "r" : p.level === 3 ? "w" : undefined}
              >
                {regionShort(p.code, ctx.locale)}
                <title>
                  {p.level === 0 && !p.regional
                    ? regionName(p.code, ctx.locale)
                    : m.tile(regionName(p.code, ctx.locale), stateWord(ctx, p))}
                </title>
              </text>
            );
          })}
          {regional.map((p) => (
            <text class="r rw" x={TILE_GRID[p.code][0] * 10 + 5} y={TILE_GRID[p.code][1] * 10 + 8.4}>
              {m.regionalTile}
            </text>
          ))}
        </svg>
        <div>
          {listed.length > 0 ? (
            /* Focusable, so the table's own scroll can be reached from the keyboard. */
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
                  {listed.map((p) => (
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
          ) : null}
          <p class="muted">{m.others(provinces.length - listed.length, listed.length === 0)}</p>
        </div>
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
