import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
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
import type { AppEnv } from "../../env";
import { ApiError } from "../../lib/errors";
import { documented } from "../../lib/openapi-route";
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
} from "../../schemas/admin";
import { pageContext } from "../../serializers/page-context";
import { componentJson } from "../../serializers/statuspage";
import { adminRoute, body, db, notify } from "./common";

/** Components and component groups: create, update, reorder, delete. */
export const adminComponentsRouter = new OpenAPIHono<AppEnv>();
const TAG = "Admin: components";

function componentOut(c: Context<AppEnv>, row: ComponentRow) {
  return {
    ...componentJson(row, pageContext(c)),
    name_zh: row.nameZh,
    name_en: row.nameEn,
    description_zh: row.descriptionZh,
    description_en: row.descriptionEn,
  };
}

function groupOut(row: ComponentGroupRow, members: ComponentRow[]) {
  return {
    id: row.id,
    name_zh: row.nameZh,
    name_en: row.nameEn,
    position: row.position,
    components: members.filter((m) => m.groupId === row.id).map((m) => m.id),
    created_at: toIso(row.createdAt)!,
    updated_at: toIso(row.updatedAt)!,
  };
}

/** An id from the English name when none is given: "Online checkout" → "online-checkout". */
function slugFrom(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63);
  if (!SLUG.test(slug))
    throw new ApiError(
      400,
      "invalid_field",
      "Give an id (lowercase letters, digits, dashes): none can be made from the name",
      "id",
    );
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

const oneComponent = { status: 200, schema: adminComponentSchema };
const oneGroup = { status: 200, schema: adminGroupSchema };

documented(
  adminComponentsRouter,
  adminRoute("get", "/api/admin/components", "List components (both languages, status_source)", {
    tag: TAG,
    ok: { status: 200, schema: z.array(adminComponentSchema) },
  }),
  async (c) => c.json((await listComponents(db(c))).map((row) => componentOut(c, row))),
);

documented(
  adminComponentsRouter,
  adminRoute("post", "/api/admin/components", "Create a component", {
    tag: TAG,
    body: componentCreateSchema,
    ok: { ...oneComponent, status: 201 },
    conflict: "The id is taken",
  }),
  async (c) => {
    const { component: input } = await body(c, componentCreateSchema);
    const f = fields(input);
    const row = await createComponent(db(c), input.id ?? slugFrom(f.nameEn!), {
      ...f,
      nameZh: f.nameZh!,
      nameEn: f.nameEn!,
    });
    return c.json(componentOut(c, row), 201);
  },
);

documented(
  adminComponentsRouter,
  adminRoute("post", "/api/admin/components/reorder", "Set component positions in the given order", {
    tag: TAG,
    body: reorderSchema,
    ok: { status: 200, schema: z.array(adminComponentSchema) },
  }),
  async (c) => {
    const { order } = await body(c, reorderSchema);
    await reorderComponents(db(c), order);
    return c.json((await listComponents(db(c))).map((row) => componentOut(c, row)));
  },
);

documented(
  adminComponentsRouter,
  adminRoute("patch", "/api/admin/components/{id}", "Update a component; a status set here is `declared`", {
    tag: TAG,
    body: componentUpdateSchema,
    ok: oneComponent,
  }),
  async (c) => {
    const { component: input } = await body(c, componentUpdateSchema);
    const result = await updateComponent(db(c), c.req.param("id")!, fields(input));
    notify(c, result.events);
    return c.json(componentOut(c, result.component));
  },
);

documented(
  adminComponentsRouter,
  adminRoute("delete", "/api/admin/components/{id}", "Delete a component (refused while incidents reference it)", {
    tag: TAG,
    ok: { status: 204 },
    conflict: "Incidents or maintenance reference the component",
  }),
  async (c) => {
    await deleteComponent(db(c), c.req.param("id")!);
    return c.body(null, 204);
  },
);

documented(
  adminComponentsRouter,
  adminRoute("get", "/api/admin/component-groups", "List component groups", {
    tag: TAG,
    ok: { status: 200, schema: z.array(adminGroupSchema) },
  }),
  async (c) => {
    const [groups, members] = await Promise.all([listComponentGroups(db(c)), listComponents(db(c))]);
    return c.json(groups.map((g) => groupOut(g, members)));
  },
);

documented(
  adminComponentsRouter,
  adminRoute("post", "/api/admin/component-groups", "Create a component group", {
    tag: TAG,
    body: groupCreateSchema,
    ok: { ...oneGroup, status: 201 },
    conflict: "The id is taken",
  }),
  async (c) => {
    const { component_group: input } = await body(c, groupCreateSchema);
    const nameZh = input.name_zh ?? input.name!;
    const nameEn = input.name_en ?? input.name!;
    const row = await createGroup(db(c), input.id ?? slugFrom(nameEn), {
      nameZh,
      nameEn,
      position: input.position,
      components: input.components,
    });
    return c.json(groupOut(row, await listComponents(db(c))), 201);
  },
);

documented(
  adminComponentsRouter,
  adminRoute("post", "/api/admin/component-groups/reorder", "Set group positions in the given order", {
    tag: TAG,
    body: reorderSchema,
    ok: { status: 200, schema: z.array(adminGroupSchema) },
  }),
  async (c) => {
    const { order } = await body(c, reorderSchema);
    await reorderGroups(db(c), order);
    const [groups, members] = await Promise.all([listComponentGroups(db(c)), listComponents(db(c))]);
    return c.json(groups.map((g) => groupOut(g, members)));
  },
);

documented(
  adminComponentsRouter,
  adminRoute("patch", "/api/admin/component-groups/{id}", "Update a group (name, position, members)", {
    tag: TAG,
    body: groupUpdateSchema,
    ok: oneGroup,
  }),
  async (c) => {
    const { component_group: input } = await body(c, groupUpdateSchema);
    const row = await updateGroup(db(c), c.req.param("id")!, {
      nameZh: input.name_zh ?? input.name,
      nameEn: input.name_en ?? input.name,
      position: input.position,
      components: input.components,
    });
    return c.json(groupOut(row, await listComponents(db(c))));
  },
);

documented(
  adminComponentsRouter,
  adminRoute("delete", "/api/admin/component-groups/{id}", "Delete a group; its components stay, ungrouped", {
    tag: TAG,
    ok: { status: 204 },
  }),
  async (c) => {
    await deleteGroup(db(c), c.req.param("id")!);
    return c.body(null, 204);
  },
);
