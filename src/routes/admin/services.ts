import { createRoute, z } from "@hono/zod-openapi";
import { PRESET_IDS } from "../../config/presets";
import { SERVICE_ID } from "../../config/schema";
import { SYMPTOM_PROFILES } from "../../config/types";
import { createService, updateService } from "../../data/service-writes";
import { listServiceRows, type ServiceRow } from "../../data/services";
import { type AppContext, boardOf } from "../../http/context";
import { createRouter } from "../../http/openapi";
import { toIso } from "../../lib/time";
import { admin, adminErrors, jsonAnswer, jsonBody } from "./common";

/**
 * Services (mounted at /api/admin/services): enable a built-in preset or add
 * one's own, change its configuration, order it on the board, disable it.
 * Configuration is checked as a whole before anything is stored.
 */
export const adminServicesRouter = createRouter();
const TAG = "Admin: services";
const serviceId = z
  .string()
  .regex(SERVICE_ID, "a service id is 1 to 32 lowercase letters, digits or hyphens, starting with a letter");

const overrides = z
  .record(z.string(), z.unknown())
  .nullable()
  .openapi({
    description:
      "Changes to the preset's configuration (src/config/schema.ts ServiceOverrides): name, pageTitle, timeZone, " +
      `symptomProfile (${SYMPTOM_PROFILES.join(", ")}), symptoms, advice, support, alternatives. Objects merge into ` +
      "the preset's, lists replace it; checked as a whole, the first problem named.",
    example: { name: { "zh-CN": "微信支付", en: "WeChat Pay" }, timeZone: "Asia/Shanghai" },
  });

const serviceCreateSchema = z
  .object({
    service: z
      .object({
        id: serviceId.optional().openapi({ description: "Default: the preset's id." }),
        preset: z
          .string()
          .nullable()
          .optional()
          .openapi({ description: `A built-in service (${PRESET_IDS.join(", ")}), or null for your own.` }),
        overrides: overrides.optional(),
        enabled: z.boolean().optional(),
        position: z.number().int().min(0).max(10_000).optional(),
      })
      .refine((s) => s.id || s.preset, "give an id, or a preset to take it from"),
  })
  .openapi("ServiceCreate");

const serviceUpdateSchema = z
  .object({
    service: z.object({
      overrides: overrides.optional(),
      enabled: z.boolean().optional(),
      position: z.number().int().min(0).max(10_000).optional(),
    }),
  })
  .openapi("ServiceUpdate");

const serviceSchema = z
  .object({
    id: z.string(),
    preset: z.string().nullable(),
    overrides: z.unknown(),
    enabled: z.boolean(),
    position: z.number().int(),
    default: z.boolean().openapi({ description: "Served at / (SERVICE_ID)." }),
    name: z.object({ "zh-CN": z.string(), en: z.string() }).nullable(),
    time_zone: z.string().nullable(),
    created_at: z.string().nullable(),
    updated_at: z.string().nullable(),
  })
  .openapi("AdminService");

const serviceParam = z.object({
  id: serviceId.openapi({ param: { name: "id", in: "path" } }),
});

/** Stored services and the default one (which may have no row), with what they resolve to when enabled. */
async function servicesOut(c: AppContext, rows: ServiceRow[]) {
  const { registry } = await boardOf(c);
  const all = rows.some((row) => row.id === registry.defaultId)
    ? rows
    : [{ id: registry.defaultId, preset: registry.defaultId, overrides: null, enabled: true, position: -1 }, ...rows];
  return all.map((row) => {
    const config = registry.byId.get(row.id);
    const stored = "createdAt" in row;
    return {
      id: row.id,
      preset: row.preset,
      overrides: row.overrides ?? null,
      enabled: row.enabled,
      position: row.position,
      default: row.id === registry.defaultId,
      name: config?.name ?? null,
      time_zone: config?.timeZone ?? null,
      created_at: stored ? toIso((row as ServiceRow).createdAt) : null,
      updated_at: stored ? toIso((row as ServiceRow).updatedAt) : null,
    };
  });
}

async function oneOut(c: AppContext, id: string) {
  const all = await servicesOut(c, await listServiceRows(c.get("db")));
  return all.find((s) => s.id === id)!;
}

adminServicesRouter.openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "adminListServices",
    summary: "List services (the default first), and the presets not added yet",
    ...admin(TAG),
    responses: {
      200: jsonAnswer(z.object({ services: z.array(serviceSchema), available_presets: z.array(z.string()) })),
      ...adminErrors(),
    },
  }),
  async (c) => {
    const services = await servicesOut(c, await listServiceRows(c.get("db")));
    const added = new Set(services.map((s) => s.id));
    return c.json({ services, available_presets: PRESET_IDS.filter((id) => !added.has(id)) }, 200);
  },
);

adminServicesRouter.openapi(
  createRoute({
    method: "post",
    path: "/",
    operationId: "adminCreateService",
    summary: "Add a service: a built-in preset (with its components) or your own",
    ...admin(TAG, { body: "required" }),
    request: { body: jsonBody(serviceCreateSchema) },
    responses: {
      201: jsonAnswer(serviceSchema, "The service"),
      ...adminErrors([409, "The id, or a preset component's id, is taken"]),
    },
  }),
  async (c) => {
    const { service: input } = c.req.valid("json");
    // Preset ids are valid service ids themselves.
    const id = input.id ?? input.preset!;
    await createService(
      c.get("db"),
      {
        id,
        preset: input.preset ?? null,
        overrides: input.overrides ?? null,
        enabled: input.enabled,
        position: input.position,
      },
      c.get("now"),
    );
    c.set("board", undefined);
    return c.json(await oneOut(c, id), 201);
  },
);

adminServicesRouter.openapi(
  createRoute({
    method: "patch",
    path: "/{id}",
    operationId: "adminUpdateService",
    summary: "Change a service's configuration, position, or enable/disable it",
    ...admin(TAG, { body: "required" }),
    request: { params: serviceParam, body: jsonBody(serviceUpdateSchema) },
    responses: { 200: jsonAnswer(serviceSchema), ...adminErrors() },
  }),
  async (c) => {
    const { service: input } = c.req.valid("json");
    const { id } = c.req.valid("param");
    const { registry } = await boardOf(c);
    await updateService(c.get("db"), id, input, registry.defaultId, c.get("now"));
    c.set("board", undefined);
    return c.json(await oneOut(c, id), 200);
  },
);
