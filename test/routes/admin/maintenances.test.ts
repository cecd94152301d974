import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../../src/index";
import { admin, adminJson, publicJson } from "../../admin-helpers";

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

async function runCron(at: number) {
  const ctx = createExecutionContext();
  await worker.scheduled!(createScheduledController({ scheduledTime: at, cron: "* * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
}

describe("admin maintenance", () => {
  it("schedules maintenance that starts and completes with the clock (the cron persists it)", async () => {
    const now = Date.now();
    const created = await adminJson(
      "POST",
      "/api/admin/maintenances",
      {
        incident: {
          name: "Repayment system upgrade",
          status: "scheduled",
          scheduled_for: iso(now + HOUR),
          scheduled_until: iso(now + 2 * HOUR),
          body: "Repayments pause.",
          components: { repayment: "under_maintenance" },
        },
      },
      201,
    );
    expect(created).toMatchObject({
      type: "maintenance",
      status: "scheduled",
      impact: "maintenance",
      scheduled_for: iso(now + HOUR),
    });
    expect(
      (await publicJson("/api/v2/scheduled-maintenances/upcoming.json")).scheduled_maintenances.map((m: any) => m.id),
    ).toContain(created.id);
    expect((await publicJson("/api/v2/components.json")).components.find((c: any) => c.id === "repayment").status).toBe(
      "operational",
    );

    await runCron(now + HOUR + 60_000);
    const started = await adminJson("GET", `/api/admin/maintenances/${created.id}`);
    expect(started.status).toBe("in_progress");
    expect(started.incident_updates[0]).toMatchObject({ status: "in_progress" });
    const component = (await publicJson("/api/v2/components.json")).components.find((c: any) => c.id === "repayment");
    expect(component).toMatchObject({ status: "under_maintenance", status_source: "declared" });

    await runCron(now + 2 * HOUR + 60_000);
    const done = await adminJson("GET", `/api/admin/maintenances/${created.id}`);
    expect(done.status).toBe("completed");
    expect(done.resolved_at).not.toBeNull();
    expect(done.incident_updates.map((u: any) => u.status)).toEqual(["completed", "in_progress", "scheduled"]);
    expect((await publicJson("/api/v2/components.json")).components.find((c: any) => c.id === "repayment").status).toBe(
      "operational",
    );
    const all = (await publicJson("/api/v2/scheduled-maintenances.json")).scheduled_maintenances;
    expect(all.find((m: any) => m.id === created.id).status).toBe("completed");
  });

  it("starts at once when the window has begun, accepts component_ids, and can be set to verifying and completed by hand", async () => {
    const now = Date.now();
    const created = await adminJson(
      "POST",
      "/api/admin/maintenances",
      {
        incident: {
          name: "Now",
          scheduled_for: iso(now - 60_000),
          scheduled_until: iso(now + HOUR),
          component_ids: ["offline-pay"],
        },
      },
      201,
    );
    expect(created.status).toBe("in_progress");
    expect((await publicJson("/api/v2/status.json")).status.indicator).toBe("maintenance");
    const verifying = await adminJson("PATCH", `/api/admin/maintenances/${created.id}`, {
      incident: { status: "verifying", body: "Checking." },
    });
    expect(verifying.status).toBe("verifying");
    expect(
      (await publicJson("/api/v2/scheduled-maintenances/active.json")).scheduled_maintenances.map((m: any) => m.id),
    ).toContain(created.id);
    const completed = await adminJson("PATCH", `/api/admin/maintenances/${created.id}`, {
      incident: { status: "completed" },
    });
    expect(completed.status).toBe("completed");
    expect(
      (await publicJson("/api/v2/components.json")).components.find((c: any) => c.id === "offline-pay").status,
    ).toBe("operational");
    const late = await admin("PATCH", `/api/admin/maintenances/${created.id}`, { incident: { body: "more" } });
    expect(late.status).toBe(409);
    await late.arrayBuffer();
  });

  it("updates the window and components, and cancels", async () => {
    const now = Date.now();
    const created = await adminJson(
      "POST",
      "/api/admin/maintenances",
      {
        incident: {
          name: "Later",
          scheduled_for: iso(now + 5 * HOUR),
          scheduled_until: iso(now + 6 * HOUR),
          component_ids: ["app-login"],
        },
      },
      201,
    );
    const moved = await adminJson("PATCH", `/api/admin/maintenances/${created.id}`, {
      incident: {
        scheduled_for: iso(now + 7 * HOUR),
        scheduled_until: iso(now + 8 * HOUR),
        component_ids: ["app-login", "credit-account"],
        body: "Moved.",
      },
    });
    expect(moved.scheduled_for).toBe(iso(now + 7 * HOUR));
    expect(Object.keys(moved.component_statuses).sort()).toEqual(["app-login", "credit-account"]);
    expect(moved.incident_updates[0].body).toBe("Moved.");

    const cancelled = await adminJson("POST", `/api/admin/maintenances/${created.id}/cancel`, {
      incident: { body: "Not needed." },
    });
    expect(cancelled.status).toBe("cancelled");
    const publicList = (await publicJson("/api/v2/scheduled-maintenances.json")).scheduled_maintenances;
    expect(publicList.map((m: any) => m.id)).not.toContain(created.id);
    const twice = await admin("POST", `/api/admin/maintenances/${created.id}/cancel`);
    expect(twice.status).toBe(409);
    await twice.arrayBuffer();
  });

  it("cancelling running maintenance restores its components", async () => {
    const now = Date.now();
    const created = await adminJson(
      "POST",
      "/api/admin/maintenances",
      {
        incident: {
          name: "Running",
          scheduled_for: iso(now - 60_000),
          scheduled_until: iso(now + HOUR),
          component_ids: ["credit-account"],
        },
      },
      201,
    );
    expect(
      (await publicJson("/api/v2/components.json")).components.find((c: any) => c.id === "credit-account").status,
    ).toBe("under_maintenance");
    const cancelled = await admin("POST", `/api/admin/maintenances/${created.id}/cancel`);
    expect(cancelled.status).toBe(200);
    await cancelled.arrayBuffer();
    expect(
      (await publicJson("/api/v2/components.json")).components.find((c: any) => c.id === "credit-account").status,
    ).toBe("operational");
  });

  it("validates maintenance input", async () => {
    const now = Date.now();
    const cases: unknown[] = [
      { incident: { name: "x", scheduled_for: "tomorrow", scheduled_until: iso(now + HOUR) } },
      { incident: { name: "x", scheduled_for: iso(now + 2 * HOUR), scheduled_until: iso(now + HOUR) } },
      { incident: { name: "x", scheduled_for: iso(now - 2 * HOUR), scheduled_until: iso(now - HOUR) } },
      {
        incident: {
          name: "x",
          scheduled_for: iso(now + HOUR),
          scheduled_until: iso(now + 2 * HOUR),
          components: { "online-pay": "major_outage" },
        },
      },
      {
        incident: {
          name: "x",
          scheduled_for: iso(now + HOUR),
          scheduled_until: iso(now + 2 * HOUR),
          component_ids: ["nope"],
        },
      },
      {
        incident: {
          name: "x",
          status: "in_progress",
          scheduled_for: iso(now + HOUR),
          scheduled_until: iso(now + 2 * HOUR),
        },
      },
    ];
    for (const body of cases) {
      const response = await admin("POST", "/api/admin/maintenances", body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((await response.json<any>()).error.code).toBeTypeOf("string");
    }
    const missing = await admin("PATCH", "/api/admin/maintenances/nope", { incident: { body: "x" } });
    expect(missing.status).toBe(404);
    await missing.arrayBuffer();
  });
});
