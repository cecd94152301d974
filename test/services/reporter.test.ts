import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { deleteReporterKeysBefore, reporterKeyOf } from "../../src/data/reporter-keys";
import { database } from "../../src/db/client";
import { DomainError } from "../../src/domain/errors";
import { reporterIdentity } from "../../src/services/reporter";

const db = database(env.DB);
const SECRET = "reporter-test-secret";
const DAY = Date.UTC(2026, 10, 20, 12);

const identity = (ip: string, userAgent = "ua", now = DAY, secret = SECRET) =>
  reporterIdentity(db, secret, { ip, userAgent }, now);

describe("reporterIdentity", () => {
  it("gives one browser one fingerprint, and one network one hash whatever the browser says", async () => {
    const first = await identity("203.0.113.9", "Firefox");
    expect(await identity("203.0.113.9", "Firefox")).toEqual(first);
    const rotated = await identity("203.0.113.9", "Chrome");
    expect(rotated.fingerprint).not.toBe(first.fingerprint);
    expect(rotated.network).toBe(first.network);
    expect((await identity("203.0.113.10", "Firefox")).network).not.toBe(first.network);
  });

  it("counts an IPv6 /64 as one network", async () => {
    const a = await identity("2001:db8:aa:bb::1");
    const b = await identity("2001:db8:aa:bb:ffff::2", "other");
    expect(b.network).toBe(a.network);
    expect((await identity("2001:db8:aa:bc::1")).network).not.toBe(a.network);
  });

  it("keeps no address: the hashes hold neither the address nor the User-Agent", async () => {
    const { fingerprint, network } = await identity("198.51.100.23", "Mozilla/5.0");
    for (const hash of [fingerprint, network]) {
      expect(hash).toMatch(/^[0-9a-f]{32}$/);
      expect(hash).not.toContain("198");
    }
  });

  it("rotates daily, and a day's hashes cannot be made again once its key is deleted", async () => {
    const day = DAY + 2 * 86_400_000;
    const before = await identity("192.0.2.44", "ua", day);
    expect((await identity("192.0.2.44", "ua", day + 86_400_000)).network).not.toBe(before.network);
    // The retention job deletes the keys of days before yesterday.
    await deleteReporterKeysBefore(db, "2026-11-24");
    const again = await identity("192.0.2.44", "ua", day);
    expect(again.network).not.toBe(before.network);
    expect(again.fingerprint).not.toBe(before.fingerprint);
  });

  it("shares one key per day across isolates: the first writer creates it, everyone reads the stored one", async () => {
    const day = "2026-11-30";
    const key = await reporterKeyOf(db, day, DAY);
    const stored = await env.DB.prepare("SELECT key FROM reporter_keys WHERE day = ?")
      .bind(day)
      .first<{ key: string }>();
    expect(stored?.key).toBe(key);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses without FINGERPRINT_SECRET instead of hashing with a secret of its own", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const error = await identity("192.0.2.1", "ua", DAY, "").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe("unavailable");
    expect(log.mock.calls.flat().join(" ")).toContain("FINGERPRINT_SECRET");
    log.mockRestore();
  });
});
