import { type AppContext, originOf } from "./context";

/**
 * Whether a report comes from another site: a hostile page can make its
 * visitors' browsers post the report form, and each visitor is a new
 * "reporter". Browsers say where a request comes from: `Origin` on every
 * cross-origin and every POST, and `Sec-Fetch-Site` (fetch metadata,
 * https://www.w3.org/TR/fetch-metadata/). The page's own origin, PUBLIC_URL's
 * and ALLOWED_REPORT_ORIGINS (partners embedding the form) are allowed.
 * Clients that send neither header (curl, apps, probe agents) are not browsers
 * on someone else's page, and pass.
 */
export function isCrossSiteReport(c: AppContext): boolean {
  const origin = c.req.header("origin");
  if (origin !== undefined) return !allowedOrigins(c).has(origin.toLowerCase());
  return c.req.header("sec-fetch-site")?.toLowerCase() === "cross-site";
}

function allowedOrigins(c: AppContext): Set<string> {
  const allowed = new Set([originOf(c.req.url).toLowerCase()]);
  if (c.env.PUBLIC_URL) allowed.add(originOf(c.env.PUBLIC_URL).toLowerCase());
  for (const origin of (c.env.ALLOWED_REPORT_ORIGINS ?? "").split(/\s+/)) {
    if (origin) allowed.add(origin.replace(/\/+$/, "").toLowerCase());
  }
  return allowed;
}
