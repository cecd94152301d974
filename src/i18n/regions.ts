import { REGION_NAMES, REGION_SHORT } from "../domain/regions";
import type { Region } from "../domain/symptoms";
import type { Locale } from "./locale";

/** Province names by code in one language (the table is src/domain/regions.ts). */
export function regionNames(locale: Locale): Record<Region, string> {
  return Object.fromEntries(Object.entries(REGION_NAMES).map(([code, names]) => [code, names[locale]])) as Record<
    Region,
    string
  >;
}

const isRegion = (code: string): code is Region => Object.hasOwn(REGION_NAMES, code);

/** A province's name in the reader's language; an unknown code is shown as it is. */
export function regionName(code: string, locale: Locale): string {
  return isRegion(code) ? REGION_NAMES[code][locale] : code;
}

/** A province's label on the tile map: its short name (浙) in Chinese, its code (ZJ) in English. */
export function regionShort(code: string, locale: Locale): string {
  return locale === "zh-CN" && isRegion(code) ? REGION_SHORT[code] : code;
}

/**
 * Reporters per province as a person reads it, most first as given, at most
 * `limit` (rows without a province are left out):
 * zh-CN "浙江 12 人、河南 5 人", en "Zhejiang 12, Henan 5".
 */
export function formatRegionCounts(
  regions: readonly { region: string | null; reporters: number }[],
  locale: Locale,
  limit = 5,
): string {
  return regions
    .filter((r): r is { region: string; reporters: number } => !!r.region)
    .slice(0, limit)
    .map((r) =>
      locale === "zh-CN"
        ? `${regionName(r.region, locale)} ${r.reporters} 人`
        : `${regionName(r.region, locale)} ${r.reporters}`,
    )
    .join(locale === "zh-CN" ? "、" : ", ");
}
