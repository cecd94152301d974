import { describe, expect, it } from "vitest";
import { dayBounds, lastDays } from "../../src/probes/days";

const TZ = "Asia/Shanghai";

describe("days in Asia/Shanghai", () => {
  it("bounds a local day at 16:00 UTC", () => {
    const { start, end } = dayBounds("2026-03-10", TZ);
    expect(new Date(start).toISOString()).toBe("2026-03-09T16:00:00.000Z");
    expect(end - start).toBe(86_400_000);
  });
  it("lists the last days oldest first, by local date", () => {
    expect(lastDays(Date.parse("2026-03-09T16:30:00Z"), 3, TZ)).toEqual(["2026-03-08", "2026-03-09", "2026-03-10"]);
  });
});
