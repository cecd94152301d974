import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { database } from "../src/db/client";
import { ApiError } from "../src/http/errors";
import { enforceReportRateLimit, parseRateLimit } from "../src/services/rate-limit";
import { count, type ErrorBody, postReport } from "./helpers";

describe("per-fingerprint rate limit on POST /api/reports", () => {
  it("answers 429 with Retry-After past the limit, and stores nothing more", async () => {
    const ip = "192.0.2.77";
    for (let i = 0; i < 5; i++)
      expect((await postReport({ component: "online-pay", symptom: "other" }, { ip })).status).toBe(201);
    const limited = await postReport({ component: "online-pay", symptom: "other" }, { ip });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.json<ErrorBody>()).error.code).toBe("rate_limited");
    expect(await count("reports")).toBe(5);
    // Someone else is not affected.
    expect((await postReport({ component: "online-pay", symptom: "other" }, { ip: "192.0.2.78" })).status).toBe(201);
  });
});

describe("D1 fallback when no Rate Limiting binding is bound", () => {
  it("counts the fingerprint's stored reports in the window", async () => {
    const db = database(env.DB);
    const now = Date.now();
    const fp = "f".repeat(32);
    const insert = (at: number, id: string) =>
      env.DB.prepare(
        "INSERT INTO reports (id, component_id, symptom, symptom_class, occurred_at, received_at, fingerprint, verdict) VALUES (?, 'online-pay', 'other', 'other', ?, ?, ?, 'unconfirmed')",
      )
        .bind(id, at, at, fp)
        .run();
    await insert(now - 700_000, "old"); // outside a 600 s window
    await insert(now - 500_000, "a");
    await insert(now - 100_000, "b");
    const policy = { REPORT_RATE_LIMIT: "2/600" };
    const error = await enforceReportRateLimit(policy, db, fp, now).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(429);
    // The oldest report in the window leaves it in 100 s.
    expect(Number((error as ApiError).headers?.["Retry-After"])).toBe(100);
    await expect(enforceReportRateLimit({ REPORT_RATE_LIMIT: "3/600" }, db, fp, now)).resolves.toBeUndefined();
  });

  it("parses N/SECONDS and falls back to 5 per 10 minutes", () => {
    expect(parseRateLimit("10/60")).toEqual({ limit: 10, windowMs: 60_000 });
    expect(parseRateLimit(undefined)).toEqual({ limit: 5, windowMs: 600_000 });
    expect(parseRateLimit("lots")).toEqual({ limit: 5, windowMs: 600_000 });
  });
});
