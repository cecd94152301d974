import { z } from "zod";
import { readStateVersion } from "../data/state-version";
import { database } from "../db/client";
import type { Env } from "../env";
import { type MirrorConfig, mirrorConfig } from "./config";
import { type AppFetch, type RenderedFile, renderMirror } from "./render";
import { type MirrorObject, type MirrorTarget, mirrorTargets } from "./targets";

/**
 * What a target holds, kept in the bucket itself next to the files: the
 * public state version and time of the last mirror, and the SHA-256 of every
 * file written (also on each object as `sha256` metadata). One read of this
 * tells a run what changed, instead of a HEAD per file: a Worker invocation
 * has few subrequests (50 on the Free plan), and every S3 call is one.
 * Delete it to have every file written again.
 */
export const STATE_KEY = ".mirror-state.json";

const stateSchema = z.object({
  version: z.number(),
  renderedAt: z.number(),
  objects: z.record(z.string(), z.string()),
});
export type MirrorState = z.infer<typeof stateSchema>;

/** What one run did to one target. */
export interface TargetRun {
  target: string;
  written: string[];
  deleted: string[];
  unchanged: number;
}

/** Uploads a few at a time: buckets and the Workers runtime both limit simultaneous connections. */
const PARALLEL_WRITES = 6;

async function inBatches<T>(items: T[], run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += PARALLEL_WRITES)
    await Promise.all(items.slice(i, i + PARALLEL_WRITES).map(run));
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The stored state, or null when there is none or it cannot be read (then every file is written). */
export async function readMirrorState(target: MirrorTarget): Promise<MirrorState | null> {
  const text = await target.get(STATE_KEY);
  if (text === null) return null;
  try {
    const parsed = stateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A target is due when it has never been mirrored, the public state changed, or its copy is older than the interval. */
function isDue(state: MirrorState | null, version: number, now: number, config: MirrorConfig): boolean {
  return !state || state.version !== version || now - state.renderedAt >= config.intervalMs;
}

async function toObject(file: RenderedFile): Promise<MirrorObject> {
  return { ...file, sha256: await sha256Hex(file.body) };
}

/** Writes what changed, deletes what is no longer mirrored (only files this mirror wrote), then the state. */
async function syncTarget(
  target: MirrorTarget,
  objects: MirrorObject[],
  previous: MirrorState | null,
  version: number,
  now: number,
): Promise<TargetRun> {
  const known = previous?.objects ?? {};
  const changed = objects.filter((object) => known[object.key] !== object.sha256);
  await inBatches(changed, (object) => target.put(object));
  const current = new Set(objects.map((object) => object.key));
  const stale = Object.keys(known).filter((key) => !current.has(key));
  await inBatches(stale, (key) => target.delete(key));
  const state: MirrorState = {
    version,
    renderedAt: now,
    objects: Object.fromEntries(objects.map((object) => [object.key, object.sha256])),
  };
  await target.put(
    await toObject({
      key: STATE_KEY,
      body: new TextEncoder().encode(JSON.stringify(state)),
      contentType: "application/json; charset=utf-8",
      cacheControl: "no-cache",
    }),
  );
  return {
    target: target.name,
    written: changed.map((object) => object.key),
    deleted: stale,
    unchanged: objects.length - changed.length,
  };
}

export interface MirrorRunOptions {
  /** The run's clock for the schedule (the cron's scheduled time). */
  now: number;
  /** Render and compare even when no target is due. */
  force?: boolean;
}

/**
 * One mirror run: nothing without a configured target; else, for the targets
 * that are due, the files are rendered once and each target gets what
 * changed. A target that fails does not stop the others; the run then fails
 * naming it, and the next cron run tries again.
 */
export async function runMirror(
  env: Env,
  app: AppFetch,
  ctx: ExecutionContext,
  options: MirrorRunOptions,
): Promise<TargetRun[]> {
  const config = mirrorConfig(env);
  if (!config) return [];
  const targets = mirrorTargets(config);
  // Read before rendering: a write during the run leaves the stored version behind, so the next run renders again.
  const [version, states] = await Promise.all([
    readStateVersion(database(env.DB)),
    Promise.allSettled(targets.map(readMirrorState)),
  ]);
  const failed: string[] = [];
  const due: { target: MirrorTarget; state: MirrorState | null }[] = [];
  states.forEach((read, i) => {
    const target = targets[i]!;
    if (read.status === "rejected") failed.push(`${target.name}: ${String(read.reason)}`);
    else if (options.force || isDue(read.value, version, options.now, config)) due.push({ target, state: read.value });
  });

  const results: TargetRun[] = [];
  if (due.length > 0) {
    const objects = await Promise.all((await renderMirror(env, app, config, ctx)).map(toObject));
    const synced = await Promise.allSettled(
      due.map(({ target, state }) => syncTarget(target, objects, state, version, options.now)),
    );
    synced.forEach((sync, i) => {
      if (sync.status === "fulfilled") results.push(sync.value);
      else failed.push(`${due[i]!.target.name}: ${String(sync.reason)}`);
    });
  }
  if (failed.length > 0) throw new Error(`mirror failed for ${failed.join("; ")}`);
  return results;
}
