import type { Env } from "./env";
import { requestContext } from "./http/context";
import { onError } from "./http/errors";
import { allowedMethods } from "./http/method-not-allowed";
import { createRouter } from "./http/openapi";
import { securityHeaders } from "./http/security-headers";
import { demoUpstreamResponse } from "./probes/demo-upstream";
import { DEMO_UPSTREAM_PATH } from "./probes/seed";
import { queue } from "./queue";
import { adminRouter } from "./routes/admin";
import { adminConsoleRouter } from "./routes/admin-console";
import { badgesRouter } from "./routes/badges";
import { componentsRouter } from "./routes/components";
import { feedsRouter } from "./routes/feeds";
import { healthRouter } from "./routes/health";
import { apiDocsRouter, openApiDocument } from "./routes/openapi";
import { incidentPages } from "./routes/pages/incidents";
import { reportPages } from "./routes/pages/report";
import { statusPage } from "./routes/pages/status";
import { probeAgentRouter } from "./routes/probe-agents";
import { reportsRouter } from "./routes/reports";
import { statuspageRouter } from "./routes/statuspage";
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
  if (c.req.path.startsWith("/api/")) {
    return c.json({ error: { code: "not_found", message: `No route for ${c.req.method} ${c.req.path}` } }, 404);
  }
  return c.html('<!doctype html><title>404</title><h1>404</h1><p><a href="/">Status page</a></p>', 404);
});

app.use("*", securityHeaders);
// Once per request: database, clock, language, service, page context (read with c.get("…")).
app.use("*", requestContext);

// Each router at its own prefix; public GETs are cached at the edge by their own route declarations.
app.route("/", healthRouter);
app.route("/api/v2", statuspageRouter);
app.route("/api/reports", reportsRouter);
app.route("/api/components", componentsRouter);
app.route("/api/admin", adminRouter);
app.route("/api", probeAgentRouter);
app.route(
  "/api",
  apiDocsRouter(() => openApiDocument(app)),
);
app.route("/", feedsRouter);
app.route("/", badgesRouter);
app.route("/", statusPage);
app.route("/report", reportPages);
app.route("/", incidentPages);
app.route("/", adminConsoleRouter);
app.get(DEMO_UPSTREAM_PATH, (c) => demoUpstreamResponse(new URL(c.req.url)));

export { app };

export default { fetch: app.fetch, scheduled, queue } satisfies ExportedHandler<Env>;
