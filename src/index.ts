import { Hono } from "hono";
import { SERVICE_ID } from "./config/schema";
import type { Env } from "./env";
import { type AppEnv, requestContext, serviceScope } from "./http/context";
import { notFoundResponse, onError } from "./http/errors";
import { allowedMethods } from "./http/method-not-allowed";
import { createRouter } from "./http/openapi";
import { securityHeaders } from "./http/security-headers";
import { demoUpstreamResponse } from "./probes/demo-upstream";
import { DEMO_UPSTREAM_PATH } from "./probes/seed";
import { queue } from "./queue";
import { adminRouter } from "./routes/admin";
import { adminConsoleRouter } from "./routes/admin-console";
import { badgesRouter } from "./routes/badges";
import { boardRouter } from "./routes/board";
import { componentsRouter } from "./routes/components";
import { feedsRouter } from "./routes/feeds";
import { healthRouter } from "./routes/health";
import { apiDocsRouter, openApiDocument } from "./routes/openapi";
import { howPage } from "./routes/pages/how";
import { incidentPages } from "./routes/pages/incidents";
import { manifestRoute } from "./routes/pages/manifest";
import { recoveryPages } from "./routes/pages/recovery";
import { reportPages } from "./routes/pages/report";
import { statusPage } from "./routes/pages/status";
import { subscriptionPages } from "./routes/pages/subscriptions";
import { probeAgentRouter } from "./routes/probe-agents";
import { recoveriesRouter } from "./routes/recoveries";
import { reportsRouter } from "./routes/reports";
import { statuspageRouter } from "./routes/statuspage";
import { subscriptionsRouter } from "./routes/subscriptions";
import { scheduled } from "./scheduled";

const app = createRouter();

// Every error leaves as one JSON shape: { error: { code, message, field? } } (src/http/errors.ts).
app.onError(onError);

app.notFound((c) => {
  const allowed = allowedMethods(app, c.req.path);
  if (allowed.length > 0 && !allowed.includes(c.req.method)) {
    const message = `${c.req.method} is not allowed here; use ${allowed.join(", ")}`;
    return c.json({ error: { code: "method_not_allowed", message } }, 405, { Allow: allowed.join(", ") });
  }
  return notFoundResponse(c, `No route for ${c.req.method} ${c.req.path}`);
});

app.use("*", securityHeaders);
// Once per request: database, clock, language, service, page context (read with c.get("…")).
app.use("*", requestContext);

// Each router at its own prefix; public GETs are cached at the edge by their own route declarations.
// What is about no one service comes first.
app.route("/", healthRouter);
app.route("/api/admin", adminRouter);
app.route("/api", probeAgentRouter);
app.route(
  "/api",
  apiDocsRouter(() => openApiDocument(app)),
);
app.route("/", boardRouter);
app.route("/", adminConsoleRouter);
app.get(DEMO_UPSTREAM_PATH, (c) => demoUpstreamResponse(new URL(c.req.url)));

/**
 * Everything about one service: page, report form and verdicts, incidents,
 * feeds, badges and the Statuspage API. serviceScope picks the service. It is
 * mounted last, so its middleware only runs for requests no route above has
 * answered (Hono runs handlers in the order they were registered).
 */
const serviceApp = createRouter();
serviceApp.use("*", serviceScope);
serviceApp.route("/api/v2", statuspageRouter);
serviceApp.route("/api/reports", reportsRouter);
serviceApp.route("/api/recoveries", recoveriesRouter);
serviceApp.route("/api/components", componentsRouter);
serviceApp.route("/api/subscriptions", subscriptionsRouter);
serviceApp.route("/", feedsRouter);
serviceApp.route("/", badgesRouter);
serviceApp.route("/", statusPage);
// In front of the verdict page: hands its "it works again" box the figures (src/routes/pages/recovery.ts).
serviceApp.route("/", recoveryPages);
serviceApp.route("/report", reportPages);
serviceApp.route("/", incidentPages);
serviceApp.route("/", howPage);
serviceApp.route("/", subscriptionPages);
serviceApp.route("/", manifestRoute);

// A service's page is /s/{service}; with a trailing slash it redirects there (links keep the query).
app.get("/s/:service/", (c) => {
  const service = c.req.param("service");
  if (!SERVICE_ID.test(service)) return notFoundResponse(c, `No service "${service}"`, "unknown_service");
  const query = c.req.url.indexOf("?");
  return c.redirect(`/s/${service}${query < 0 ? "" : c.req.url.slice(query)}`, 301);
});
// Every service at /s/{service}/…; the API document lists each path once, at the root.
const everyService = new Hono<AppEnv>();
everyService.route("/", serviceApp);
app.route("/s/:service", everyService);
// The default service (or the one the host name maps to) at the root, as before services existed.
app.route("/", serviceApp);

export { app };

export default {
  fetch: app.fetch,
  // The cron gets the app itself: the static mirror renders the public pages through it (src/mirror).
  scheduled: (controller, env, ctx) => scheduled(controller, env, ctx, app.fetch),
  queue,
} satisfies ExportedHandler<Env>;
