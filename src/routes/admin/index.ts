import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { adminAuth } from "./auth";
import { adminComponentsRouter } from "./components";
import { adminIncidentsRouter } from "./incidents";
import { adminMaintenancesRouter } from "./maintenances";
import { adminProbesRouter } from "./probes";
import { adminReportsRouter } from "./reports";
import { adminWebhooksRouter } from "./webhooks";

/**
 * The admin API under /api/admin: bearer-token auth on every path (see
 * auth.ts), then one router per area. Put /api/admin behind Cloudflare Access
 * for SSO (README).
 */
export const adminRouter = new OpenAPIHono<AppEnv>();

adminRouter.use("/api/admin/*", adminAuth);
adminRouter.route("/", adminIncidentsRouter);
adminRouter.route("/", adminMaintenancesRouter);
adminRouter.route("/", adminComponentsRouter);
adminRouter.route("/", adminWebhooksRouter);
adminRouter.route("/", adminProbesRouter);
adminRouter.route("/", adminReportsRouter);
