import { OpenAPIHono, type RouteConfig, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { etag, RETAINED_304_HEADERS } from "hono/etag";
import { errorSchema } from "../schemas/statuspage";
import type { AppEnv } from "./context";
import { edgeCache } from "./edge-cache";
import { ApiError, validationError } from "./errors";

/**
 * Routes are declared once with `createRoute` and mounted with
 * `app.openapi(route, handler)`: the declaration validates the request
 * (handlers read `c.req.valid(...)`) and documents it in /api/openapi.json.
 * A failed validation leaves through the one error mapping, as a 400 naming
 * the field. https://github.com/honojs/middleware/tree/main/packages/zod-openapi
 */
export function createRouter<E extends AppEnv = AppEnv>() {
  return new OpenAPIHono<E>({
    defaultHook: (result) => {
      if (result.success) return;
      const error = validationError(result.error);
      throw result.target === "header" ? new ApiError(400, "invalid_header", error.message, error.field) : error;
    },
  });
}

/** `security: []`: the operation is public (OpenAPI 3.1 §4.8.10). */
export const PUBLIC: RouteConfig["security"] = [];
/** The admin token as a bearer token. */
export const ADMIN_AUTH: RouteConfig["security"] = [{ bearerAuth: [] }];

const STATUS_TEXT: Record<number, string> = {
  400: "Invalid input",
  401: "Missing or wrong token",
  404: "Not found",
  409: "Conflict with the current state",
  413: "Body too large",
  415: "Unsupported media type",
  429: "Too many requests (Retry-After)",
  503: "Storage unavailable, retry (Retry-After)",
};

/** Error answers in the one error shape, `{ error: { code, message, field? } }`. */
export function errorResponses(...statuses: (number | [number, string])[]): RouteConfig["responses"] {
  return Object.fromEntries(
    statuses.map((entry) => {
      const [status, description] = Array.isArray(entry) ? entry : [entry, STATUS_TEXT[entry] ?? "Error"];
      return [status, { description, content: { "application/json": { schema: errorSchema } } }];
    }),
  );
}

/** `?lang=`: the language of names and texts (zh-CN by default, or DEFAULT_LOCALE). */
export const langQuery = z
  .string()
  .regex(/^([zZ][hH]|[eE][nN])/, "zh-CN or en")
  .optional()
  .openapi({ description: "Language of names and texts: `zh-CN` (default) or `en`.", example: "en" });

/** `{id}` in a path. */
export const idParam = z.object({
  id: z
    .string()
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});

/**
 * A request header declared once: its zod schema documents it (an OpenAPI
 * header parameter) and validates it (route middleware reading that one
 * header). Cheaper than `request.headers`, whose validator copies every
 * header of the request on a path that takes thousands of reports a second.
 */
export function declaredHeader(name: string, schema: z.ZodType<string>, options: { required?: boolean } = {}) {
  const {
    description,
    $schema: _dialect,
    ...jsonSchema
  } = z.toJSONSchema(schema, { io: "input" }) as {
    description?: string;
    $schema?: string;
  } & Record<string, unknown>;
  const parameter = {
    name,
    in: "header" as const,
    required: options.required ?? false,
    ...(description ? { description } : {}),
    schema: jsonSchema,
  };
  const middleware: MiddlewareHandler = async (c, next) => {
    const value = c.req.header(name);
    if (value === undefined && !options.required) return next();
    const result = schema.safeParse(value);
    if (!result.success) {
      throw new ApiError(400, "invalid_header", result.error.issues[0]?.message ?? `${name} is not valid`, name);
    }
    await next();
  };
  return { parameter, middleware };
}

/**
 * `?lang=` as documentation only, for the report route: the request context
 * reads it leniently for every request (an unknown value falls back to
 * Accept-Language), so validating it again there would only cost time.
 */
export const langParameter = {
  name: "lang",
  in: "query" as const,
  required: false,
  description: "Language of the verdict: `zh-CN` (default) or `en`.",
  schema: { type: "string" as const, example: "en" },
};

/** A route's declared query parameter names, for the edge cache key (lang is part of the key anyway). */
function declaredQuery(route: RouteConfig): string[] {
  const query = route.request?.query as { shape?: Record<string, unknown> } | undefined;
  return Object.keys(query?.shape ?? {}).filter((name) => name !== "lang");
}

/**
 * A public, cacheable GET: the edge cache in front (keyed by the parameters
 * the route declares), then an ETag, then validation. On a cache hit neither
 * the handler nor the ETag hashing runs.
 */
export function cachedRoute<R extends RouteConfig>(route: R, options: { etag?: boolean } = {}): R {
  const middleware: MiddlewareHandler<AppEnv>[] = [edgeCache({ query: declaredQuery(route) })];
  // A 304 must still carry the CORS headers, or browsers reject the revalidation.
  const retainedHeaders = [...RETAINED_304_HEADERS, "access-control-allow-origin", "access-control-expose-headers"];
  if (options.etag !== false) middleware.push(etag({ retainedHeaders }));
  const own = route.middleware ? (Array.isArray(route.middleware) ? route.middleware : [route.middleware]) : [];
  return { ...route, middleware: [...middleware, ...own] };
}
