import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, asc, eq } from "drizzle-orm";
import { delay, HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createProbe, findProbe, listProbeDays, saveDailyRollups } from "../../src/data/probes";
import { database } from "../../src/db/client";
import { componentDaily, probeDaily, probeResults, probes } from "../../src/db/schema";
import worker from "../../src/index";
import { rollupDays, runDueProbes } from "../../src/jobs/probes";
import { check, DAY, NOW, seedProbeHistory, storeChecks } from "../probe-history";
import { forgetProbeSeed, resetProbes } from "../seed";

// No test may reach the internet: anything not mocked here fails loudly.
const network = setupServer();
beforeAll(() => network.listen({ onUnhandledRequest: "error" }));
afterEach(() => network.resetHandlers());
afterAll(() => network.close());

const db = database(env.DB);
/** No seeded probes, so each test sees only the probes it creates. */
const quietEnv = { ...env, PROBES_CONFIG: "[]", PROBE_CHECKOUT_KEY: "Bearer probe-secret" };
let minute = 29_500_000;
/** A fresh cron minute per test: storage is shared within this file. */
const nextRunTime = () => ++minute * 60_000;

async function resultsOf(probeId: string) {
  return db.select().from(probeResults).where(eq(probeResults.probeId, probeId)).orderBy(asc(probeResults.id));
}

describe("the probe cron", () => {
  beforeEach(resetProbes);
  afterEach(() => {
    vi.useRealTimers();
  });

  it("runs a due probe and stores its result and run time", async () => {
    // The upstream answers 120 ms after the request, on the clock the cron measures latency with.
    vi.useFakeTimers({ toFake: ["Date"] });
    network.use(
      http.get("https://pay.example/health", () => {
        vi.advanceTimersByTime(120);
        return HttpResponse.text("收银台 ok");
      }),
    );
    await createProbe(
      db,
      {
        id: "checkout",
        component: "online-pay",
        name: "Checkout",
        url: "https://pay.example/health",
        body_must_contain: "收银台",
      },
      0,
    );
    const at = nextRunTime();
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: at, cron: "* * * * *" }), quietEnv, ctx);
    await waitOnExecutionContext(ctx);

    const [result] = await resultsOf("checkout");
    expect(result).toMatchObject({
      componentId: "online-pay",
      location: "cf-worker",
      checkedAt: at,
      ok: true,
      httpStatus: 200,
      errorClass: null,
      agentId: null,
      latencyMs: 120,
      degraded: false,
    });
    expect((await findProbe(db, "checkout"))!.lastRunAt).toBe(at);
  });

  it("does not run a probe that is not due, nor a disabled one", async () => {
    network.use(http.get("https://pay.example/slow-interval", () => HttpResponse.text("ok")));
    await createProbe(
      db,
      {
        id: "every-60",
        component: "online-pay",
        name: "Hourly",
        url: "https://pay.example/slow-interval",
        interval_minutes: 60,
      },
      0,
    );
    await createProbe(
      db,
      { id: "off", component: "online-pay", name: "Off", url: "https://unmocked.example/", enabled: false },
      0,
    );
    const first = nextRunTime();
    await runDueProbes(quietEnv, first);
    await runDueProbes(quietEnv, nextRunTime());
    expect((await resultsOf("every-60")).map((r) => r.checkedAt)).toEqual([first]);
    expect(await resultsOf("off")).toEqual([]);
  });

  it("classifies a wrong status, a keyword miss, a forbidden keyword and a refused connection", async () => {
    network.use(
      http.get("https://pay.example/503", () => new HttpResponse("busy", { status: 503 })),
      http.get("https://pay.example/page", () => HttpResponse.text("<html>系统繁忙，请稍后再试</html>")),
      http.get("https://pay.example/down", () => HttpResponse.error()),
    );
    await createProbe(db, { id: "status", component: "online-pay", name: "Status", url: "https://pay.example/503" }, 0);
    await createProbe(
      db,
      {
        id: "missing",
        component: "online-pay",
        name: "Missing",
        url: "https://pay.example/page",
        body_must_contain: "收银台",
      },
      0,
    );
    await createProbe(
      db,
      {
        id: "forbidden",
        component: "online-pay",
        name: "Forbidden",
        url: "https://pay.example/page",
        body_must_not_contain: "系统繁忙",
      },
      0,
    );
    await createProbe(
      db,
      { id: "refused", component: "online-pay", name: "Refused", url: "https://pay.example/down" },
      0,
    );
    await runDueProbes(quietEnv, nextRunTime());

    expect((await resultsOf("status"))[0]).toMatchObject({ ok: false, httpStatus: 503, errorClass: "http_status" });
    expect((await resultsOf("missing"))[0]).toMatchObject({ ok: false, httpStatus: 200, errorClass: "keyword" });
    expect((await resultsOf("forbidden"))[0]).toMatchObject({ ok: false, httpStatus: 200, errorClass: "keyword" });
    expect((await resultsOf("refused"))[0]).toMatchObject({ ok: false, httpStatus: null, errorClass: "connect" });
  });

  it("times out a hanging probe without holding up the others", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    network.use(
      // Never answers: only the probe's own timeout ends the wait.
      http.get("https://pay.example/hang", async () => {
        await delay("infinite");
        return HttpResponse.text("never");
      }),
      http.get("https://pay.example/fine", () => HttpResponse.text("ok")),
      // Answers 300 ms after the request: correct, but over its 100 ms latency threshold.
      http.get("https://pay.example/slow", () => {
        vi.advanceTimersByTime(300);
        return HttpResponse.text("ok");
      }),
    );
    await createProbe(
      db,
      { id: "hang", component: "online-pay", name: "Hang", url: "https://pay.example/hang", timeout_ms: 500 },
      0,
    );
    await createProbe(db, { id: "fine", component: "repayment", name: "Fine", url: "https://pay.example/fine" }, 0);
    await createProbe(
      db,
      { id: "slow", component: "repayment", name: "Slow", url: "https://pay.example/slow", latency_threshold_ms: 100 },
      0,
    );

    const at = nextRunTime();
    const outcomes = await runDueProbes(quietEnv, at);
    // One run, one stored batch: the hanging probe's timeout did not cost the others their results.
    expect(outcomes.map((o) => o.probeId).sort()).toEqual(["fine", "hang", "slow"]);
    expect(await resultsOf("hang")).toMatchObject([
      { checkedAt: at, ok: false, errorClass: "timeout", latencyMs: 500, httpStatus: null },
    ]);
    expect(await resultsOf("fine")).toMatchObject([{ checkedAt: at, ok: true, degraded: false, httpStatus: 200 }]);
    expect(await resultsOf("slow")).toMatchObject([
      { checkedAt: at, ok: true, degraded: true, latencyMs: 300, httpStatus: 200 },
    ]);
  });

  it("sends header secrets by name and skips a probe whose secret is missing", async () => {
    let seen: string | null = null;
    network.use(
      http.get("https://pay.example/private", ({ request }) => {
        seen = request.headers.get("authorization");
        return HttpResponse.text("ok");
      }),
    );
    await createProbe(
      db,
      {
        id: "private",
        component: "online-pay",
        name: "Private",
        url: "https://pay.example/private",
        headers: { authorization: "secret:PROBE_CHECKOUT_KEY" },
      },
      0,
    );
    await createProbe(
      db,
      {
        id: "no-secret",
        component: "online-pay",
        name: "No secret",
        url: "https://unmocked.example/",
        headers: { "x-key": "secret:PROBE_NOT_SET" },
      },
      0,
    );
    // The Worker's own secrets are not for probes, even when named.
    await createProbe(
      db,
      {
        id: "own-secret",
        component: "online-pay",
        name: "Own secret",
        url: "https://unmocked.example/",
        headers: { "x-key": "secret:ADMIN_TOKEN" },
      },
      0,
    );
    const at = nextRunTime();
    await runDueProbes(quietEnv, at);
    expect(seen).toBe("Bearer probe-secret");
    expect(await resultsOf("no-secret")).toEqual([]);
    expect(await resultsOf("own-secret")).toEqual([]);
    // It still counts as run, so a misconfigured probe is not retried every minute.
    expect((await findProbe(db, "no-secret"))!.lastRunAt).toBe(at);
  });

  it("seeds the default probes offline-safe: the demo upstream passes through the Worker itself", async () => {
    await forgetProbeSeed();
    const outcomes = await runDueProbes(env, nextRunTime());
    const seeded = await db.select().from(probes).orderBy(asc(probes.id));
    expect(seeded.map((p) => [p.id, p.enabled])).toEqual([
      ["alipay-web", false],
      ["demo-upstream", true],
    ]);
    expect(outcomes.map((o) => [o.probeId, o.ok, o.httpStatus])).toEqual([["demo-upstream", true, 200]]);
    expect((await resultsOf("demo-upstream"))[0]).toMatchObject({ ok: true, errorClass: null });
  });

  it("one failing job does not stop the probes", async () => {
    network.use(http.get("https://pay.example/fine", () => HttpResponse.text("ok")));
    await createProbe(db, { id: "fine", component: "online-pay", name: "Fine", url: "https://pay.example/fine" }, 0);
    const { scheduledJobs } = await import("../../src/scheduled");
    const broken = async () => {
      throw new Error("another job broke");
    };
    scheduledJobs.unshift(broken);
    try {
      const ctx = createExecutionContext();
      await worker.scheduled(
        createScheduledController({ scheduledTime: nextRunTime(), cron: "* * * * *" }),
        quietEnv,
        ctx,
      );
      await waitOnExecutionContext(ctx);
    } finally {
      scheduledJobs.splice(scheduledJobs.indexOf(broken), 1);
    }
    expect(await resultsOf("fine")).toHaveLength(1);
  });
});

/** A raw result older than the 30-day retention. */
const OLD_CHECK = NOW - 40 * DAY;
let rawBefore: number[] = [];

/** The probe history (test/probe-history.ts), a kept-over daily row, then one housekeeping cron run at NOW. */
async function housekeepingOverHistory() {
  await resetProbes();
  const { p1 } = await seedProbeHistory();
  await storeChecks(p1, [check(OLD_CHECK, false, null)]);
  // A daily row kept over for an old day: retention must leave it alone.
  await saveDailyRollups(
    db,
    ["2026-01-29"],
    [
      {
        probeId: "p1",
        componentId: "online-pay",
        day: "2026-01-29",
        checks: 1,
        failures: 1,
        latencyP50: null,
        latencyP95: null,
      },
    ],
    [],
    0,
  );
  rawBefore = (await db.select({ checkedAt: probeResults.checkedAt }).from(probeResults)).map((r) => r.checkedAt);
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: NOW, cron: "* * * * *" }), quietEnv, ctx);
  await waitOnExecutionContext(ctx);
}

describe("the housekeeping cron over a probe history", () => {
  beforeAll(housekeepingOverHistory);

  describe("daily rollups", () => {
    it("splits per probe at Shanghai midnight with p50 and p95 from passing checks", async () => {
      const rows = await db.select().from(probeDaily).where(eq(probeDaily.probeId, "p1")).orderBy(asc(probeDaily.day));
      expect(
        rows.map(({ day, checks, failures, latencyP50, latencyP95 }) => ({
          day,
          checks,
          failures,
          latencyP50,
          latencyP95,
        })),
      ).toEqual([
        { day: "2026-01-29", checks: 1, failures: 1, latencyP50: null, latencyP95: null },
        { day: "2026-03-10", checks: 4, failures: 1, latencyP50: 200, latencyP95: 300 },
        { day: "2026-03-11", checks: 2, failures: 0, latencyP50: 50, latencyP95: 60 },
      ]);
    });

    it("rolls components up per Shanghai day, maintenance left out", async () => {
      const rows = await db
        .select()
        .from(componentDaily)
        .orderBy(asc(componentDaily.componentId), asc(componentDaily.day));
      expect(
        rows.map(({ componentId, day, checks, failures, uptimePct, worstStatus }) => ({
          componentId,
          day,
          checks,
          failures,
          uptimePct,
          worstStatus,
        })),
      ).toEqual([
        {
          componentId: "offline-pay",
          day: "2026-03-10",
          checks: 1,
          failures: 0,
          uptimePct: 100,
          worstStatus: "operational",
        },
        {
          componentId: "online-pay",
          day: "2026-03-10",
          checks: 4,
          failures: 1,
          uptimePct: 75,
          worstStatus: "major_outage",
        },
        {
          componentId: "online-pay",
          day: "2026-03-11",
          checks: 2,
          failures: 0,
          uptimePct: 100,
          worstStatus: "operational",
        },
      ]);
      // The probe's own figures still show the failure: maintenance only spares the component's uptime.
      const [p2] = await db
        .select()
        .from(probeDaily)
        .where(and(eq(probeDaily.probeId, "p2"), eq(probeDaily.day, "2026-03-10")));
      expect(p2).toMatchObject({ checks: 2, failures: 1 });
    });

    it("lists per-probe days with their uptime", async () => {
      const days = await listProbeDays(db, "2026-03-10", "2026-03-11", ["p1"]);
      expect(days.map((d) => [d.day, d.uptimePct])).toEqual([
        ["2026-03-10", 75],
        ["2026-03-11", 100],
      ]);
    });

    it("gives the same figures when recomputed, and only touches today after the grace hours", async () => {
      await rollupDays(env, NOW);
      expect(
        (await db.select().from(probeDaily).where(eq(probeDaily.day, "2026-03-10"))).map((r) => r.checks).sort(),
      ).toEqual([2, 4]);
      expect(await rollupDays(env, NOW + 3 * 3_600_000)).toEqual(["2026-03-11"]);
      expect(await rollupDays(env, NOW)).toEqual(["2026-03-10", "2026-03-11"]);
    });
  });

  describe("retention", () => {
    it("deleted the raw result older than PROBE_RETENTION_DAYS and nothing else", async () => {
      const raw = await db.select({ checkedAt: probeResults.checkedAt }).from(probeResults);
      expect(raw.map((r) => r.checkedAt).sort()).toEqual(rawBefore.filter((at) => at !== OLD_CHECK).sort());
      expect(rawBefore).toContain(OLD_CHECK);
      expect(raw.every((r) => r.checkedAt > NOW - 30 * DAY)).toBe(true);
      expect(await db.select().from(probeDaily).where(eq(probeDaily.day, "2026-01-29"))).toHaveLength(1);
    });
  });
});
