import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/index";
import { BASE, count, freshIp } from "../helpers";

const report = { component: "online-pay", symptom: "system_busy" };

async function post(path: string, headers: Record<string, string>, body: string, contentType: string, vars = {}) {
  const ctx = createExecutionContext();
  const response = await app.fetch(
    new Request(`${BASE}${path}`, {
      method: "POST",
      headers: { "content-type": contentType, "cf-connecting-ip": freshIp(), ...headers },
      body,
    }),
    { ...env, ...vars },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return response;
}

const postApi = (headers: Record<string, string>, vars = {}) =>
  post("/api/reports", headers, JSON.stringify(report), "application/json", vars);
const postForm = (headers: Record<string, string>) =>
  post(
    "/report",
    { accept: "text/html", ...headers },
    new URLSearchParams(report).toString(),
    "application/x-www-form-urlencoded",
  );

describe("reports from another site's page are refused", () => {
  it("answers 403 in the error shape and stores nothing, by Origin or by Sec-Fetch-Site", async () => {
    const before = await count("reports");
    const attempts: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "cross-site" },
      { origin: "null" },
    ];
    for (const headers of attempts) {
      const response = await postApi(headers);
      expect(response.status).toBe(403);
      expect((await response.json<{ error: { code: string } }>()).error.code).toBe("cross_site");
    }
    expect(await count("reports")).toBe(before);
  });

  it("shows the HTML form's visitor a short page saying why, and stores nothing", async () => {
    const before = await count("reports");
    const response = await postForm({ origin: "https://evil.example", "sec-fetch-site": "cross-site" });
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(await response.text()).toContain("这份报告来自其他网站");
    expect(await count("reports")).toBe(before);
  });

  it("takes reports from its own pages, listed partners, and clients that send neither header", async () => {
    expect((await postApi({ origin: BASE, "sec-fetch-site": "same-origin" })).status).toBe(201);
    expect((await postApi({})).status).toBe(201);
    expect((await postApi({ "sec-fetch-site": "none" })).status).toBe(201);
    const partner = { ALLOWED_REPORT_ORIGINS: "https://partner.example https://other.example" };
    expect((await postApi({ origin: "https://partner.example" }, partner)).status).toBe(201);
    expect((await postApi({ origin: "https://evil.example" }, partner)).status).toBe(403);
    const form = await postForm({ origin: BASE, "sec-fetch-site": "same-origin" });
    expect(form.status).toBe(303);
  });
});
