#!/usr/bin/env node
// One load run, in its own process so the load generator does not share an
// event loop with the Worker runtime it measures. Prints one JSON line.
// Usage: node scripts/bench/load.mjs URL METHOD SECONDS CONNECTIONS [report]
import autocannon from "autocannon";

const [url, method = "GET", seconds = "5", connections = "16", mode = ""] = process.argv.slice(2);
const components = ["online-pay", "offline-pay", "repayment", "credit-account", "app-login"];
const symptoms = ["system_busy", "cannot_load", "payment_failed", "limit_reduced", "overdue", "merchant_unsupported"];
// A random start, so warm-up and measured runs (and reruns) do not share fingerprints.
let n = Math.floor(Math.random() * 2 ** 24);

const instance = autocannon({
  url,
  method,
  duration: Number(seconds),
  connections: Number(connections),
  requests:
    mode === "report"
      ? [
          {
            // Each request from another address: distinct fingerprints, so neither repeat marking nor the rate limit short-cuts the write path.
            setupRequest(request) {
              n = (n + 1) % 2 ** 24;
              return {
                ...request,
                method: "POST",
                headers: {
                  "content-type": "application/json",
                  "cf-connecting-ip": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
                  "user-agent": `bench-${n}`,
                },
                body: JSON.stringify({
                  component: components[n % components.length],
                  symptom: symptoms[n % symptoms.length],
                  region: "ZJ",
                  platform: "ios",
                }),
              };
            },
          },
        ]
      : undefined,
});

instance.on("done", (result) => {
  const ok = result["2xx"];
  process.stdout.write(
    `${JSON.stringify({
      rps: result.requests.average,
      p99: result.latency.p99,
      ok,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
    })}\n`,
  );
});
