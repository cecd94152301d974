import type { Region } from "./symptoms";

/**
 * The one table of the 34 provincial-level divisions' names (keys: ISO
 * 3166-2:CN codes without "CN-"), in every page language. Pages, incident
 * texts, verdict evidence and the located-region lookup all read it; format
 * with `regionName` / `formatRegionCounts` (src/i18n/regions.ts).
 */
export const REGION_NAMES = {
  AH: { "zh-CN": "安徽", en: "Anhui" },
  BJ: { "zh-CN": "北京", en: "Beijing" },
  CQ: { "zh-CN": "重庆", en: "Chongqing" },
  FJ: { "zh-CN": "福建", en: "Fujian" },
  GD: { "zh-CN": "广东", en: "Guangdong" },
  GS: { "zh-CN": "甘肃", en: "Gansu" },
  GX: { "zh-CN": "广西", en: "Guangxi" },
  GZ: { "zh-CN": "贵州", en: "Guizhou" },
  HA: { "zh-CN": "河南", en: "Henan" },
  HB: { "zh-CN": "湖北", en: "Hubei" },
  HE: { "zh-CN": "河北", en: "Hebei" },
  HI: { "zh-CN": "海南", en: "Hainan" },
  HK: { "zh-CN": "香港", en: "Hong Kong" },
  HL: { "zh-CN": "黑龙江", en: "Heilongjiang" },
  HN: { "zh-CN": "湖南", en: "Hunan" },
  JL: { "zh-CN": "吉林", en: "Jilin" },
  JS: { "zh-CN": "江苏", en: "Jiangsu" },
  JX: { "zh-CN": "江西", en: "Jiangxi" },
  LN: { "zh-CN": "辽宁", en: "Liaoning" },
  MO: { "zh-CN": "澳门", en: "Macao" },
  NM: { "zh-CN": "内蒙古", en: "Inner Mongolia" },
  NX: { "zh-CN": "宁夏", en: "Ningxia" },
  QH: { "zh-CN": "青海", en: "Qinghai" },
  SC: { "zh-CN": "四川", en: "Sichuan" },
  SD: { "zh-CN": "山东", en: "Shandong" },
  SH: { "zh-CN": "上海", en: "Shanghai" },
  SN: { "zh-CN": "陕西", en: "Shaanxi" },
  SX: { "zh-CN": "山西", en: "Shanxi" },
  TJ: { "zh-CN": "天津", en: "Tianjin" },
  TW: { "zh-CN": "台湾", en: "Taiwan" },
  XJ: { "zh-CN": "新疆", en: "Xinjiang" },
  XZ: { "zh-CN": "西藏", en: "Xizang (Tibet)" },
  YN: { "zh-CN": "云南", en: "Yunnan" },
  ZJ: { "zh-CN": "浙江", en: "Zhejiang" },
} as const satisfies Record<Region, { "zh-CN": string; en: string }>;

/** Other English names GeoIP data uses for a province, besides the table's. */
export const REGION_ALIASES: Readonly<Record<string, Region>> = { tibet: "XZ", xizang: "XZ" };

/**
 * Each province's one-character short name (简称), as maps and licence plates
 * write it: the labels of the status page's tile map in Chinese (English uses
 * the code).
 */
export const REGION_SHORT = {
  AH: "皖",
  BJ: "京",
  CQ: "渝",
  FJ: "闽",
  GD: "粤",
  GS: "甘",
  GX: "桂",
  GZ: "贵",
  HA: "豫",
  HB: "鄂",
  HE: "冀",
  HI: "琼",
  HK: "港",
  HL: "黑",
  HN: "湘",
  JL: "吉",
  JS: "苏",
  JX: "赣",
  LN: "辽",
  MO: "澳",
  NM: "蒙",
  NX: "宁",
  QH: "青",
  SC: "川",
  SD: "鲁",
  SH: "沪",
  SN: "陕",
  SX: "晋",
  TJ: "津",
  TW: "台",
  XJ: "新",
  XZ: "藏",
  YN: "云",
  ZJ: "浙",
} as const satisfies Record<Region, string>;
