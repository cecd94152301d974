import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { writeInternal } from "../../src/data/publish";
import { storeRecovery } from "../../src/data/recoveries";
import { recoveries } from "../../src/db/schema";
import { DEFAULT_PARAMS } from "../../src/detection";
import { runCronAt } from "../helpers";
import { db, reportOf, resetDetector, resetReports, resetStatus, seedReports } from "../seed";

// The cron adapter feeds stored recoveries ("it works again") to the detector:
// many of them as the reports fall resolve a detected outage before the calm wait alone would.

const MINUTE = 60_000;
const REGIONS = ["ZJ", "GD", "BJ", "SH", "JS", "SC"];

const tick = runCronAt;

async function seedCrowd(at: number, count: number) {
  const reports = Array.from({ length: count }, (_, i) =>
    reportOf(
      { component: "online-pay", symptom: "system_busy", region: REGIONS[i % REGIONS.length] },
      { receivedAt: at + i * 1000 },
    ),
  );
  expect(await seedReports(reports)).toBe(count);
}

async function outageIncident() {
  return env.DB.prepare(
    "SELECT status, resolved_at FROM incidents WHERE source = 'detected' AND detected_kind = 'outage'",
  ).first<{ status: string; resolved_at: number | null }>();
}

beforeEach(async () => {
  await writeInternal(db, [db.delete(recoveries)]);
  await resetReports();
  await resetStatus();
  await resetDetector();
});

describe("the detector's cron with recoveries", () => {
  it("resolves a detected outage sooner when many say it works again as reports fall", {
    timeout: 120_000,
  }, async () => {
    const start = Math.floor((Date.now() - 120 * MINUTE) / MINUTE) * MINUTE;
    let now = start;
    for (; now < start + 60 * MINUTE; now += MINUTE) {
      if ((now / MINUTE) % 10 === 0) await seedCrowd(now, 1);
      await tick(now);
    }
    for (let minute = 0; minute < 10; minute++, now += MINUTE) {
      await seedCrowd(now, 12);
      await tick(now + MINUTE - 1000);
    }
    expect((await outageIncident())?.resolved_at).toBeNull();
    const end = now;

    // As it ends, eight people a minute say it works again.
    let person = 0;
    let resolvedAfter: number | null = null;
    for (let minute = 0; minute < 15 && resolvedAfter === null; minute++, now += MINUTE) {
      for (let i = 0; i < 8; i++) {
        person++;
        await storeRecovery(
          db,
          {
            id: crypto.randomUUID(),
            componentId: "online-pay",
            receivedAt: now + i * 1000,
            fingerprint: `fp-${person}`,
            network: `net-${person}`,
          },
          { sinceMs: 0 },
        );
      }
      await tick(now + MINUTE - 1000);
      if ((await outageIncident())?.resolved_at != null) resolvedAfter = minute + 1;
    }
    expect((await outageIncident())?.status).toBe("resolved");
    // The calm wait alone needs the short windows to clear and then technical.calmMinutes calm minutes.
    expect(resolvedAfter).not.toBeNull();
    expect(resolvedAfter!).toBeLessThan(DEFAULT_PARAMS.technical.calmMinutes);
    expect(end).toBeGreaterThan(start);
  });
});
