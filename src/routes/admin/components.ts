import { createRoute, z } from "@hono/zod-openapi";
import {
  createComponent,
  createGroup,
  deleteComponent,
  deleteGroup,
  reorderComponents,
  reorderGroups,
  updateComponent,
  updateGroup,
} from "../../data/component-writes";
import { type ComponentGroupRow, type ComponentRow, listComponentGroups, listComponents } from "../../data/components";
import { type AppContext, pageOf } from "../../http/context";
import { ApiError } from "../../http/errors";
import { createRouter } from "../../http/openapi";
import { toIso } from "../../lib/time";
import {
  adminComponentSchema,
  adminGroupSchema,
  componentCreateSchema,
  componentUpdateSchema,
  groupCreateSchema,
  groupUpdateSchema,
  reorderSchema,
  SLUG,
  serviceQuerySchema,
} from "../../schemas/admin";
import { componentJson } from "../../serializers/statuspage";
import { admin, adminErrors, adminServiceId, idParam, jsonAnswer, jsonBody, notify } from "./common";

/** Components (mounted at /api/admin/components) and groups (/api/admin/component-groups). */
export const adminComponentsRouter = createRouter();
export const adminComponentGroupsRouter = createRouter();
const TAG = "Admin: components";
const TAKEN = "The id is taken";

function componentOut(c: AppContext, row: ComponentRow) {
  return {
    ...componentJson(row, pageOf(c)),
    service_id: row.serviceId,
    name_zh: row.nameZh,
    name_en: row.nameEn,
    description_zh: row.descriptionZh,
    description_en: row.descriptionEn,
  };
}

function groupOut(row: ComponentGroupRow, members: ComponentRow[]) {
  return {
    id: row.id,
    service_id: row.serviceId,
    name_zh: row.nameZh,
    name_en: row.nameEn,
    position: row.position,
    components: members.filter((m) => m.groupId === row.id).map((m) => m.id),
    created_at: toIso(row.createdAt)!,
    updated_at: toIso(row.updatedAt)!,
  };
}

async function allComponentsOut(c: AppContext, serviceId?: string) {
  const rows = await listComponents(c.get("db"));
  return rows.filter((row) => !serviceId || row.serviceId === serviceId).map((row) => componentOut(c, row));
}

async function allGroupsOut(c: AppContext, serviceId?: string) {
  const [groups, members] = await Promise.all([listComponentGroups(c.get("db")), listComponents(c.get("db"))]);
  return groups.filter((g) => !serviceId || g.serviceId === serviceId).map((g) => groupOut(g, members));
}

/** An id from the English name when none is given: "Online checkout" → "online-checkout". */
function slugFrom(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63);
  if (!SLUG.test(slug)) {
    throw new ApiError(
      400,
      "invalid_field",
      "Give an id (lowercase letters, digits, dashes): none can be made from the name",
      "id",
    );
  }
  return slug;
}

type ComponentInput = z.infer<typeof componentUpdateSchema>["component"];
function fields(input: ComponentInput) {
  return {
    nameZh: input.name_zh ?? input.name,
    nameEn: input.name_en ?? input.name,
    descriptionZh: input.description_zh !== undefined ? input.description_zh : input.description,
    descriptionEn: input.description_en !== undefined ? input.description_en : input.description,
    groupId: input.group_id,
    position: input.position,
    status: input.status,
    showcase: input.showcase,
    onlyShowIfDegraded: input.only_show_if_degraded,
  };
}

adminComponentsRouter.openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "adminListComponents",
    summary: "List components (both languages, status_source)",
    ...admin(TAG),
    request: { query: serviceQuerySchema },
    responses: { 200: jsonAnswer(z.array(adminComponentSchema)), ...adminErrors() },
  }),
  async (c) => c.json(await allComponentsOut(c, c.req.valid("query").service), 200),
);

adminComponentsRouter.openapi(
  createRoute({
    method: "post",
    path: "/",
    operationId: "adminCreateComponent",
    summary: "Create a component",
    ...admin(TAG, { body: "required" }),
    request: { body: jsonBody(componentCreateSchema) },
    responses: { 201: jsonAnswer(adminComponentSchema), ...adminErrors([409, TAKEN]) },
  }),
  async (c) => {
    const { component: input } = c.req.valid("json");
    const f = fields(input);
    const serviceId = await adminServiceId(c, input.service_id, "component.service_id");
    const row = await createComponent(c.get("db"), input.id ?? slugFrom(f.nameEn!), {
      ...f,
      serviceId,
      nameZh: f.nameZh!,
      nameEn: f.nameEn!,
    });
    return c.json(componentOut(c, row), 201);
  },
);

adminComponentsRouter.openapi(
  createRoute({
    method: "post",
    path: "/reorder",
    operationId: "adminReorderComponents",
    summary: "Set component positions in the given order",
    ...admin(TAG, { body: "required" }),
    request: { body: jsonBody(reorderSchema) },
    responses: { 200: jsonAnswer(z.array(adminComponentSchema)), ...adminErrors() },
  }),
  async (c) => {
    await reorderComponents(c.get("db"), c.req.valid("json").order);
    return c.json(await allComponentsOut(c), 200);
  },
);

adminComponentsRouter.openapi(
  createRoute({
    method: "patch",
    path: "/{id}",
    operationId: "adminUpdateComponent",
    summary: "Update a component; a status set here is `declared`",
    ...admin(TAG, { body: "required" }),
    request: { params: idParam, body: jsonBody(componentUpdateSchema) },
    responses: { 200: jsonAnswer(adminComponentSchema), ...adminErrors() },
  }),
  async (c) => {
    const { component: input } = c.req.valid("json");
    const result = await updateComponent(c.get("db"), c.req.valid("param").id, fields(input));
    notify(c, result.events);
    return c.json(componentOut(c, result.component), 200);
  },
);

adminComponentsRouter.openapi(
  createRoute({
    method: "delete",
    path: "/{id}",
    operationId: "adminDeleteComponent",
    summary: "Delete a component (refused while incidents reference it)",
    ...admin(TAG),
    request: { params: idParam },
    responses: {
      204: { description: "Deleted" },
      ...adminErrors([409, "Incidents or maintenance reference the component"]),
    },
  }),
  async (c) => {
    await deleteComponent(c.get("db"), c.req.valid("param").id);
    return c.body(null, 204);
  },
);

adminComponentGroupsRouter.openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "adminListComponentGroups",
    summary: "List component groups",
    ...admin(TAG),
    request: { query: serviceQuerySchema },
    responses: { 200: jsonAnswer(z.array(adminGroupSchema)), ...adminErrors() },
  }),
  async (c) => c.json(await allGroupsOut(c, c.req.valid("query").service), 200),
);

adminComponentGroupsRouter.openapi(
  createRoute({
    method: "post",
    path: "/",
    operationId: "adminCreateComponentGroup",
    summary: "Create a component group",
    ...admin(TAG, { body: "required" }),
    request: { body: jsonBody(groupCreateSchema) },
    responses: { 201: jsonAnswer(adminGroupSchema), ...adminErrors([409, TAKEN]) },
  }),
  async (c) => {
    const { component_group: input } = c.req.valid("json");
    const nameZh = input.name_zh ?? input.name!;
    const nameEn = input.name_en ?? input.name!;
    const serviceId = await adminServiceId(c, input.service_id, "component_group.service_id");
    const row = await createGroup(c.get("db"), input.id ?? slugFrom(nameEn), {
      serviceId,
      nameZh,
      nameEn,
      position: input.position,
      components: input.components,
    });
    return c.json(groupOut(row, await listComponents(c.get("db"))), 201);
  },
);

adminComponentGroupsRouter.openapi(
  createRoute({
    method: "post",
    path: "/reorder",
    operationId: "adminReorderComponentGroups",
    summary: "Set group positions in the given order",
    ...admin(TAG, { body: "required" }),
    request: { body: jsonBody(reorderSchema) },
    responses: { 200: jsonAnswer(z.array(adminGroupSchema)), ...adminErrors() },
  }),
  async (c) => {
    await reorderGroups(c.get("db"), c.req.valid("json").order);
    return c.json(await allGroupsOut(c), 200);
  },
);

adminComponentGroupsRouter.openapi(
  createRoute({
    method: "patch",
    path: "/{id}",
    operationId: "adminUpdateComponentGroup",
    summary: "Update a group (name, position, members)",
    ...admin(TAG, { body: "required" }),
    request: { params: idParam, body: jsonBody(groupUpdateSchema) },
    responses: { 200: jsonAnswer(adminGroupSchema), ...adminErrors() },
  }),
  async (c) => {
    const { component_group: input } = c.req.valid("json");
    const row = await updateGroup(c.get("db"), c.req.valid("param").id, {
      nameZh: input.name_zh ?? input.name,
      nameEn: input.name_en ?? input.name,
      position: input.position,
      components: input.components,
    });
    return c.json(groupOut(row, await listComponents(c.get("db"))), 200);
  },
);

adminComponentGroupsRouter.openapi(
  createRoute({
    method: "delete",
    path: "/{id}",
    operationId: "adminDeleteComponentGroup",
    summary: "Delete a group; its components stay, ungrouped",
    ...admin(TAG),
    request: { params: idParam },
    responses: { 204: { description: "Deleted" }, ...adminErrors() },
  }),
  async (c) => {
    await deleteGroup(c.get("db"), c.req.valid("param").id);
    return c.body(null, 204);
  },
);
