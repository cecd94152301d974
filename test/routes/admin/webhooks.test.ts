import { describe, expect, it } from "vitest";
import { admin } from "../../admin-helpers";

describe("admin webhook endpoints", () => {
  it("validates input and deletes", async () => {
    for (const body of [
      { webhook: { url: "not a url" } },
      { webhook: { url: "ftp://x.example/" } },
      { webhook: { url: "https://x.example", events: ["nope"] } },
      {},
    ]) {
      const response = await admin("POST", "/api/admin/webhooks", body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      await response.arrayBuffer();
    }
    const hook = await (
      await admin("POST", "/api/admin/webhooks", { webhook: { url: "https://x.example/hook" } })
    ).json<any>();
    expect((await admin("DELETE", `/api/admin/webhooks/${hook.id}`)).status).toBe(204);
    expect((await admin("DELETE", `/api/admin/webhooks/${hook.id}`)).status).toBe(404);
    expect((await admin("GET", `/api/admin/webhooks/${hook.id}/deliveries`)).status).toBe(404);
  });
});
