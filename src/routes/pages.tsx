import { Hono } from "hono";
import type { AppEnv } from "../env";
import { incidentPages } from "./pages/incidents";
import { reportPages } from "./pages/report";
import { statusPage } from "./pages/status";

/** The public HTML pages: status, report form and verdict, incidents and history. */
export const pagesRouter = new Hono<AppEnv>();

pagesRouter.route("/", statusPage);
pagesRouter.route("/", reportPages);
pagesRouter.route("/", incidentPages);
