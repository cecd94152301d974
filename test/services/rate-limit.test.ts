import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { database } from "../../src/db/client";
import { DomainError } from "../../src/domain/errors";
import { enforceReportRateLimit, parseRateLimit } from "../../src/services/rate-limit";
import { count, type ErrorBody, postReport } from "../helpers";
import { reportOf, seedReports } from "../seed";

/** The Rate Limiting binding's allowance per network, as wrangler.toml configures it. */
const LIMIT = 20;

describe("per-network rate limit on POST /api/reports", () => {
  it("answers 429 with Retry-After past the limit, however the client rotates its User-Agent", async () => {
    const ip = "192.0.2.77";
    const before = await count("reports");
    for (let i = 0; i < LIMIT; i++) {
      const response = await postReport({ component: "online-pay", symptom: "other" }, { ip, userAgent: `ua-${i}` });
      expect(response.status).toBe(201);
    }
    const limited = await postReport({ component: "online-pay", symptom: "other" }, { ip, userAgent: "yet another" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.json<ErrorBody>()).error.code).toBe("rate_limited");
    expect(await count("reports")).toBe(before + LIMIT);
    // Another network is not affected; nor is another address of an IPv6 network's neighbour /64.
    expect((await postReport({ component: "online-pay", symptom: "other" }, { ip: "192.0.2.78" })).status).toBe(201);
  });

  it("counts an IPv6 /64 as one network", async () => {
    for (let i = 0; i < LIMIT; i++) {
      const ip = `2001:db8:77:1::${(i + 1).toString(16)}`;
      expect((await postReport({ component: "online-pay", symptom: "other" }, { ip })).status).toBe(201);
    }
    const sameNetwork = await postReport({ component: "online-pay", symptom: "other" }, { ip: "2001:db8:77:1::ffff" });
    expect(sameNetwork.status).toBe(429);
    const neighbour = await postReport({ component: "online-pay", symptom: "other" }, { ip: "2001:db8:77:2::1" });
    expect(neighbour.status).toBe(201);
  });
});

describe("D1 fallback when no Rate Limiting binding is bound", () => {
  it("counts the network's stored reports in the window, whichever browser sent them", async () => {
    const db = database(env.DB);
    const now = Date.now();
    const network = "f".repeat(32);
    const at = (receivedAt: number) => reportOf({ component: "online-pay", symptom: "other" }, { network, receivedAt });
    // One outside a 600 s window, two inside it.
    expect(await seedReports([at(now - 700_000), at(now - 500_000), at(now - 100_000)])).toBe(3);
    const policy = { REPORT_RATE_LIMIT: "2/600" };
    const error = await enforceReportRateLimit(policy, db, network, now).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe("rate_limited");
    // The oldest report in the window leaves it in 100 s.
    expect((error as DomainError).retryAfterSeconds).toBe(100);
    await expect(enforceReportRateLimit({ REPORT_RATE_LIMIT: "3/600" }, db, network, now)).resolves.toBeUndefined();
  });

  it("parses N/SECONDS and falls back to 20 per 10 minutes", () => {
    expect(parseRateLimit("10/60")).toEqual({ limit: 10, windowMs: 60_000 });
    expect(parseRateLimit(undefined)).toEqual({ limit: 20, windowMs: 600_000 });
    expect(parseRateLimit("lots")).toEqual({ limit: 20, windowMs: 600_000 });
  });
});
