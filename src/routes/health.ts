import { Hono } from "hono";
import type { AppEnv } from "../http/context";

export const healthRouter = new Hono<AppEnv>();

// Liveness only: no D1, so it stays cheap and answers even when storage is down.
healthRouter.get("/healthz", (c) => c.json({ ok: true }));
