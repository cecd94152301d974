import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { admin, BASE, TOKEN } from "../../admin-helpers";

function importNdjson(body: string, type = "application/x-ndjson") {
  return exports.default.fetch(`${BASE}/api/admin/reports/import`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": type },
    body,
  });
}

const ndjson = (lines: unknown[]) => lines.map((l) => JSON.stringify(l)).join("\n");
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

describe("report import and export (NDJSON)", () => {
  it("imports valid lines with redaction and repeat marking, idempotently, and exports them without fingerprints", async () => {
    const id = crypto.randomUUID();
    const lines = [
      {
        id,
        component: "online-pay",
        symptom: "system_busy",
        occurred_at: hoursAgo(48),
        region: "CN-ZJ",
        message_seen: "call 13812345678",
        reporter: "a",
      },
      { component: "online-pay", symptom: "system_busy", occurred_at: hoursAgo(47.9), reporter: "a" },
      { component: "repayment", symptom: "overdue", occurred_at: hoursAgo(47), platform: "ios", reporter: "b" },
    ];
    const response = await importNdjson(`${ndjson(lines)}\n`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ imported: 3, skipped: 0 });
    const again = await importNdjson(ndjson([lines[0]]));
    expect(await again.json()).toEqual({ imported: 0, skipped: 1 });

    const exported = await admin(
      "GET",
      `/api/admin/reports/export?from=${encodeURIComponent(hoursAgo(49))}&to=${encodeURIComponent(hoursAgo(46))}`,
    );
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    const rows = (await exported.text())
      .trim()
      .split("\n")
      .map((line: string) => JSON.parse(line));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      component: "online-pay",
      symptom: "system_busy",
      symptom_class: "technical",
      region: "ZJ",
      is_repeat: false,
      verdict: "unconfirmed",
    });
    expect(rows[0].message_seen).not.toContain("13812345678");
    expect(rows[1].is_repeat).toBe(true);
    expect(rows[2]).toMatchObject({
      component: "repayment",
      symptom_class: "account",
      verdict: "individual",
      platform: "ios",
    });
    for (const row of rows) expect(row).not.toHaveProperty("fingerprint");
  });

  it("imports a large file in several D1 batches, counts each reporter once, and skips every line when sent again", async () => {
    const lines = Array.from({ length: 450 }, (_, i) => ({
      id: crypto.randomUUID(),
      component: "app-login",
      symptom: "cannot_load",
      occurred_at: hoursAgo(30 + (i % 150) / 150),
      // 150 reporters, three reports each: the second and third are repeats.
      reporter: `bulk-reporter-${i % 150}`,
    }));
    const first = await importNdjson(ndjson(lines));
    expect(await first.json()).toEqual({ imported: 450, skipped: 0 });
    const totals = () =>
      env.DB.prepare(
        "SELECT SUM(reporters) AS reporters, SUM(reports) AS reports FROM report_rollups WHERE component_id = 'app-login' AND minute BETWEEN ? AND ?",
      )
        .bind(Math.floor((Date.now() - 31 * 3_600_000) / 60_000), Math.floor((Date.now() - 29 * 3_600_000) / 60_000))
        .first<{ reporters: number; reports: number }>();
    expect(await totals()).toEqual({ reporters: 150, reports: 450 });
    const again = await importNdjson(ndjson(lines));
    expect(await again.json()).toEqual({ imported: 0, skipped: 450 });
    expect(await totals()).toEqual({ reporters: 150, reports: 450 });
  });

  it("refuses the whole file if any line is wrong, naming the line", async () => {
    const before = (await env.DB.prepare("SELECT COUNT(*) AS n FROM reports").first<{ n: number }>())!.n;
    const cases: [string, number, string][] = [
      [
        ndjson([
          { component: "online-pay", symptom: "system_busy", occurred_at: hoursAgo(1) },
          { component: "online-pay", symptom: "nope", occurred_at: hoursAgo(1) },
        ]),
        400,
        "line 2.symptom",
      ],
      [ndjson([{ component: "ghost", symptom: "system_busy", occurred_at: hoursAgo(1) }]), 400, "line 1.component"],
      [ndjson([{ component: "online-pay", symptom: "system_busy" }]), 400, "line 1.occurred_at"],
      [
        ndjson([
          {
            component: "online-pay",
            symptom: "system_busy",
            occurred_at: new Date(Date.now() + 3_600_000).toISOString(),
          },
        ]),
        400,
        "line 1.occurred_at",
      ],
      [
        `${ndjson([{ component: "online-pay", symptom: "system_busy", occurred_at: hoursAgo(1) }])}\n{broken`,
        400,
        "line 2",
      ],
    ];
    for (const [body, status, field] of cases) {
      const response = await importNdjson(body);
      expect(response.status, body).toBe(status);
      expect((await response.json<any>()).error.field).toBe(field);
    }
    const wrongType = await importNdjson("{}", "text/plain");
    expect(wrongType.status).toBe(415);
    await wrongType.arrayBuffer();
    const empty = await importNdjson("\n\n");
    expect(empty.status).toBe(400);
    await empty.arrayBuffer();
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM reports").first<{ n: number }>())!.n).toBe(before);
  });

  it("validates the export range and needs the admin token", async () => {
    for (const query of [
      "",
      "from=yesterday",
      `from=${encodeURIComponent(hoursAgo(1))}&to=${encodeURIComponent(hoursAgo(2))}`,
      `from=${encodeURIComponent(hoursAgo(24 * 100))}`,
    ]) {
      const response = await admin("GET", `/api/admin/reports/export?${query}`);
      expect(response.status, query).toBe(400);
      await response.arrayBuffer();
    }
    const anonymous = await admin(
      "GET",
      `/api/admin/reports/export?from=${encodeURIComponent(hoursAgo(1))}`,
      undefined,
      { token: null },
    );
    expect(anonymous.status).toBe(401);
    await anonymous.arrayBuffer();
  });
});
