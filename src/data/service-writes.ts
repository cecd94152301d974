import { inArray, max, sql } from "drizzle-orm";
import { PRESETS } from "../config/presets";
import { checkAlternatives, resolveService } from "../config/registry";
import type { ServiceConfig } from "../config/types";
import type { Database } from "../db/client";
import { componentGroups, components, services } from "../db/schema";
import { conflict, DomainError, invalid, notFound } from "../domain/errors";
import { publish, type Statement } from "./publish";
import { findServiceRow, listServiceRows, type ServiceRow } from "./services";

/**
 * Service writes for the admin API. Every configuration is resolved and
 * checked before anything is written (a 400 naming the field, nothing
 * half-written); the row, a preset's groups and components and the version
 * bump go in one batch.
 */

export interface ServiceInput {
  id: string;
  /** A built-in preset to start from, or null for the operator's own service. */
  preset: string | null;
  /** ServiceOverrides (src/config/schema.ts), checked here. */
  overrides?: unknown;
  enabled?: boolean;
  position?: number;
}

export interface ServiceChange {
  /** Replaces the stored overrides; null goes back to the preset. */
  overrides?: unknown;
  enabled?: boolean;
  position?: number;
}

/** Checks a configuration as it would be served; `field` prefixes the offending path. */
async function checkedConfig(
  db: Database,
  id: string,
  preset: string | null,
  overrides: unknown,
  prefix: string,
): Promise<ServiceConfig> {
  try {
    const config = resolveService(id, preset, [overrides]);
    const known = new Set((await listServiceRows(db)).map((row) => row.id));
    known.add(id);
    checkAlternatives(config, known);
    return config;
  } catch (error) {
    if (error instanceof DomainError && error.kind === "invalid") {
      const field = error.field ? `${prefix}.${error.field}` : prefix;
      throw invalid(error.code, `${prefix}.${error.message}`, field);
    }
    throw error;
  }
}

/** Adds a service; a preset's groups and components come with it (their ids must be free). */
export async function createService(db: Database, input: ServiceInput, now = Date.now()): Promise<ServiceRow> {
  if (await findServiceRow(db, input.id)) {
    throw conflict("already_exists", `A service with id "${input.id}" already exists`, "service.id");
  }
  if (input.preset !== null && !PRESETS[input.preset]) {
    throw invalid("unknown_preset", `No built-in service "${input.preset}"`, "service.preset");
  }
  await checkedConfig(db, input.id, input.preset, input.overrides ?? null, "service.overrides");
  const preset = input.preset ? PRESETS[input.preset] : undefined;
  const seeds = preset ? [...preset.groups.map((g) => g.id), ...preset.components.map((c) => c.id)] : [];
  if (seeds.length) {
    const [takenComponent] = await db
      .select({ id: components.id })
      .from(components)
      .where(inArray(components.id, seeds))
      .limit(1);
    const [takenGroup] = await db
      .select({ id: componentGroups.id })
      .from(componentGroups)
      .where(inArray(componentGroups.id, seeds))
      .limit(1);
    const taken = takenComponent ?? takenGroup;
    if (taken) {
      throw conflict("already_exists", `The preset's component or group id "${taken.id}" is taken`, "service.preset");
    }
  }
  let position = input.position;
  if (position === undefined) {
    const [row] = await db.select({ last: max(services.position) }).from(services);
    position = (row?.last ?? 0) + 1;
  }
  const statements: Statement[] = [
    db.insert(services).values({
      id: input.id,
      preset: input.preset,
      overrides: input.overrides ?? null,
      enabled: input.enabled ?? true,
      position,
      createdAt: now,
      updatedAt: now,
    }),
  ];
  if (preset) {
    preset.groups.forEach((group, index) => {
      statements.push(
        db.insert(componentGroups).values({
          id: group.id,
          serviceId: input.id,
          nameZh: group.name["zh-CN"],
          nameEn: group.name.en,
          position: index + 1,
          createdAt: now,
          updatedAt: now,
        }),
      );
    });
    preset.components.forEach((component, index) => {
      statements.push(
        db.insert(components).values({
          id: component.id,
          serviceId: input.id,
          nameZh: component.name["zh-CN"],
          nameEn: component.name.en,
          descriptionZh: component.description?.["zh-CN"] ?? null,
          descriptionEn: component.description?.en ?? null,
          groupId: component.group ?? null,
          position: index + 1,
          createdAt: now,
          updatedAt: now,
        }),
      );
    });
  }
  await publish(db, statements, now);
  return (await findServiceRow(db, input.id))!;
}

/**
 * Changes a service's overrides, order or whether it is enabled. The default
 * service (SERVICE_ID) cannot be disabled; when it has no row yet (served
 * straight from its preset) the first change stores one.
 */
export async function updateService(
  db: Database,
  id: string,
  change: ServiceChange,
  defaultId: string,
  now = Date.now(),
): Promise<ServiceRow> {
  let current = await findServiceRow(db, id);
  if (!current && id === defaultId && PRESETS[id]) {
    current = { id, preset: id, overrides: null, enabled: true, position: 0, createdAt: now, updatedAt: now };
  }
  if (!current) throw notFound("not_found", `No service with id "${id}"`);
  if (change.enabled === false && id === defaultId) {
    throw invalid(
      "default_service",
      `${id} is the default service (SERVICE_ID); it cannot be disabled`,
      "service.enabled",
    );
  }
  const overrides = change.overrides !== undefined ? change.overrides : current.overrides;
  await checkedConfig(db, id, current.preset, overrides, "service.overrides");
  const row = {
    ...current,
    overrides,
    enabled: change.enabled ?? current.enabled,
    position: change.position ?? current.position,
    updatedAt: now,
  };
  await publish(
    db,
    [
      db
        .insert(services)
        .values(row)
        .onConflictDoUpdate({
          target: services.id,
          set: {
            overrides: sql`excluded.overrides`,
            enabled: sql`excluded.enabled`,
            position: sql`excluded.position`,
            updatedAt: now,
          },
        }),
    ],
    now,
  );
  return (await findServiceRow(db, id))!;
}
