import { Hono } from "hono";
import { listComponentGroups, listComponents } from "../data/components";
import { type AppEnv, boardOf, serviceScope } from "../http/context";
import type { ScopeChoice } from "../views/admin/model";
import { ConsolePage } from "../views/admin/page";
import { ADMIN_CSS } from "../views/admin/styles";
import { CONSOLE_TEXTS } from "../views/admin/texts";

/**
 * /admin: the operator console. Server-rendered (src/views/admin/); the
 * module public/console/main.js signs in with the admin token (kept in
 * sessionStorage only, never in a URL or a cookie) and talks to /api/admin.
 * Every stored text it shows goes through textContent, never innerHTML.
 * `?service=` picks the service the sections are about (default: SERVICE_ID).
 */
export const adminConsoleRouter = new Hono<AppEnv>();

adminConsoleRouter.get("/admin", serviceScope, async (c) => {
  const locale = c.get("locale");
  const t = CONSOLE_TEXTS[locale].page;
  const { registry } = await boardOf(c);
  // Enabled services only: every write the sections make needs one.
  const choices: ScopeChoice[] = registry.enabled.map((config) => ({
    id: config.id,
    name: config.name[locale],
    timeZone: config.timeZone,
  }));
  const scope =
    choices.find((s) => s.id === c.req.query("service")) ?? choices.find((s) => s.id === c.get("service").id)!;
  const db = c.get("db");
  const [components, groups] = await Promise.all([listComponents(db), listComponentGroups(db)]);
  c.header("Cache-Control", "no-store");
  const page = (
    <ConsolePage
      model={{
        locale,
        t,
        title: `${c.get("service").name[locale]} · ${t.title}`,
        adminEnabled: Boolean(c.env.ADMIN_TOKEN),
        choices,
        scope,
        components: components.filter((row) => row.serviceId === scope.id),
        groups: groups.filter((row) => row.serviceId === scope.id),
        nowMs: c.get("now"),
      }}
    />
  );
  return c.html(`<!doctype html>${await page.toString()}`);
});

adminConsoleRouter.get("/admin.css", (c) =>
  c.body(ADMIN_CSS, 200, { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=300" }),
);

/** Only reached without JavaScript: drop whatever was posted (never log or echo a token) and go back. */
adminConsoleRouter.post("/admin", (c) => c.redirect("/admin", 303));
