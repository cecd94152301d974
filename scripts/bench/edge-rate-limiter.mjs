// The Rate Limiting binding as Cloudflare runs it, for the benchmark only.
// In production the counters live in memory on the machine that runs the
// Worker and are synchronised in the background, so a call adds no I/O
// (https://developers.cloudflare.com/workers/runtime-apis/bindings/rate-limit/).
// Local Miniflare instead sends every call to a Durable Object that writes
// the bucket to SQLite: 1.5 ms of the only workerd thread per report, which
// is the simulator's cost, not the application's. This module wraps the
// built Worker and hands it an in-memory limiter with the same API and the
// same fixed windows (see miniflare's ratelimit-object.worker.ts); the
// Worker's code is untouched. The benchmark also reports the figure with
// Miniflare's own limiter.

/** `limit({ key })` with Miniflare's semantics: `limit` calls per key per aligned `period`-second window. */
export function memoryRateLimiter({ limit, period }) {
  let epoch = -1;
  const counts = new Map();
  return {
    async limit(options) {
      const key = String(options?.key ?? "");
      const now = Math.floor(Date.now() / (period * 1000));
      if (now !== epoch) {
        epoch = now;
        counts.clear();
      }
      const count = counts.get(key) ?? 0;
      if (count >= (options?.limit ?? limit)) return { success: false };
      counts.set(key, count + 1);
      return { success: true };
    },
  };
}

/** The Worker with `env[binding]` replaced by an in-memory limiter (one per isolate, as the counters would be). */
export function withMemoryRateLimiter(worker, binding, policy) {
  const limiter = memoryRateLimiter(policy);
  // workerd passes the same env object to every event of an isolate, so the wrapped copy is made once.
  const wrapped = new WeakMap();
  const envFor = (env) => {
    let copy = wrapped.get(env);
    if (!copy) {
      copy = { ...env, [binding]: limiter };
      wrapped.set(env, copy);
    }
    return copy;
  };
  return {
    fetch: (request, env, ctx) => worker.fetch(request, envFor(env), ctx),
    queue: (batch, env, ctx) => worker.queue(batch, envFor(env), ctx),
    scheduled: (controller, env, ctx) => worker.scheduled(controller, envFor(env), ctx),
  };
}
