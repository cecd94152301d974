/**
 * The status page's province map, as data (pure): each of the 34
 * provincial-level divisions with its reporters in the last hour against its
 * usual level, a level for the colour and the state word, and whether an open
 * incident names it as the place of a regional episode.
 */
import type { ProvinceReporters } from "../data/stats";
import { REGION_NAMES } from "../domain/regions";
import { REGIONS, type Region } from "../domain/symptoms";

/** 0 no reporters, 1 as usual, 2 above usual, 3 far above usual. */
export type ProvinceLevel = 0 | 1 | 2 | 3;

export interface ProvinceState {
  code: Region;
  reporters: number;
  usual: number;
  level: ProvinceLevel;
  /** An open incident names this province as the place of a regional episode. */
  regional: boolean;
}

/**
 * How many reporters in an hour against the usual level: a few people are
 * never "above usual" (fewer than 3), then twice the usual level (at least 1)
 * is above usual and five times (and at least 10 people) far above.
 */
export function provinceLevel(reporters: number, usual: number): ProvinceLevel {
  if (reporters <= 0) return 0;
  const expected = Math.max(1, usual);
  if (reporters < 3 || reporters <= 2 * expected) return 1;
  if (reporters < 10 || reporters <= 5 * expected) return 2;
  return 3;
}

const isRegion = (code: unknown): code is Region => typeof code === "string" && Object.hasOwn(REGION_NAMES, code);

/**
 * The provinces open incidents name as the place of a regional episode: a
 * detected regional outage's `evidence.provinces` (codes), read defensively;
 * anything else, unknown codes included, is ignored. (`evidence.regions` is
 * where reporters came from, for national episodes too: never read as a place.)
 */
export function regionalProvinces(incidents: readonly { evidence?: unknown }[]): Set<Region> {
  const out = new Set<Region>();
  for (const incident of incidents) {
    const evidence = incident.evidence;
    if (!evidence || typeof evidence !== "object") continue;
    const provinces = (evidence as { provinces?: unknown }).provinces;
    if (!Array.isArray(provinces)) continue;
    for (const code of provinces) if (isRegion(code)) out.add(code);
  }
  return out;
}

/** Every province, in the table's order (REGIONS), with its numbers, level and regional marking. */
export function provinceStates(
  counts: ReadonlyMap<string, ProvinceReporters>,
  incidents: readonly { evidence?: unknown }[],
): ProvinceState[] {
  const regional = regionalProvinces(incidents);
  return REGIONS.map((code) => {
    const { reporters, usual } = counts.get(code) ?? { reporters: 0, usual: 0 };
    return { code, reporters, usual, level: provinceLevel(reporters, usual), regional: regional.has(code) };
  });
}
