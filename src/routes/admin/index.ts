import { serviceScope } from "../../http/context";
import { createRouter } from "../../http/openapi";
import { adminAuth } from "./auth";
import { adminComponentGroupsRouter, adminComponentsRouter } from "./components";
import { adminIncidentsRouter } from "./incidents";
import { adminMaintenancesRouter } from "./maintenances";
import { adminNotificationsRouter, adminOutboxRouter } from "./notifications";
import { adminProbeAgentsRouter, adminProbesRouter } from "./probes";
import { adminReportsRouter } from "./reports";
import { adminServicesRouter } from "./services";
import { adminSubscribersRouter } from "./subscribers";
import { adminWebhooksRouter } from "./webhooks";

/**
 * The admin API, mounted at /api/admin: bearer-token auth on every path (see
 * auth.ts), then one router per resource at its own prefix. Put /api/admin
 * behind Cloudflare Access for SSO (docs/admin-api.md).
 */
export const adminRouter = createRouter();

adminRouter.use("*", adminAuth);
// Writes name their service (service_id); answers are framed by the default service's page.
adminRouter.use("*", serviceScope);
adminRouter.route("/services", adminServicesRouter);
adminRouter.route("/incidents", adminIncidentsRouter);
adminRouter.route("/maintenances", adminMaintenancesRouter);
adminRouter.route("/components", adminComponentsRouter);
adminRouter.route("/component-groups", adminComponentGroupsRouter);
adminRouter.route("/webhooks", adminWebhooksRouter);
adminRouter.route("/probes", adminProbesRouter);
adminRouter.route("/probe-agents", adminProbeAgentsRouter);
adminRouter.route("/reports", adminReportsRouter);
adminRouter.route("/subscribers", adminSubscribersRouter);
adminRouter.route("/notifications", adminNotificationsRouter);
adminRouter.route("/outbox", adminOutboxRouter);
