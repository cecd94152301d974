import type { PageContext } from "../config/page";

/** An internal link of the service's pages (`path` from the service's root) that keeps the chosen language. */
export function href(
  ctx: Pick<PageContext, "lang" | "base">,
  path: string,
  query: Record<string, string | undefined> = {},
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  if (ctx.lang) params.set("lang", ctx.lang);
  const qs = params.toString();
  const full = ctx.base ? (path === "/" ? ctx.base : `${ctx.base}${path}`) : path;
  return qs ? `${full}?${qs}` : full;
}
