/**
 * Provinces that share a border (land, or the short straits to Hainan and
 * Taiwan; Hong Kong and Macao with Guangdong). A regional outage of two
 * provinces is nearly always two neighbours (a regional network, a data
 * centre serving an area), so the regional test tries neighbouring pairs
 * only: about 70 pairs to correct for instead of 561. Pure data.
 */
const BORDERS: Readonly<Record<string, readonly string[]>> = {
  AH: ["JS", "ZJ", "JX", "HB", "HA", "SD"],
  BJ: ["TJ", "HE"],
  CQ: ["SC", "GZ", "HN", "HB", "SN"],
  FJ: ["ZJ", "JX", "GD", "TW"],
  GD: ["FJ", "JX", "HN", "GX", "HI", "HK", "MO"],
  GS: ["XJ", "QH", "SC", "SN", "NX", "NM"],
  GX: ["GD", "HN", "GZ", "YN"],
  GZ: ["SC", "CQ", "HN", "GX", "YN"],
  HA: ["HE", "SX", "SN", "HB", "AH", "SD"],
  HB: ["HA", "AH", "JX", "HN", "CQ", "SN"],
  HE: ["BJ", "TJ", "SD", "HA", "SX", "NM", "LN"],
  HL: ["JL", "NM"],
  HN: ["HB", "JX", "GD", "GX", "GZ", "CQ"],
  JL: ["HL", "LN", "NM"],
  JS: ["SH", "ZJ", "AH", "SD"],
  JX: ["ZJ", "FJ", "GD", "HN", "HB", "AH"],
  LN: ["JL", "NM", "HE"],
  NM: ["HL", "JL", "LN", "HE", "SX", "SN", "NX", "GS"],
  NX: ["NM", "SN", "GS"],
  QH: ["XJ", "XZ", "SC", "GS"],
  SC: ["QH", "XZ", "YN", "GZ", "CQ", "SN", "GS"],
  SD: ["HE", "HA", "AH", "JS"],
  SH: ["JS", "ZJ"],
  SN: ["SX", "HA", "HB", "CQ", "SC", "GS", "NX", "NM"],
  SX: ["HE", "HA", "SN", "NM"],
  XJ: ["XZ", "QH", "GS"],
  XZ: ["XJ", "QH", "SC", "YN"],
  YN: ["XZ", "SC", "GZ", "GX"],
  ZJ: ["SH", "JS", "AH", "JX", "FJ"],
};

/** Neighbours of each province (symmetric). */
export const NEIGHBOURS: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const map = new Map<string, Set<string>>();
  const add = (a: string, b: string) => {
    if (!map.has(a)) map.set(a, new Set());
    map.get(a)!.add(b);
  };
  for (const [a, list] of Object.entries(BORDERS))
    for (const b of list) {
      add(a, b);
      add(b, a);
    }
  return map;
})();

/** Number of distinct neighbouring pairs (the Bonferroni factor of the pair test). */
export const NEIGHBOUR_PAIRS = [...NEIGHBOURS.values()].reduce((a, s) => a + s.size, 0) / 2;

export function areNeighbours(a: string, b: string): boolean {
  return NEIGHBOURS.get(a)?.has(b) ?? false;
}
