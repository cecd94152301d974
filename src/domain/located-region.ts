import { REGION_ALIASES, REGION_NAMES } from "./regions";
import { REGIONS, type Region } from "./symptoms";

/**
 * Where Cloudflare locates a request (`request.cf`), as one of our province
 * codes (ISO 3166-2:CN without "CN-"). Cloudflare gives `country` (ISO 3166-1)
 * and, where its GeoIP data knows it, `regionCode`: the ISO 3166-2 subdivision
 * code without the country part. For mainland China that is the letter code
 * since ISO's 2017 change (GD, ZJ, BJ…); older GeoIP data carried the
 * two-digit GB/T 2260 codes (44, 33, 11…), so both are accepted, and `region`
 * (the English name) when the code is missing. Hong Kong, Macao and Taiwan are
 * countries in `country` (HK, MO, TW) and provinces here.
 * https://developers.cloudflare.com/workers/runtime-apis/request/#incomingrequestcfproperties
 */
export interface RequestLocation {
  country?: string;
  regionCode?: string;
  region?: string;
}

const GB2260: Record<string, Region> = {
  "11": "BJ",
  "12": "TJ",
  "13": "HE",
  "14": "SX",
  "15": "NM",
  "21": "LN",
  "22": "JL",
  "23": "HL",
  "31": "SH",
  "32": "JS",
  "33": "ZJ",
  "34": "AH",
  "35": "FJ",
  "36": "JX",
  "37": "SD",
  "41": "HA",
  "42": "HB",
  "43": "HN",
  "44": "GD",
  "45": "GX",
  "46": "HI",
  "50": "CQ",
  "51": "SC",
  "52": "GZ",
  "53": "YN",
  "54": "XZ",
  "61": "SN",
  "62": "GS",
  "63": "QH",
  "64": "NX",
  "65": "XJ",
  "71": "TW",
  "91": "HK",
  "92": "MO",
};

/** English province names (the one table's, lower case, plus GeoIP's aliases) to codes. */
const BY_NAME: Record<string, Region> = {
  ...Object.fromEntries(Object.entries(REGION_NAMES).map(([code, names]) => [names.en.toLowerCase(), code as Region])),
  ...REGION_ALIASES,
};

const isRegion = (code: string): code is Region => (REGIONS as readonly string[]).includes(code);

/** The province a located request comes from; null outside our regions or where Cloudflare does not know. */
export function locatedRegion(location: RequestLocation): Region | null {
  const country = location.country?.toUpperCase();
  if (country === "HK" || country === "MO" || country === "TW") return country;
  if (country !== "CN") return null;
  const code = location.regionCode?.toUpperCase().replace(/^CN-/, "") ?? "";
  if (isRegion(code)) return code;
  if (GB2260[code]) return GB2260[code]!;
  const name = location.region?.toLowerCase().replace(/ (sheng|shi|province|municipality)$/, "") ?? "";
  return BY_NAME[name] ?? null;
}
