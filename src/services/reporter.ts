import { reporterKeyOf } from "../data/reporter-keys";
import type { Database } from "../db/client";
import { DomainError } from "../domain/errors";
import { keyedHash, utcDay } from "../lib/fingerprint";
import { networkOf } from "../lib/network";

/** Who sent a report, as far as we keep it: two keyed hashes, never the address. */
export interface ReporterIdentity {
  /** This browser on this network today: the repeat rule and idempotency keys key on it. */
  fingerprint: string;
  /** This network today (IPv4 address, IPv6 /64): rate limits and each network's share key on it. */
  network: string;
}

/**
 * The day's hashing secret is HMAC(FINGERPRINT_SECRET, the day's random key):
 * both are needed to trace a hash back to an address, and the random key is
 * deleted two days later (src/jobs/report-retention.ts), after which nobody
 * can, not even with the secret and a copy of the database.
 */
export async function reporterIdentity(
  db: Database,
  secret: string | undefined,
  client: { ip: string; userAgent: string },
  nowMs: number,
): Promise<ReporterIdentity> {
  if (!secret) {
    console.error(
      "FINGERPRINT_SECRET is not set: reports are refused until it is (npx wrangler secret put FINGERPRINT_SECRET)",
    );
    throw new DomainError("unavailable", "not_configured", "Reports cannot be accepted right now", undefined, 60);
  }
  const daySecret = await daySecretOf(db, secret, utcDay(nowMs), nowMs);
  const [fingerprint, network] = await Promise.all([
    keyedHash(daySecret, `reporter|${client.ip}|${client.userAgent}`),
    keyedHash(daySecret, `network|${networkOf(client.ip)}`),
  ]);
  return { fingerprint, network };
}

/** The day's hashing secret, derived once per day and secret in an isolate. */
let daySecretMemo: { id: string; secret: Promise<string> } | undefined;

async function daySecretOf(db: Database, secret: string, day: string, nowMs: number): Promise<string> {
  const key = await reporterKeyOf(db, day, nowMs);
  const id = `${day}|${key}|${secret}`;
  if (daySecretMemo?.id !== id) daySecretMemo = { id, secret: keyedHash(secret, `day|${day}|${key}`) };
  return daySecretMemo.secret;
}
