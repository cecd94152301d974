import type { Env } from "../env";
import { huabei } from "./huabei";
import type { ServiceConfig } from "./types";

export type { ServiceConfig } from "./types";

const BUILT_IN: Record<string, ServiceConfig> = { huabei };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function deepMerge<T>(base: T, override: unknown): T {
  if (!isRecord(base) || !isRecord(override)) return (override ?? base) as T;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = deepMerge(merged[key], value);
  return merged as T;
}

const cache = new Map<string, ServiceConfig>();

export function serviceConfig(env: Pick<Env, "SERVICE_ID" | "SERVICE_CONFIG" | "TIME_ZONE">): ServiceConfig {
  const cacheKey = `${env.SERVICE_ID}|${env.SERVICE_CONFIG}|${env.TIME_ZONE}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  let config = BUILT_IN[env.SERVICE_ID ?? "huabei"] ?? huabei;
  if (env.TIME_ZONE) config = { ...config, timeZone: env.TIME_ZONE };
  if (env.SERVICE_CONFIG) {
    try {
      config = deepMerge(config, JSON.parse(env.SERVICE_CONFIG));
    } catch {
      // A broken override must not take the status page down; fall back to the default.
      console.warn("SERVICE_CONFIG is not valid JSON; using the built-in configuration");
    }
  }
  cache.set(cacheKey, config);
  return config;
}
