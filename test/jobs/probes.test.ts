import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { asc, eq } from "drizzle-orm";
import { delay, HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createProbe, findProbe } from "../../src/data/probes";
import { database } from "../../src/db/client";
import { probeResults, probes, settings } from "../../src/db/schema";
import worker from "../../src/index";
import { runDueProbes } from "../../src/jobs/probes";

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

beforeEach(async () => {
  await db.delete(probeResults);
  await db.delete(probes);
});

async function resultsOf(probeId: string) {
  return db.select().from(probeResults).where(eq(probeResults.probeId, probeId)).orderBy(asc(probeResults.id));
}

describe("the probe cron", () => {
  it("runs a due probe and stores its result and run time", async () => {
    network.use(http.get("https://pay.example/health", () => HttpResponse.text("收银台 ok")));
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
    });
    expect(result!.latencyMs).toBeGreaterThanOrEqual(0);
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
    network.use(
      http.get("https://pay.example/hang", async () => {
        await delay("infinite");
        return HttpResponse.text("never");
      }),
      http.get("https://pay.example/fine", () => HttpResponse.text("ok")),
      http.get("https://pay.example/slow", async () => {
        await delay(300);
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

    const started = Date.now();
    await runDueProbes(quietEnv, nextRunTime());
    // The run ends with the hanging probe's timeout (plus the guard), not whenever the target answers.
    expect(Date.now() - started).toBeLessThan(5_000);

    expect((await resultsOf("hang"))[0]).toMatchObject({ ok: false, errorClass: "timeout", latencyMs: 500 });
    expect((await resultsOf("fine"))[0]).toMatchObject({ ok: true, degraded: false });
    expect((await resultsOf("slow"))[0]).toMatchObject({ ok: true, degraded: true });
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
    await db.delete(settings).where(eq(settings.key, "probes.seed"));
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
