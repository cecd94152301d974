import type { OpenAPIHono, RouteConfig } from "@hono/zod-openapi";
import type { Env, Handler, MiddlewareHandler } from "hono";

/**
 * Registers a route in the router's OpenAPI registry and mounts its handlers.
 * Handlers validate with the same zod schemas the route documents (through
 * readBody/validate), so the one error shape, the body size limit and the
 * 415 checks stay the app's own rather than the validator middleware's.
 */
export function documented<E extends Env>(
  router: OpenAPIHono<E>,
  route: RouteConfig,
  ...handlers: (Handler<E> | MiddlewareHandler<E>)[]
): void {
  router.openAPIRegistry.registerPath(route);
  const path = route.path.replaceAll(/\{([^}]+)\}/g, ":$1");
  (router.on as (method: string, path: string, ...h: unknown[]) => unknown)(
    route.method.toUpperCase(),
    path,
    ...handlers,
  );
}
