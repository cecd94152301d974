import { describe, expect, it } from "vitest";
import { admin, adminJson, publicJson } from "../../admin-helpers";

describe("admin components", () => {
  it("creates, updates (status declared), reorders and deletes a component", async () => {
    const created = await adminJson(
      "POST",
      "/api/admin/components",
      {
        component: {
          id: "bill-pay",
          name_zh: "生活缴费",
          name_en: "Bill payments",
          description_en: "Utilities",
          group_id: "payments",
        },
      },
      201,
    );
    expect(created).toMatchObject({
      id: "bill-pay",
      name_zh: "生活缴费",
      name_en: "Bill payments",
      status: "operational",
      status_source: "default",
      group_id: "payments",
    });

    const listed = (await publicJson("/api/v2/components.json?lang=en")).components;
    expect(listed.find((c: any) => c.id === "bill-pay")).toMatchObject({
      name: "Bill payments",
      description: "Utilities",
    });
    expect(listed.find((c: any) => c.id === "payments").components).toContain("bill-pay");

    const degraded = await adminJson("PATCH", "/api/admin/components/bill-pay", {
      component: { status: "degraded_performance", name: "Bills" },
    });
    expect(degraded).toMatchObject({
      status: "degraded_performance",
      status_source: "declared",
      name_zh: "Bills",
      name_en: "Bills",
    });
    expect((await publicJson("/api/v2/status.json")).status).toEqual({
      indicator: "minor",
      description: "Partially Degraded Service",
    });
    await adminJson("PATCH", "/api/admin/components/bill-pay", { component: { status: "operational" } });

    const order = ["app-login", "credit-account", "repayment", "offline-pay", "online-pay", "bill-pay"];
    const reordered = await adminJson("POST", "/api/admin/components/reorder", { order });
    expect(reordered.map((c: any) => c.id)).toEqual(order);
    expect(reordered.map((c: any) => c.position)).toEqual([1, 2, 3, 4, 5, 6]);

    const deleted = await admin("DELETE", "/api/admin/components/bill-pay");
    expect(deleted.status).toBe(204);
    expect((await publicJson("/api/v2/components.json")).components.map((c: any) => c.id)).not.toContain("bill-pay");
  });

  it("derives an id from the English name and refuses a taken id with 409", async () => {
    const created = await adminJson("POST", "/api/admin/components", { component: { name: "Mini Program" } }, 201);
    expect(created.id).toBe("mini-program");
    const again = await admin("POST", "/api/admin/components", { component: { name: "Mini Program" } });
    expect(again.status).toBe(409);
    expect((await again.json<any>()).error.code).toBe("already_exists");
    const groupId = await admin("POST", "/api/admin/components", { component: { id: "payments", name: "Clash" } });
    expect(groupId.status).toBe(409);
    await groupId.arrayBuffer();
  });

  it("refuses to delete a component that incidents reference (409)", async () => {
    await adminJson("POST", "/api/admin/components", { component: { id: "huabei-card", name: "Card" } }, 201);
    const incident = await adminJson(
      "POST",
      "/api/admin/incidents",
      { incident: { name: "Cards", components: { "huabei-card": "partial_outage" } } },
      201,
    );
    const refused = await admin("DELETE", "/api/admin/components/huabei-card");
    expect(refused.status).toBe(409);
    expect((await refused.json<any>()).error.code).toBe("component_in_use");
    await adminJson("PATCH", `/api/admin/incidents/${incident.id}`, { incident: { status: "resolved" } });
    const stillRefused = await admin("DELETE", "/api/admin/components/huabei-card");
    expect(stillRefused.status).toBe(409); // history keeps referencing it
    await stillRefused.arrayBuffer();
    expect((await publicJson("/api/v2/components.json")).components.map((c: any) => c.id)).toContain("huabei-card");
  });

  it("validates component input", async () => {
    const cases: [string, string, unknown, number][] = [
      ["POST", "/api/admin/components", { component: { id: "Bad Id!", name: "x" } }, 400],
      ["POST", "/api/admin/components", { component: { name_zh: "只有中文" } }, 400],
      ["POST", "/api/admin/components", { component: { name: "x", status: "broken" } }, 400],
      ["POST", "/api/admin/components", { component: { name: "y", group_id: "no-group" } }, 400],
      ["PATCH", "/api/admin/components/nope", { component: { status: "operational" } }, 404],
      ["DELETE", "/api/admin/components/nope", undefined, 404],
      ["POST", "/api/admin/components/reorder", { order: ["online-pay", "nope"] }, 400],
      ["POST", "/api/admin/components/reorder", { order: ["online-pay", "online-pay"] }, 400],
      ["POST", "/api/admin/components/reorder", { order: [] }, 400],
    ];
    for (const [method, path, body, status] of cases) {
      const response = await admin(method, path, body);
      expect(response.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(status);
      expect((await response.json<any>()).error.code).toBeTypeOf("string");
    }
  });
});

describe("admin component groups", () => {
  it("creates a group with members, renames, reorders and deletes it (members stay)", async () => {
    await adminJson("POST", "/api/admin/components", { component: { id: "loans", name: "Loans" } }, 201);
    const group = await adminJson(
      "POST",
      "/api/admin/component-groups",
      { component_group: { id: "credit", name_zh: "信贷", name_en: "Credit", components: ["loans"] } },
      201,
    );
    expect(group).toMatchObject({ id: "credit", name_en: "Credit", components: ["loans"] });
    expect((await publicJson("/api/v2/components.json")).components.find((c: any) => c.id === "loans").group_id).toBe(
      "credit",
    );

    const renamed = await adminJson("PATCH", "/api/admin/component-groups/credit", {
      component_group: { name_en: "Credit products" },
    });
    expect(renamed.name_en).toBe("Credit products");
    const reordered = await adminJson("POST", "/api/admin/component-groups/reorder", {
      order: ["credit", "account", "payments"],
    });
    expect(reordered.map((g: any) => g.id)).toEqual(["credit", "account", "payments"]);
    expect((await publicJson("/api/v2/components.json")).components[0].id).toBe("credit");

    const deleted = await admin("DELETE", "/api/admin/component-groups/credit");
    expect(deleted.status).toBe(204);
    const loans = (await publicJson("/api/v2/components.json")).components.find((c: any) => c.id === "loans");
    expect(loans.group_id).toBeNull();
    const missing = await admin("DELETE", "/api/admin/component-groups/credit");
    expect(missing.status).toBe(404);
    await missing.arrayBuffer();
  });
});
