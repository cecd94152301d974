import { env, exports } from "cloudflare:workers";
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createProbe, createProbeAgent, revokeProbeAgent } from "../../src/data/probes";
import { database } from "../../src/db/client";
import { probeAgents, probeResults } from "../../src/db/schema";

const worker = (exports as unknown as { default: Fetcher }).default;
const db = database(env.DB);
let hangzhouToken = "";
let shanghaiToken = "";
let hangzhouAgentId = "";

beforeAll(async () => {
  const hz = await createProbeAgent(db, { name: "Hangzhou 1", location: "hangzhou" }, Date.now());
  const sh = await createProbeAgent(db, { name: "Shanghai 1", location: "shanghai" }, Date.now());
  hangzhouToken = hz.token;
  hangzhouAgentId = hz.agent.id;
  shanghaiToken = sh.token;
  await createProbe(
    db,
    {
      id: "cashier-any",
      component: "online-pay",
      name: "Cashier",
      url: "https://pay.example/cashier",
      runner: "agent",
      timeout_ms: 8000,
      latency_threshold_ms: 1000,
    },
    0,
  );
  await createProbe(
    db,
    {
      id: "qr-hz",
      component: "offline-pay",
      name: "QR",
      url: "/demo/upstream",
      runner: "agent",
      location: "hangzhou",
      headers: { "x-key": "secret:QR_KEY" },
    },
    0,
  );
  await createProbe(
    db,
    { id: "worker-only", component: "online-pay", name: "Worker", url: "https://pay.example/w" },
    0,
  );
  await createProbe(
    db,
    {
      id: "agent-off",
      component: "online-pay",
      name: "Off",
      url: "https://pay.example/off",
      runner: "agent",
      enabled: false,
    },
    0,
  );
});

const countResults = async () => (await db.select({ id: probeResults.id }).from(probeResults)).length;

function push(body: unknown, token: string | null = hangzhouToken, contentType = "application/json") {
  const headers: Record<string, string> = { "content-type": contentType };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  return worker.fetch("http://status.example/api/probe-results", {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("GET /api/probe-agent/probes", () => {
  it("lists the enabled agent probes for the agent's location, relative URLs resolved", async () => {
    const response = await worker.fetch("http://status.example/api/probe-agent/probes", {
      headers: { authorization: `Bearer ${hangzhouToken}` },
    });
    expect(response.status).toBe(200);
    const body = await response.json<{
      agent: { location: string };
      probes: Array<{ id: string; url: string; headers: Record<string, string>; timeout_ms: number }>;
    }>();
    expect(body.agent.location).toBe("hangzhou");
    expect(body.probes.map((p) => p.id)).toEqual(["cashier-any", "qr-hz"]);
    expect(body.probes[1]).toMatchObject({
      url: "http://status.example/demo/upstream",
      headers: { "x-key": "secret:QR_KEY" },
    });
    expect(body.probes[0]!.timeout_ms).toBe(8000);
  });

  it("gives another location only the probes meant for it", async () => {
    const response = await worker.fetch("http://status.example/api/probe-agent/probes", {
      headers: { authorization: `Bearer ${shanghaiToken}` },
    });
    const body = await response.json<{ probes: Array<{ id: string }> }>();
    expect(body.probes.map((p) => p.id)).toEqual(["cashier-any"]);
  });

  it("answers 401 without a valid token", async () => {
    const none = await worker.fetch("http://status.example/api/probe-agent/probes");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe("Bearer");
    expect(await none.json()).toMatchObject({ error: { code: "unauthorized" } });
    const wrong = await worker.fetch("http://status.example/api/probe-agent/probes", {
      headers: { authorization: "Bearer pa_not-a-real-token-at-all" },
    });
    expect(wrong.status).toBe(401);
  });
});

describe("POST /api/probe-results", () => {
  it("stores good results under the agent's location and marks the agent seen", async () => {
    const now = Date.now();
    const response = await push({
      results: [
        { probe_id: "cashier-any", checked_at: now - 60_000, ok: true, http_status: 200, latency_ms: 120 },
        {
          probe_id: "cashier-any",
          checked_at: new Date(now - 30_000).toISOString(),
          ok: true,
          http_status: 200,
          latency_ms: 1500,
        },
        { probe_id: "qr-hz", checked_at: now - 10_000, ok: false, latency_ms: null, error_class: "dns" },
      ],
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 3 });
    const rows = await db.select().from(probeResults).orderBy(asc(probeResults.checkedAt));
    expect(rows.map((r) => [r.probeId, r.componentId, r.location, r.agentId, r.ok, r.degraded, r.errorClass])).toEqual([
      ["cashier-any", "online-pay", "hangzhou", hangzhouAgentId, true, false, null],
      ["cashier-any", "online-pay", "hangzhou", hangzhouAgentId, true, true, null],
      ["qr-hz", "offline-pay", "hangzhou", hangzhouAgentId, false, false, "dns"],
    ]);
    const [agent] = await db.select().from(probeAgents).where(eq(probeAgents.id, hangzhouAgentId));
    expect(agent!.lastSeenAt).toBeGreaterThanOrEqual(now);
  });

  it("stores a full batch of 500 results in one push", async () => {
    const before = await countResults();
    const now = Date.now();
    const results = Array.from({ length: 500 }, (_, i) => ({
      probe_id: "cashier-any",
      checked_at: now - i * 1000,
      ok: true,
      http_status: 200,
      latency_ms: 100 + i,
    }));
    const response = await push({ results });
    expect(response.status).toBe(202);
    expect(await countResults()).toBe(before + 500);
  });

  it("stores each check once when an agent retries a push", async () => {
    const before = await countResults();
    const body = {
      results: [{ probe_id: "cashier-any", checked_at: Date.now() - 5_000, ok: false, error_class: "timeout" }],
    };
    expect((await push(body)).status).toBe(202);
    expect((await push(body)).status).toBe(202);
    expect(await countResults()).toBe(before + 1);
  });

  it("stores only a hash of each token", async () => {
    const agents = await db.select().from(probeAgents);
    for (const agent of agents) {
      expect(agent.tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect([hangzhouToken, shanghaiToken]).not.toContain(agent.tokenHash);
    }
  });

  it("answers 401 to a bad, missing or revoked token and stores nothing", async () => {
    const before = await countResults();
    const good = { results: [{ probe_id: "cashier-any", checked_at: Date.now(), ok: true }] };
    expect((await push(good, "pa_wrong-token-wrong-token-wrong")).status).toBe(401);
    expect((await push(good, null)).status).toBe(401);
    const revoked = await createProbeAgent(db, { name: "Old", location: "hangzhou" }, Date.now());
    expect(await revokeProbeAgent(db, revoked.agent.id, Date.now())).toBe(true);
    expect((await push(good, revoked.token)).status).toBe(401);
    expect(await countResults()).toBe(before);
  });

  it("answers 400 to malformed bodies and stores none of a partly bad batch", async () => {
    const before = await countResults();
    const now = Date.now();
    const ok = { probe_id: "cashier-any", checked_at: now, ok: true };
    const cases: Array<[unknown, string]> = [
      ["{not json", "invalid_json"],
      [{ results: [] }, "invalid_field"],
      [{ results: [ok], extra: 1 }, "invalid_field"],
      [{ results: [ok, { ...ok, ok: false }] }, "invalid_field"],
      [{ results: [ok, { ...ok, error_class: "meltdown", ok: false }] }, "invalid_field"],
      [{ results: [ok, { ...ok, latency_ms: -5 }] }, "invalid_field"],
      [{ results: [ok, { ...ok, probe_id: "worker-only" }] }, "unknown_probe"],
      [{ results: [ok, { ...ok, probe_id: "agent-off" }] }, "unknown_probe"],
      [{ results: [ok, { ...ok, checked_at: now + 3_600_000 }] }, "invalid_field"],
      [{ results: [ok, { ...ok, checked_at: now - 3 * 3_600_000 }] }, "invalid_field"],
    ];
    for (const [body, code] of cases) {
      const response = await push(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((await response.json<{ error: { code: string } }>()).error.code).toBe(code);
    }
    // A probe of another location is not this agent's to report.
    const foreign = await push({ results: [{ ...ok, probe_id: "qr-hz" }] }, shanghaiToken);
    expect(foreign.status).toBe(400);
    expect((await push("results=1", hangzhouToken, "application/x-www-form-urlencoded")).status).toBe(415);
    expect(await countResults()).toBe(before);
  });
});
