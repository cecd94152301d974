import { env, exports } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redact } from "../../src/domain/redact";
import { OTHER_METHODS, PLATFORMS, REGIONS } from "../../src/domain/symptoms";
import { BASE, count } from "../helpers";
import { HUABEI_SYMPTOMS as SYMPTOMS } from "../seed";

// Property-based hostile input: whatever the body, POST /api/reports never
// answers 5xx; a rejected body leaves D1 unchanged; an accepted one is stored
// with its message redacted.

const sometimes = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: valid, weight: 3 }, { arbitrary: fc.anything(), weight: 1 });

const sensitive = fc.constantFrom(
  "13812345678",
  "+86 139-0000-1111",
  "11010519491231002X",
  "4111 1111 1111 1111",
  "me@example.com",
  "",
);
// Sensitive numbers are separated from the surrounding text as people write them (a space or punctuation);
// digits glued onto a number make a different, longer number.
const separator = fc.constantFrom(" ", "，", "：", "\n", "号码");
const message = fc
  .tuple(
    fc.string({ maxLength: 200 }),
    separator,
    sensitive,
    separator,
    fc.string({ unit: "grapheme", maxLength: 200 }),
  )
  .map((parts) => parts.join(""));

const reportLike = fc.record(
  {
    component: sometimes(
      fc.constantFrom("online-pay", "offline-pay", "repayment", "credit-account", "app-login", "nope", ""),
    ),
    symptom: sometimes(fc.constantFrom(...SYMPTOMS, "broken")),
    message_seen: sometimes(message),
    region: sometimes(fc.constantFrom(...REGIONS, "cn-zj", "XX")),
    platform: sometimes(fc.constantFrom(...PLATFORMS, "symbian")),
    other_methods_work: sometimes(fc.constantFrom(...OTHER_METHODS, "maybe")),
    occurred_at: sometimes(
      fc
        .date({
          min: new Date(Date.now() - 3 * 86_400_000),
          max: new Date(Date.now() + 86_400_000),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString()),
    ),
  },
  { requiredKeys: [] },
);

/** Any generated value as form text; some generated objects have no prototype and refuse String(). */
function formText(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}

const body = fc.oneof(
  {
    arbitrary: reportLike.map((r) => ({ type: "application/json", payload: JSON.stringify(r) as string | Uint8Array })),
    weight: 6,
  },
  {
    arbitrary: reportLike.map((r) => ({
      type: "application/x-www-form-urlencoded",
      payload: new URLSearchParams(Object.entries(r).map(([k, v]) => [k, formText(v)])).toString() as
        | string
        | Uint8Array,
    })),
    weight: 2,
  },
  { arbitrary: fc.json().map((j) => ({ type: "application/json", payload: j as string | Uint8Array })), weight: 1 },
  {
    arbitrary: fc
      .uint8Array({ maxLength: 600 })
      .map((bytes) => ({ type: "application/json", payload: bytes as string | Uint8Array })),
    weight: 1,
  },
  {
    arbitrary: fc
      .tuple(fc.constantFrom("text/plain", "multipart/form-data", "", "application/xml"), fc.string())
      .map(([type, payload]) => ({ type, payload: payload as string | Uint8Array })),
    weight: 1,
  },
);

let ipCounter = 0;

describe("POST /api/reports under generated hostile bodies", () => {
  it("never answers 5xx, stores nothing when it rejects, stores redacted text when it accepts", {
    timeout: 600_000,
  }, async () => {
    let accepted = 0;
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(body, async ({ type, payload }) => {
        const before = await count("reports");
        ipCounter++;
        const response = await exports.default.fetch(`${BASE}/api/reports`, {
          method: "POST",
          headers: {
            "content-type": type,
            "cf-connecting-ip": `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`,
            accept: "application/json",
          },
          body: payload,
        });
        expect(response.status).toBeLessThan(500);
        const after = await count("reports");
        if (response.status === 201) {
          accepted++;
          expect(after).toBe(before + 1);
          const { id } = await response.json<{ id: string }>();
          const row = await env.DB.prepare("SELECT message_seen FROM reports WHERE id = ?")
            .bind(id)
            .first<{ message_seen: string | null }>();
          const stored = row?.message_seen ?? "";
          expect(stored).not.toMatch(
            /13812345678|139-0000-1111|11010519491231002X|4111 1111 1111 1111|me@example\.com/,
          );
          expect(redact(stored)).toBe(stored);
        } else {
          rejected++;
          expect(response.status).toBeGreaterThanOrEqual(400);
          await response.body?.cancel();
          expect(after).toBe(before);
        }
      }),
      { numRuns: 10_000 },
    );
    // The generator must exercise both paths, or the property proves little.
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(1000);
  });
});
