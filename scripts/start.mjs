#!/usr/bin/env node
// `npm start`: the status page on local D1, ready to use, with no account and no network.
// 1. creates .dev.vars with random local secrets if missing (never committed), and adds a local
//    VAPID key pair for Web Push to it if it has none (scripts/vapid-keys.mjs);
// 2. applies every migration in migrations/ to the local D1 under .wrangler/;
// 3. runs `wrangler dev` on PORT (default 8787) with a `Request.cf` of its own (scripts/local-cf.mjs,
//    so nothing is fetched) and fires the cron every minute, because wrangler dev does not run
//    cron triggers by itself. It sets WEBHOOK_ALLOW_HTTP_LOCALHOST=true, so webhooks may go to a
//    receiver on this machine (http://localhost, 127.0.0.1 or [::1]).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { localCfEnv } from "./local-cf.mjs";
import { vapidKeys } from "./vapid-keys.mjs";

const port = Number(process.env.PORT ?? 8787);
const host = process.env.HOST ?? "127.0.0.1";
const wrangler = ["wrangler"];

if (!existsSync(".dev.vars")) {
  const secret = () => randomBytes(24).toString("base64url");
  writeFileSync(
    ".dev.vars",
    `# Local secrets made by npm start (see .dev.vars.example). Never commit this file.\nFINGERPRINT_SECRET=${secret()}\nADMIN_TOKEN=${secret()}\n`,
  );
  console.log("Created .dev.vars with random local secrets (ADMIN_TOKEN is in there).");
}

const devVars = readFileSync(".dev.vars", "utf8");
if (!/^\s*VAPID_PRIVATE_KEY\s*=/m.test(devVars)) {
  const { publicKey, privateKey } = await vapidKeys();
  appendFileSync(
    ".dev.vars",
    `${devVars.endsWith("\n") ? "" : "\n"}# Web Push: a local VAPID key pair made by npm start.\nVAPID_PUBLIC_KEY=${publicKey}\nVAPID_PRIVATE_KEY=${privateKey}\nVAPID_SUBJECT=mailto:dev@example.com\n`,
  );
  console.log("Added a local VAPID key pair for Web Push to .dev.vars.");
}

// The Worker's own rules on SERVICE_ID, SERVICE_CONFIG, TIME_ZONE and SERVICE_HOSTS, before anything starts.
const checked = spawnSync("npx", ["tsx", "scripts/check-config.ts"], { stdio: "inherit" });
if (checked.status !== 0) process.exit(checked.status ?? 1);

const migrate = spawnSync("npx", [...wrangler, "d1", "migrations", "apply", "DB", "--local"], {
  stdio: "inherit",
  env: { ...process.env, CI: "true" },
});
if (migrate.status !== 0) {
  console.error("Applying migrations to the local D1 failed.");
  process.exit(migrate.status ?? 1);
}

const dev = spawn(
  "npx",
  [
    ...wrangler,
    "dev",
    "--port",
    String(port),
    "--ip",
    host,
    "--test-scheduled",
    // Local development only: webhooks may go to http://localhost, 127.0.0.1 or [::1] (src/domain/webhook-url.ts).
    "--var",
    "WEBHOOK_ALLOW_HTTP_LOCALHOST:true",
    "--show-interactive-dev-session=false",
  ],
  {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, ...localCfEnv() },
  },
);

const url = `http://localhost:${port}`;
let announced = false;
const tick = setInterval(async () => {
  try {
    if ((await fetch(`${url}/healthz`)).ok && !announced) {
      announced = true;
      clearInterval(tick);
      console.log(
        `\n  Status page: ${url}/\n  Report form: ${url}/report\n  Status API:  ${url}/api/v2/summary.json\n`,
      );
    }
  } catch {
    // not up yet
  }
}, 1000);

// Fire the scheduled handler once a minute, as the deployed cron trigger would.
const cron = setInterval(() => {
  fetch(`${url}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("* * * * *")}`).catch(() => {});
}, 60_000);

const stop = () => {
  clearInterval(tick);
  clearInterval(cron);
  dev.kill("SIGINT");
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
dev.on("exit", (code) => {
  clearInterval(tick);
  clearInterval(cron);
  process.exit(code ?? 0);
});
