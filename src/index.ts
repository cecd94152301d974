import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv, Env } from "./env";
import { edgeCache } from "./lib/edge-cache";
import { ApiError, isStorageError } from "./lib/errors";
import { allowedMethods } from "./lib/method-not-allowed";
import { securityHeaders } from "./lib/security-headers";
import { queue } from "./queue";
import { adminRouter } from "./routes/admin";
import { adminConsoleRouter } from "./routes/admin-console";
import { badgesRouter } from "./routes/badges";
import { feedsRouter } from "./routes/feeds";
import { healthRouter } from "./routes/health";
import { openapiRouter } from "./routes/openapi";
import { pagesRouter } from "./routes/pages";
import { probesRouter } from "./routes/probes";
import { publicApiRouter } from "./routes/public-api";
import { reportsRouter } from "./routes/reports";
import { statuspageRouter } from "./routes/statuspage";
import { scheduled } from "./scheduled";

const app = new Hono<AppEnv>();

// Every error leaves as one JSON shape: { error: { code, message, field? } }.
app.onError((error, c) => {
  if (error instanceof ApiError) return c.json(error.toJSON(), error.status, error.headers);
  if (error instanceof HTTPException) {
    const status = error.status;
    return c.json(
      {
        error: { code: status === 413 ? "payload_too_large" : "http_error", message: error.message || "Request error" },
      },
      status,
    );
  }
  if (isStorageError(error)) {
    console.error("storage unavailable", error);
    return c.json(
      { error: { code: "storage_unavailable", message: "Storage is temporarily unavailable, please retry shortly" } },
      503,
      {
        "Retry-After": "5",
      },
    );
  }
  console.error("unhandled error", error);
  return c.json({ error: { code: "internal_error", message: "Internal error" } }, 500);
});

app.notFound((c) => {
  const allowed = allowedMethods(app, c.req.path);
  if (allowed.length > 0 && !allowed.includes(c.req.method)) {
    return c.json(
      {
        error: {
          code: "method_not_allowed",
          message: `${c.req.method} is not allowed here; use ${allowed.join(", ")}`,
        },
      },
      405,
      {
        Allow: allowed.join(", "),
      },
    );
  }
  if (c.req.path.startsWith("/api/"))
    return c.json({ error: { code: "not_found", message: `No route for ${c.req.method} ${c.req.path}` } }, 404);
  return c.html('<!doctype html><title>404</title><h1>404</h1><p><a href="/">Status page</a></p>', 404);
});

app.use("*", securityHeaders);
// Public reads are cached at the edge for a short TTL, keyed by language and state version.
for (const path of [
  "/",
  "/history",
  "/incidents/*",
  "/api/v2/*",
  "/history.atom",
  "/history.rss",
  "/badge.svg",
  "/badge/*",
  "/api/reports/stats",
  "/api/components/*",
]) {
  app.use(path, edgeCache);
}
app.route("/", healthRouter);
// Before reportsRouter: /api/reports/stats must not be taken for /api/reports/:id.
app.route("/", publicApiRouter);
app.route("/", reportsRouter);
app.route("/", statuspageRouter);
app.route("/", adminRouter);
app.route("/", adminConsoleRouter);
app.route("/", feedsRouter);
app.route("/", badgesRouter);
app.route("/", openapiRouter);
app.route("/", probesRouter);
app.route("/", pagesRouter);

export { app };

export default { fetch: app.fetch, scheduled, queue } satisfies ExportedHandler<Env>;
