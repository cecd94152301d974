import type { Hono } from "hono";

/**
 * Hono answers a known path with the wrong method as "not found". Clients
 * deserve 405 with an Allow header (RFC 9110 §15.5.6), so this finds which
 * methods the app does route for a path.
 */
export function allowedMethods(app: Pick<Hono, "routes">, path: string): string[] {
  const allowed = new Set<string>();
  for (const route of app.routes) {
    if (route.method === "ALL" || !patternOf(route.path).test(path)) continue;
    allowed.add(route.method);
    if (route.method === "GET") allowed.add("HEAD");
  }
  return [...allowed].sort();
}

const patterns = new Map<string, RegExp>();

function patternOf(routePath: string): RegExp {
  let pattern = patterns.get(routePath);
  if (!pattern) {
    const source = routePath
      .split("/")
      .map((segment) => {
        if (segment === "*") return ".*";
        // `:id` and `:id{regex}`; the custom regex is approximated by one segment.
        if (segment.startsWith(":")) return segment.endsWith("?") ? "[^/]*" : "[^/]+";
        return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      })
      .join("/");
    pattern = new RegExp(`^${source}/?$`);
    patterns.set(routePath, pattern);
  }
  return pattern;
}
