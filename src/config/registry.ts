import { DomainError, invalid } from "../domain/errors";
import type { Env } from "../env";
import type { Localized } from "../i18n/locale";
import { PROFILE_ADVICE } from "./advice";
import { PRESETS } from "./presets";
import { describeIssue, type ServiceOverrides, serviceConfigSchema, serviceOverridesSchema } from "./schema";
import { SYMPTOM_SETS } from "./symptom-profiles";
import type { ServiceConfig } from "./types";

/** A row of the `services` table, as the registry needs it. */
export interface ServiceRecord {
  id: string;
  /** The built-in preset it starts from, or null for an operator's own service. */
  preset: string | null;
  /** The operator's changes (ServiceOverrides), or null. */
  overrides: unknown;
  enabled: boolean;
  position: number;
}

/** The services of this deployment, resolved and checked. */
export interface ServiceRegistry {
  /** The service at `/` (SERVICE_ID). */
  defaultId: string;
  /** Enabled services in board order. */
  enabled: ServiceConfig[];
  byId: ReadonlyMap<string, ServiceConfig>;
  /** Host name → service id (SERVICE_HOSTS). */
  hosts: ReadonlyMap<string, string>;
}

export type RegistryEnv = Pick<Env, "SERVICE_ID" | "SERVICE_CONFIG" | "TIME_ZONE" | "SERVICE_HOSTS">;

/**
 * Configuration the deployment itself gets wrong (SERVICE_ID, SERVICE_CONFIG,
 * SERVICE_HOSTS, a stored row a newer release cannot read). Every request
 * answers 503 naming the field: a page must never go live with another
 * service's texts.
 */
export const misconfigured = (field: string, message: string) =>
  new DomainError("unavailable", "invalid_configuration", `${field}: ${message}`, field);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Objects merge key by key; lists and scalars replace. */
function deepMerge<T>(base: T, override: unknown): T {
  if (override === undefined) return base;
  if (!isRecord(base) || !isRecord(override)) return override as T;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = deepMerge(merged[key], value);
  return merged as T;
}

/** Where an operator's own service (no preset) starts: a wallet's symptoms and advice, no alternatives. */
function blankService(id: string, name: Partial<Localized> | undefined): ServiceConfig {
  const zh = name?.["zh-CN"] ?? name?.en ?? id;
  const en = name?.en ?? name?.["zh-CN"] ?? id;
  return {
    id,
    name: { "zh-CN": zh, en },
    pageTitle: { "zh-CN": `${zh}服务状态`, en: `${en} service status` },
    timeZone: "Asia/Shanghai",
    symptomProfile: "wallet",
    symptoms: SYMPTOM_SETS.wallet,
    ...PROFILE_ADVICE.wallet,
    componentAdvice: {},
    support: [],
    alternatives: [],
  };
}

/** The base a preset or blank service offers, with a switched symptom profile's symptoms and advice. */
function baseFor(id: string, preset: string | null, overrides: ServiceOverrides): ServiceConfig {
  let base = preset ? PRESETS[preset]!.config : blankService(id, overrides.name);
  const profile = overrides.symptomProfile;
  if (profile && profile !== "custom" && profile !== base.symptomProfile) {
    base = {
      ...base,
      symptomProfile: profile,
      symptoms: SYMPTOM_SETS[profile],
      ...PROFILE_ADVICE[profile],
    };
  }
  return { ...base, id };
}

/**
 * One service's configuration from its preset and overrides (each layer of
 * overrides applied in turn), checked. Throws an `invalid` DomainError naming
 * the field: the admin API answers it as a 400, the registry as a 503.
 */
export function resolveService(id: string, preset: string | null, layers: unknown[]): ServiceConfig {
  if (preset !== null && !PRESETS[preset]) {
    throw invalid("unknown_preset", `preset: no built-in service "${preset}"`, "preset");
  }
  const checked: ServiceOverrides[] = layers.map((layer) => {
    if (layer == null) return {};
    const parsed = serviceOverridesSchema.safeParse(layer);
    if (!parsed.success) {
      const { field, message } = describeIssue(parsed.error);
      throw invalid("invalid_configuration", message, field);
    }
    return parsed.data;
  });
  const combined = checked.reduce<ServiceOverrides>((all, layer) => deepMerge(all, layer), {});
  if (preset === null && !combined.name) throw invalid("invalid_configuration", "name: required", "name");
  if (combined.symptomProfile === "custom" && !combined.symptoms) {
    throw invalid("invalid_configuration", "symptoms: required with symptomProfile custom", "symptoms");
  }
  const merged = deepMerge(baseFor(id, preset, combined), combined);
  const parsed = serviceConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const { field, message } = describeIssue(parsed.error);
    throw invalid("invalid_configuration", message, field);
  }
  return parsed.data;
}

/** Alternatives may name enabled services and built-in ones (shown by name, without a status, when not enabled). */
export function checkAlternatives(config: ServiceConfig, knownIds: ReadonlySet<string>): void {
  config.alternatives.forEach((alternative, index) => {
    if (!("service" in alternative)) return;
    const field = `alternatives.${index}.service`;
    if (alternative.service === config.id) throw invalid("invalid_configuration", `${field}: names itself`, field);
    if (!knownIds.has(alternative.service) && !PRESETS[alternative.service]) {
      throw invalid("invalid_configuration", `${field}: no service "${alternative.service}"`, field);
    }
  });
}

const parsedJson = new Map<string, unknown>();

function parseServiceConfigVar(raw: string | undefined): unknown {
  if (!raw) return undefined;
  if (!parsedJson.has(raw)) {
    try {
      parsedJson.set(raw, JSON.parse(raw));
    } catch {
      throw misconfigured("SERVICE_CONFIG", "not valid JSON");
    }
  }
  return parsedJson.get(raw);
}

/** SERVICE_HOSTS: `host=service` pairs separated by spaces or commas. */
export function parseServiceHosts(raw: string | undefined): Map<string, string> {
  const hosts = new Map<string, string>();
  for (const pair of (raw ?? "").split(/[\s,]+/).filter(Boolean)) {
    const [host, service, extra] = pair.split("=");
    if (!host || !service || extra !== undefined || !/^[a-z0-9.-]+(:\d+)?$/i.test(host)) {
      throw misconfigured("SERVICE_HOSTS", `"${pair}" is not host=service`);
    }
    hosts.set(host.toLowerCase(), service);
  }
  return hosts;
}

/**
 * The services of the deployment from the `services` rows and the
 * environment. The default service (SERVICE_ID, huabei unless set) is always
 * there: from its row, or straight from its preset when it has none. Throws
 * `misconfigured` for any configuration that cannot be used.
 */
export function buildRegistry(records: readonly ServiceRecord[], env: RegistryEnv): ServiceRegistry {
  const defaultId = env.SERVICE_ID?.trim() || "huabei";
  const rows = [...records];
  if (!rows.some((row) => row.id === defaultId)) {
    if (!PRESETS[defaultId])
      throw misconfigured("SERVICE_ID", `no service "${defaultId}" (neither stored nor built in)`);
    rows.push({ id: defaultId, preset: defaultId, overrides: null, enabled: true, position: -1 });
  }
  rows.sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));

  const enabled: ServiceConfig[] = [];
  for (const row of rows) {
    const isDefault = row.id === defaultId;
    if (!row.enabled && !isDefault) continue;
    // The default service also takes TIME_ZONE and SERVICE_CONFIG, the single-service settings.
    const layers = isDefault
      ? [row.overrides, env.TIME_ZONE ? { timeZone: env.TIME_ZONE } : null, parseServiceConfigVar(env.SERVICE_CONFIG)]
      : [row.overrides];
    try {
      enabled.push(resolveService(row.id, row.preset, layers));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const source = isDefault && env.SERVICE_CONFIG ? `SERVICE_CONFIG or services.${row.id}` : `services.${row.id}`;
      throw misconfigured(source, error.message);
    }
  }
  const byId = new Map(enabled.map((config) => [config.id, config]));
  const hosts = parseServiceHosts(env.SERVICE_HOSTS);
  for (const [host, id] of hosts) {
    if (!byId.has(id)) throw misconfigured("SERVICE_HOSTS", `${host} names "${id}", which is not an enabled service`);
  }
  return { defaultId, enabled, byId, hosts };
}
