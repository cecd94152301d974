import { createRoute, z } from "@hono/zod-openapi";
import type { StatusIndicator } from "../domain/status";
import type { ComponentStatus } from "../domain/symptoms";
import { type AppContext, snapshotOf } from "../http/context";
import { cachedRoute, createRouter, errorResponses, langQuery, PUBLIC } from "../http/openapi";
import { INDICATOR_WORDS } from "../i18n/api-words";
import { type Locale, localName } from "../i18n/locale";
import { messages } from "../i18n/messages";
import { escapeXml as esc } from "../lib/xml";
import { errorSchema } from "../schemas/statuspage";

/** Shields-style SVG badges: /badge.svg (overall) and /badge/{component}.svg, in the requested language. */
export const badgesRouter = createRouter();

const INDICATOR_COLOR: Record<StatusIndicator, string> = {
  none: "#4c1",
  minor: "#dfb317",
  major: "#fe7d37",
  critical: "#e05d44",
  maintenance: "#007ec6",
};
const STATUS_INDICATOR: Record<ComponentStatus, StatusIndicator> = {
  operational: "none",
  degraded_performance: "minor",
  partial_outage: "major",
  major_outage: "critical",
  under_maintenance: "maintenance",
};

/** Rough Verdana 11px advance widths: CJK full width, narrow ASCII narrower. Good enough for a badge. */
function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code > 0x2e80) width += 11;
    else if ("iljtf.,:;!|' ".includes(ch)) width += 4;
    else if (/[A-Z]|[mw]/.test(ch)) width += 8.5;
    else width += 6.5;
  }
  return Math.ceil(width);
}

/** Renders a two-part badge; every text passes through XML escaping. */
export function badgeSvg(label: string, value: string, color: string): string {
  const lw = textWidth(label) + 12;
  const vw = textWidth(value) + 12;
  const total = lw + vw;
  const [l, v] = [esc(label), esc(value)];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${total}" height="20" role="img" aria-label="${l}: ${v}">`,
    `<title>${l}: ${v}</title>`,
    '<linearGradient id="s" x2="0" y2="100%">',
    '<stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/>',
    "</linearGradient>",
    `<clipPath id="r"><rect width="${total}" height="20" rx="3" fill="#fff"/></clipPath>`,
    '<g clip-path="url(#r)">',
    `<rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${vw}" height="20" fill="${color}"/>`,
    `<rect width="${total}" height="20" fill="url(#s)"/>`,
    "</g>",
    '<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">',
    `<text x="${lw / 2}" y="14">${l}</text><text x="${lw + vw / 2}" y="14">${v}</text>`,
    "</g></svg>",
  ].join("");
}

function send(c: AppContext, svg: string, status: 200 | 404 = 200) {
  return c.body(svg, status, {
    "Content-Type": "image/svg+xml; charset=utf-8",
    "Cache-Control": "public, max-age=60",
    Vary: "Accept-Language",
  });
}

function componentWord(locale: Locale, status: ComponentStatus): string {
  const word = messages(locale).statusWord[status];
  return locale === "en" ? word.toLowerCase() : word;
}

const svgResponse = {
  200: { description: "An SVG badge", content: { "image/svg+xml": { schema: z.string() } } },
};

badgesRouter.openapi(
  cachedRoute(
    createRoute({
      method: "get",
      path: "/badge.svg",
      operationId: "getStatusBadge",
      tags: ["Feeds and badges"],
      summary: "Overall status badge",
      security: PUBLIC,
      request: { query: z.object({ lang: langQuery }) },
      responses: { ...svgResponse, ...errorResponses([400, "Unsupported `lang`"]) },
    }),
  ),
  async (c) => {
    const { indicator } = (await snapshotOf(c)).overall;
    const locale = c.get("locale");
    return send(
      c,
      badgeSvg(c.get("service").name[locale], INDICATOR_WORDS[locale][indicator], INDICATOR_COLOR[indicator]),
    );
  },
);

badgesRouter.openapi(
  cachedRoute(
    createRoute({
      method: "get",
      path: "/badge/{file}",
      operationId: "getComponentBadge",
      tags: ["Feeds and badges"],
      summary: "A component's status badge: /badge/{component}.svg",
      security: PUBLIC,
      request: {
        params: z.object({
          file: z
            .string()
            .max(80)
            .openapi({ param: { name: "file", in: "path" }, example: "online-pay.svg" }),
        }),
        query: z.object({ lang: langQuery }),
      },
      responses: {
        ...svgResponse,
        400: { description: "Unsupported `lang`", content: { "application/json": { schema: errorSchema } } },
        404: { description: "No such component (a grey badge)", content: { "image/svg+xml": { schema: z.string() } } },
      },
    }),
  ),
  async (c) => {
    const file = c.req.valid("param").file;
    const locale = c.get("locale");
    const id = file.endsWith(".svg") ? file.slice(0, -4) : "";
    const row = id ? (await snapshotOf(c)).componentsById.get(id) : undefined;
    if (!row) {
      const unknown = badgeSvg(
        locale === "en" ? "badge" : "徽章",
        locale === "en" ? "unknown component" : "未知组件",
        "#9f9f9f",
      );
      return send(c, unknown, 404);
    }
    const name = localName(locale, row);
    return send(c, badgeSvg(name, componentWord(locale, row.status), INDICATOR_COLOR[STATUS_INDICATOR[row.status]]));
  },
);
