import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createIncident } from "../../../src/data/incident-writes";
import { database } from "../../../src/db/client";
import { admin, adminJson, publicJson } from "../../admin-helpers";

const db = database(env.DB);

describe("POST /api/admin/incidents", () => {
  it("declares an incident with Statuspage's management-API body and answers 201 with it", async () => {
    const response = await admin("POST", "/api/admin/incidents", {
      incident: {
        name: "花呗付款失败",
        status: "investigating",
        impact_override: "major",
        body: "first update",
        components: { "online-pay": "major_outage" },
      },
    });
    expect(response.status).toBe(201);
    const incident = await response.json<any>();
    expect(incident).toMatchObject({
      name: "花呗付款失败",
      status: "investigating",
      impact: "major",
      type: "incident",
      source: "declared",
      review: null,
    });
    expect(incident.id).toMatch(/^[0-9a-z]{12}$/);
    expect(incident.incident_updates).toHaveLength(1);
    expect(incident.incident_updates[0]).toMatchObject({ status: "investigating", body: "first update" });
    expect(incident.components.map((c: any) => c.id)).toEqual(["online-pay"]);
    expect(incident.component_statuses).toEqual({ "online-pay": "major_outage" });

    const summary = await publicJson("/api/v2/summary.json");
    expect(summary.incidents.map((i: any) => i.id)).toContain(incident.id);
    expect(summary.components.find((c: any) => c.id === "online-pay")).toMatchObject({
      status: "major_outage",
      status_source: "declared",
    });

    // Lifecycle: identified → monitoring → resolved → postmortem, each kept in the timeline.
    for (const status of ["identified", "monitoring"]) {
      const updated = await adminJson("PATCH", `/api/admin/incidents/${incident.id}`, {
        incident: { status, body: `now ${status}` },
      });
      expect(updated.status).toBe(status);
    }
    const monitoring = await adminJson("GET", `/api/admin/incidents/${incident.id}`);
    expect(monitoring.monitoring_at).not.toBeNull();

    const resolved = await adminJson("PATCH", `/api/admin/incidents/${incident.id}`, {
      incident: { status: "resolved", body: "fixed" },
    });
    expect(resolved.status).toBe("resolved");
    expect(resolved.resolved_at).not.toBeNull();
    expect(resolved.incident_updates.map((u: any) => u.status)).toEqual([
      "resolved",
      "monitoring",
      "identified",
      "investigating",
    ]);
    expect(resolved.incident_updates[0].affected_components).toEqual([
      { code: "online-pay", name: "线上支付", old_status: "major_outage", new_status: "operational" },
    ]);
    const after = await publicJson("/api/v2/summary.json");
    expect(after.incidents.map((i: any) => i.id)).not.toContain(incident.id);
    expect(after.components.find((c: any) => c.id === "online-pay").status).toBe("operational");

    const postmortem = await adminJson("PATCH", `/api/admin/incidents/${incident.id}`, {
      incident: { status: "postmortem", body: "What happened" },
    });
    expect(postmortem.status).toBe("postmortem");
    expect(postmortem.resolved_at).toBe(resolved.resolved_at);
    expect(postmortem.incident_updates).toHaveLength(5);
  });

  it("keeps components named on resolve at the stated status", async () => {
    const incident = await adminJson(
      "POST",
      "/api/admin/incidents",
      {
        incident: {
          name: "Slow repayments",
          components: { repayment: "partial_outage", "credit-account": "degraded_performance" },
        },
      },
      201,
    );
    expect(incident.impact).toBe("major");
    const resolved = await adminJson("PATCH", `/api/admin/incidents/${incident.id}`, {
      incident: { status: "resolved", body: "mostly fixed", components: { repayment: "degraded_performance" } },
    });
    expect(resolved.status).toBe("resolved");
    const components = (await publicJson("/api/v2/components.json")).components;
    expect(components.find((c: any) => c.id === "repayment").status).toBe("degraded_performance");
    expect(components.find((c: any) => c.id === "credit-account").status).toBe("operational");
    await adminJson("PATCH", "/api/admin/components/repayment", { component: { status: "operational" } });
  });

  it("leaves a component held by another open incident at that incident's status on resolve", async () => {
    const first = await adminJson(
      "POST",
      "/api/admin/incidents",
      { incident: { name: "A", components: { "app-login": "major_outage" } } },
      201,
    );
    const second = await adminJson(
      "POST",
      "/api/admin/incidents",
      { incident: { name: "B", components: { "app-login": "degraded_performance" } } },
      201,
    );
    await adminJson("PATCH", `/api/admin/incidents/${second.id}`, { incident: { status: "resolved" } });
    const held = (await publicJson("/api/v2/components.json")).components.find((c: any) => c.id === "app-login");
    expect(held.status).toBe("major_outage");
    await adminJson("PATCH", `/api/admin/incidents/${first.id}`, { incident: { status: "resolved" } });
    expect((await publicJson("/api/v2/components.json")).components.find((c: any) => c.id === "app-login").status).toBe(
      "operational",
    );
  });

  it("rejects bad input with 4xx JSON and writes nothing", async () => {
    const before = (await adminJson("GET", "/api/admin/incidents?limit=500")).length;
    const cases: [unknown, number, string?][] = [
      [{ incident: { status: "investigating" } }, 400, "incident.name"],
      [{ incident: { name: "x", status: "exploding" } }, 400, "incident.status"],
      [{ incident: { name: "x", impact_override: "huge" } }, 400, "incident.impact_override"],
      [{ incident: { name: "x", components: { "online-pay": "on_fire" } } }, 400, "incident.components.online-pay"],
      [
        { incident: { name: "x", components: { "no-such-thing": "major_outage" } } },
        400,
        "incident.components.no-such-thing",
      ],
      [{ name: "not wrapped" }, 400, "incident"],
      ["{not json", 400],
    ];
    for (const [body, status, field] of cases) {
      const response = await admin("POST", "/api/admin/incidents", body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      const error = (await response.json<any>()).error;
      expect(error.code).toBeTypeOf("string");
      if (field) expect(error.field).toBe(field);
    }
    const wrongType = await admin("POST", "/api/admin/incidents", "name=x", {
      headers: { "content-type": "text/plain" },
    });
    expect(wrongType.status).toBe(415);
    await wrongType.arrayBuffer();
    const huge = await admin("POST", "/api/admin/incidents", { incident: { name: "x", body: "y".repeat(70_000) } });
    expect(huge.status).toBe(413);
    await huge.arrayBuffer();
    expect((await adminJson("GET", "/api/admin/incidents?limit=500")).length).toBe(before);
  });

  it("answers 404 for unknown incidents and 400 for an empty update", async () => {
    const missing = await admin("PATCH", "/api/admin/incidents/nope", { incident: { status: "resolved" } });
    expect(missing.status).toBe(404);
    expect((await missing.json<any>()).error.code).toBe("not_found");
    const incident = await adminJson(
      "POST",
      "/api/admin/incidents",
      { incident: { name: "Empty update target" } },
      201,
    );
    const empty = await admin("PATCH", `/api/admin/incidents/${incident.id}`, { incident: {} });
    expect(empty.status).toBe(400);
    await empty.arrayBuffer();
    await adminJson("PATCH", `/api/admin/incidents/${incident.id}`, { incident: { status: "resolved" } });
  });
});

describe("reviewing detected incidents", () => {
  async function detected(components: Record<string, any>) {
    const { incident } = await createIncident(db, {
      serviceId: "huabei",
      name: "Many reports: online checkout",
      source: "detected",
      detectedKind: "outage",
      evidence: { reporters: 42, expected: 3.1 },
      body: "Automatic detection",
      components,
    });
    return incident;
  }

  it("shows detected incidents as pending, with their evidence, and status_source detected", async () => {
    const incident = await detected({ "offline-pay": "partial_outage" });
    const pending = await adminJson("GET", "/api/admin/incidents?review=pending");
    const listed = pending.find((i: any) => i.id === incident.id);
    expect(listed).toMatchObject({
      source: "detected",
      detected_kind: "outage",
      review: "pending",
      evidence: { reporters: 42, expected: 3.1 },
    });
    const public_ = await publicJson("/api/v2/summary.json");
    expect(public_.components.find((c: any) => c.id === "offline-pay")).toMatchObject({
      status: "partial_outage",
      status_source: "detected",
    });
    expect(public_.incidents.find((i: any) => i.id === incident.id).source).toBe("detected");

    const confirmed = await adminJson("POST", `/api/admin/incidents/${incident.id}/confirm`, {
      incident: { body: "We see it too.", status: "identified" },
    });
    expect(confirmed).toMatchObject({ review: "confirmed", status: "identified" });
    expect(confirmed.incident_updates[0].body).toBe("We see it too.");
    expect(
      (await publicJson("/api/v2/components.json")).components.find((c: any) => c.id === "offline-pay").status_source,
    ).toBe("declared");

    const again = await admin("POST", `/api/admin/incidents/${incident.id}/dismiss`);
    expect(again.status).toBe(200); // a confirmed detection can still turn out false
    await again.arrayBuffer();
  });

  it("dismisses a false alarm: hidden from the public API, components restored", async () => {
    const incident = await detected({ "credit-account": "degraded_performance" });
    const response = await admin("POST", `/api/admin/incidents/${incident.id}/dismiss`);
    expect(response.status).toBe(200);
    expect(await response.json<any>()).toMatchObject({ review: "dismissed", status: "resolved" });
    const summary = await publicJson("/api/v2/summary.json");
    expect(summary.incidents.map((i: any) => i.id)).not.toContain(incident.id);
    expect((await publicJson("/api/v2/incidents.json")).incidents.map((i: any) => i.id)).not.toContain(incident.id);
    expect(summary.components.find((c: any) => c.id === "credit-account").status).toBe("operational");

    const twice = await admin("POST", `/api/admin/incidents/${incident.id}/dismiss`);
    expect(twice.status).toBe(409);
    expect((await twice.json<any>()).error.code).toBe("already_reviewed");
    const update = await admin("PATCH", `/api/admin/incidents/${incident.id}`, { incident: { body: "late" } });
    expect(update.status).toBe(409);
    await update.arrayBuffer();
  });

  it("refuses to confirm or dismiss a declared incident", async () => {
    const declared = await adminJson("POST", "/api/admin/incidents", { incident: { name: "Declared" } }, 201);
    const response = await admin("POST", `/api/admin/incidents/${declared.id}/dismiss`);
    expect(response.status).toBe(409);
    expect((await response.json<any>()).error.code).toBe("not_detected");
    await adminJson("PATCH", `/api/admin/incidents/${declared.id}`, { incident: { status: "resolved" } });
  });

  it("merges a detection into a declared incident: the target takes its components", async () => {
    const target = await adminJson(
      "POST",
      "/api/admin/incidents",
      { incident: { name: "Checkout outage", components: { "online-pay": "major_outage" } } },
      201,
    );
    const incident = await detected({ "online-pay": "partial_outage", repayment: "degraded_performance" });
    const merged = await adminJson("POST", `/api/admin/incidents/${incident.id}/merge`, { into: target.id });
    expect(merged).toMatchObject({ review: "merged", merged_into: target.id, status: "resolved" });

    const after = await adminJson("GET", `/api/admin/incidents/${target.id}`);
    expect(Object.keys(after.component_statuses).sort()).toEqual(["online-pay", "repayment"]);
    expect(after.incident_updates[0].body).toContain("Merged a duplicate");
    const components = (await publicJson("/api/v2/components.json")).components;
    expect(components.find((c: any) => c.id === "online-pay").status).toBe("major_outage");
    expect(components.find((c: any) => c.id === "repayment").status).toBe("degraded_performance");
    expect((await publicJson("/api/v2/incidents.json")).incidents.map((i: any) => i.id)).not.toContain(incident.id);

    const self = await admin("POST", `/api/admin/incidents/${target.id}/merge`, { into: target.id });
    expect(self.status).toBe(400);
    await self.arrayBuffer();
    const unknown = await admin("POST", `/api/admin/incidents/${target.id}/merge`, { into: "nope" });
    expect(unknown.status).toBe(400);
    await unknown.arrayBuffer();

    await adminJson("PATCH", `/api/admin/incidents/${target.id}`, { incident: { status: "resolved" } });
    const final = (await publicJson("/api/v2/components.json")).components;
    expect(final.find((c: any) => c.id === "repayment").status).toBe("operational");
  });
});
