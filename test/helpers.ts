import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import type { Env } from "../src/env";
import worker, { app } from "../src/index";

export const BASE = "http://status.test";

let ipCounter = 0;

/** A distinct client address per call unless one is given, so each call is a distinct reporter. */
export function freshIp(): string {
  ipCounter++;
  return `198.51.${Math.floor(ipCounter / 250) % 250}.${(ipCounter % 250) + 1}`;
}

export interface PostOptions {
  ip?: string;
  userAgent?: string;
  headers?: Record<string, string>;
  query?: string;
}

/** A JSON post from a browser-like client (a fresh address unless one is given), as a reporter sends it. */
export function postAsReporter(path: string, body: unknown, options: PostOptions = {}): Promise<Response> {
  return exports.default.fetch(`${BASE}${path}${options.query ?? ""}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "cf-connecting-ip": options.ip ?? freshIp(),
      "user-agent": options.userAgent ?? "vitest",
      ...options.headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export function postReport(body: unknown, options: PostOptions = {}): Promise<Response> {
  return postAsReporter("/api/reports", body, options);
}

export async function count(table: string): Promise<number> {
  const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first<{ n: number }>();
  return row?.n ?? 0;
}

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

/**
 * A request with the read caches off. Time series (report counts, uptime) are
 * not versioned: in production a cached page shows them up to the cache TTL
 * late, so a test that writes them and reads them back at once asks for a
 * fresh copy, as a request after the TTL would get.
 */
export async function fetchUncached(path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await app.fetch(new Request(`${BASE}${path}`, init), { ...env, EDGE_CACHE_TTL: "0" }, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** One run of the Worker's cron at `at` (every job, as the minute trigger runs them), waited for. */
export async function runCronAt(at: number, overrides: Partial<Env> = {}): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(
    createScheduledController({ scheduledTime: at, cron: "* * * * *" }),
    { ...env, ...overrides },
    ctx,
  );
  await waitOnExecutionContext(ctx);
}
