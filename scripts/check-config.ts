/**
 * Checks the service configuration in wrangler.toml's [vars] (and .dev.vars,
 * and the process environment for SERVICE_*), with the Worker's own rules,
 * before `npm start` and `npm run deploy`: a broken SERVICE_CONFIG is an error
 * here, naming the field, not a page that goes live with the wrong texts.
 * Services stored in D1 are checked by the admin API when they are written.
 *
 *   npx tsx scripts/check-config.ts [--env NAME]
 */
import { existsSync, readFileSync } from "node:fs";
import { unstable_readConfig } from "wrangler";
import { buildRegistry, parseServiceHosts, type RegistryEnv } from "../src/config/registry";
import { DomainError } from "../src/domain/errors";

const KEYS = ["SERVICE_ID", "SERVICE_CONFIG", "TIME_ZONE", "SERVICE_HOSTS"] as const;

function devVars(): Record<string, string> {
  if (!existsSync(".dev.vars")) return {};
  const vars: Record<string, string> = {};
  for (const line of readFileSync(".dev.vars", "utf8").split(/\r?\n/)) {
    const match = /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (match) vars[match[1]!] = match[2]!.replace(/^"(.*)"$/, "$1");
  }
  return vars;
}

const envFlag = process.argv.indexOf("--env");
const config = unstable_readConfig({ env: envFlag > 0 ? process.argv[envFlag + 1] : undefined });
const merged: Record<string, unknown> = { ...config.vars, ...devVars() };
for (const key of KEYS) if (process.env[key] !== undefined) merged[key] = process.env[key];
const env: RegistryEnv = Object.fromEntries(
  KEYS.filter((key) => merged[key] !== undefined).map((key) => [
    key,
    typeof merged[key] === "string" ? merged[key] : JSON.stringify(merged[key]),
  ]),
);

try {
  // Host names may name services enabled in D1 later: only their form is checked here.
  parseServiceHosts(env.SERVICE_HOSTS);
  const registry = buildRegistry([], { ...env, SERVICE_HOSTS: undefined });
  console.log(`Service configuration OK: the default service is ${registry.defaultId}.`);
} catch (error) {
  if (!(error instanceof DomainError)) throw error;
  console.error(`Invalid service configuration: ${error.message}`);
  process.exit(1);
}
