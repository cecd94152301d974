import { count, eq, inArray } from "drizzle-orm";
import type { Database } from "../db/client";
import { componentGroups, components, incidentComponents } from "../db/schema";
import { conflict, invalid, notFound } from "../domain/errors";
import type { DomainEvent } from "../domain/events";
import type { ComponentStatus } from "../domain/symptoms";
import { applyStatusChanges } from "./component-status";
import { type ComponentGroupRow, type ComponentRow, findComponent } from "./components";
import { publish, type Statement } from "./publish";

/** Component and group writes for the admin API. Status changes here are `declared`. */

export interface ComponentFields {
  nameZh?: string;
  nameEn?: string;
  descriptionZh?: string | null;
  descriptionEn?: string | null;
  groupId?: string | null;
  position?: number;
  status?: ComponentStatus;
  showcase?: boolean;
  onlyShowIfDegraded?: boolean;
}

async function idTaken(db: Database, id: string): Promise<boolean> {
  const [c, g] = await Promise.all([findComponent(db, id), findGroup(db, id)]);
  // Groups appear as components in the Statuspage API, so the two share one id space.
  return Boolean(c || g);
}

/** A group to put a component of `serviceId` in: it must exist and be that service's. */
async function requireGroup(db: Database, groupId: string | null | undefined, serviceId: string) {
  if (!groupId) return;
  const group = await findGroup(db, groupId);
  if (!group) throw invalid("unknown_group", `No component group with id "${groupId}"`, "component.group_id");
  if (group.serviceId !== serviceId) {
    throw invalid(
      "wrong_service",
      `Group "${groupId}" belongs to ${group.serviceId}, not ${serviceId}`,
      "component.group_id",
    );
  }
}

export async function findGroup(db: Database, id: string): Promise<ComponentGroupRow | undefined> {
  const [row] = await db.select().from(componentGroups).where(eq(componentGroups.id, id)).limit(1);
  return row;
}

export async function createComponent(
  db: Database,
  id: string,
  fields: ComponentFields & { serviceId: string; nameZh: string; nameEn: string },
  now = Date.now(),
): Promise<ComponentRow> {
  if (await idTaken(db, id))
    throw conflict("already_exists", `A component or group with id "${id}" already exists`, "component.id");
  await requireGroup(db, fields.groupId, fields.serviceId);
  let position = fields.position;
  if (position === undefined) {
    const [row] = await db.select({ n: count() }).from(components);
    position = (row?.n ?? 0) + 1;
  }
  await publish(
    db,
    [
      db.insert(components).values({
        id,
        serviceId: fields.serviceId,
        nameZh: fields.nameZh,
        nameEn: fields.nameEn,
        descriptionZh: fields.descriptionZh ?? null,
        descriptionEn: fields.descriptionEn ?? null,
        groupId: fields.groupId ?? null,
        position,
        status: fields.status ?? "operational",
        statusSource: fields.status && fields.status !== "operational" ? "declared" : "default",
        showcase: fields.showcase ?? true,
        onlyShowIfDegraded: fields.onlyShowIfDegraded ?? false,
        createdAt: now,
        updatedAt: now,
      }),
    ],
    now,
  );
  return (await findComponent(db, id))!;
}

/** Updates fields; a status set here is the operator's word (`declared`) and emits component.status_changed. */
export async function updateComponent(
  db: Database,
  id: string,
  fields: ComponentFields,
  now = Date.now(),
): Promise<{ component: ComponentRow; events: DomainEvent[] }> {
  const current = await findComponent(db, id);
  if (!current) throw notFound("not_found", `No component with id "${id}"`);
  await requireGroup(db, fields.groupId, current.serviceId);
  const { status, ...rest } = fields;
  const statements: Statement[] = [];
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  if (Object.keys(defined).length)
    statements.push(
      db
        .update(components)
        .set({ ...defined, updatedAt: now })
        .where(eq(components.id, id)),
    );
  const applied = applyStatusChanges(
    db,
    new Map([[id, current]]),
    status ? [{ componentId: id, status, source: "declared" }] : [],
    now,
  );
  await publish(db, [...statements, ...applied.statements], now);
  return { component: (await findComponent(db, id))!, events: applied.events };
}

/** Deletes a component, refused (409) while any incident or maintenance references it. */
export async function deleteComponent(db: Database, id: string, now = Date.now()): Promise<void> {
  if (!(await findComponent(db, id))) throw notFound("not_found", `No component with id "${id}"`);
  const [row] = await db.select({ n: count() }).from(incidentComponents).where(eq(incidentComponents.componentId, id));
  if ((row?.n ?? 0) > 0)
    throw conflict(
      "component_in_use",
      `Component "${id}" is referenced by ${row!.n} incident(s) or maintenance(s); it cannot be deleted`,
    );
  await publish(db, [db.delete(components).where(eq(components.id, id))], now);
}

/** Sets positions 1..n in the given order; components not listed keep theirs. */
export async function reorderComponents(db: Database, order: string[], now = Date.now()): Promise<void> {
  await requireAll(db, order, "component", "order");
  await publish(
    db,
    order.map((id, index) =>
      db
        .update(components)
        .set({ position: index + 1, updatedAt: now })
        .where(eq(components.id, id)),
    ),
    now,
  );
}

/** Every id exists, once; with `serviceId`, each is that service's. */
async function requireAll(db: Database, ids: string[], kind: "component" | "group", field: string, serviceId?: string) {
  const unique = [...new Set(ids)];
  if (unique.length !== ids.length) throw invalid("invalid_field", "An id appears twice", field);
  const table = kind === "component" ? components : componentGroups;
  const rows = unique.length
    ? await db.select({ id: table.id, serviceId: table.serviceId }).from(table).where(inArray(table.id, unique))
    : [];
  const found = new Map(rows.map((r) => [r.id, r.serviceId]));
  const missing = unique.find((id) => !found.has(id));
  if (missing)
    throw invalid(
      kind === "component" ? "unknown_component" : "unknown_group",
      `No ${kind} with id "${missing}"`,
      field,
    );
  const foreign = serviceId ? unique.find((id) => found.get(id) !== serviceId) : undefined;
  if (foreign) {
    throw invalid(
      "wrong_service",
      `The ${kind} "${foreign}" belongs to ${found.get(foreign)}, not ${serviceId}`,
      field,
    );
  }
}

export interface GroupFields {
  nameZh?: string;
  nameEn?: string;
  position?: number;
  /** The group's members: listed components join it, former members not listed leave it. */
  components?: string[];
}

export async function createGroup(
  db: Database,
  id: string,
  fields: GroupFields & { serviceId: string; nameZh: string; nameEn: string },
  now = Date.now(),
): Promise<ComponentGroupRow> {
  if (await idTaken(db, id))
    throw conflict("already_exists", `A component or group with id "${id}" already exists`, "component_group.id");
  if (fields.components) {
    await requireAll(db, fields.components, "component", "component_group.components", fields.serviceId);
  }
  let position = fields.position;
  if (position === undefined) {
    const [row] = await db.select({ n: count() }).from(componentGroups);
    position = (row?.n ?? 0) + 1;
  }
  await publish(
    db,
    [
      db.insert(componentGroups).values({
        id,
        serviceId: fields.serviceId,
        nameZh: fields.nameZh,
        nameEn: fields.nameEn,
        position,
        createdAt: now,
        updatedAt: now,
      }),
      ...membership(db, id, fields.components, now),
    ],
    now,
  );
  return (await findGroup(db, id))!;
}

export async function updateGroup(
  db: Database,
  id: string,
  fields: GroupFields,
  now = Date.now(),
): Promise<ComponentGroupRow> {
  const group = await findGroup(db, id);
  if (!group) throw notFound("not_found", `No component group with id "${id}"`);
  if (fields.components) {
    await requireAll(db, fields.components, "component", "component_group.components", group.serviceId);
  }
  const { components: members, ...rest } = fields;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  await publish(
    db,
    [
      db
        .update(componentGroups)
        .set({ ...defined, updatedAt: now })
        .where(eq(componentGroups.id, id)),
      ...membership(db, id, members, now),
    ],
    now,
  );
  return (await findGroup(db, id))!;
}

function membership(db: Database, groupId: string, members: string[] | undefined, now: number): Statement[] {
  if (!members) return [];
  return [
    db.update(components).set({ groupId: null, updatedAt: now }).where(eq(components.groupId, groupId)),
    ...(members.length
      ? [db.update(components).set({ groupId, updatedAt: now }).where(inArray(components.id, members))]
      : []),
  ];
}

/** Deletes a group; its components stay, ungrouped. */
export async function deleteGroup(db: Database, id: string, now = Date.now()): Promise<void> {
  if (!(await findGroup(db, id))) throw notFound("not_found", `No component group with id "${id}"`);
  await publish(
    db,
    [
      db.update(components).set({ groupId: null, updatedAt: now }).where(eq(components.groupId, id)),
      db.delete(componentGroups).where(eq(componentGroups.id, id)),
    ],
    now,
  );
}

export async function reorderGroups(db: Database, order: string[], now = Date.now()): Promise<void> {
  await requireAll(db, order, "group", "order");
  await publish(
    db,
    order.map((id, index) =>
      db
        .update(componentGroups)
        .set({ position: index + 1, updatedAt: now })
        .where(eq(componentGroups.id, id)),
    ),
    now,
  );
}
