import type { PageContext } from "../config/page";

/** An internal link that keeps the chosen language. */
export function href(
  ctx: Pick<PageContext, "lang">,
  path: string,
  query: Record<string, string | undefined> = {},
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  if (ctx.lang) params.set("lang", ctx.lang);
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
