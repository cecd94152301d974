import { type NewRecovery, storeRecovery } from "../data/recoveries";
import type { Database } from "../db/client";
import { networkReporterCap } from "../detection/repeat";
import { invalid } from "../domain/errors";
import type { Env } from "../env";
import { type RecoverySince, recoverySince, type StatusSnapshot } from "../read-model";
import { enforceReportRateLimit } from "./rate-limit";
import { reporterIdentity } from "./reporter";

export interface RecoveryDeps {
  db: Database;
  env: Pick<Env, "FINGERPRINT_SECRET" | "REPORT_RATE_LIMITER" | "REPORT_RATE_LIMIT" | "NETWORK_REPORTER_CAP">;
  now: number;
  /** The request's service: a component of another service is refused. */
  snapshot: StatusSnapshot;
}

export interface SubmittedRecovery {
  componentId: string;
  /** false: this person (or their network's share) already counted on this component lately. */
  counted: boolean;
  /** Distinct people who say it works again on the component, this one included, since `since`. */
  recoveries: number;
  since: RecoverySince;
}

/**
 * "It works again" from the API and the forms alike: the component is checked
 * against the request's service, the reporter is identified and rate-limited
 * exactly as for a report (the same hashes, the same per-network allowance),
 * and the recovery is stored with the reports' counting rules. Throws
 * DomainErrors (invalid, rate_limited, unavailable); nothing is stored then.
 */
export async function submitRecovery(
  deps: RecoveryDeps,
  submission: { componentId: string; client: { ip: string; userAgent: string } },
): Promise<SubmittedRecovery> {
  const { db, env, now, snapshot } = deps;
  const component = snapshot.componentsById.get(submission.componentId);
  if (!component) {
    throw invalid(
      "unknown_component",
      `${snapshot.service.id} has no component "${submission.componentId}"`,
      "component",
    );
  }
  const reporter = await reporterIdentity(db, env.FINGERPRINT_SECRET, submission.client, now);
  await enforceReportRateLimit(env, db, reporter.network, now);
  const recovery: NewRecovery = {
    id: crypto.randomUUID(),
    componentId: component.id,
    receivedAt: now,
    fingerprint: reporter.fingerprint,
    network: reporter.network,
  };
  const since = recoverySince(snapshot, component.id, now);
  const stored = await storeRecovery(db, recovery, {
    sinceMs: since.sinceMs,
    networkCap: networkReporterCap(env.NETWORK_REPORTER_CAP),
  });
  return { componentId: component.id, counted: stored.counted, recoveries: stored.recoveries, since };
}
