import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../http/context";
import { ApiError } from "../../http/errors";

const encoder = new TextEncoder();

/**
 * Compares in constant time: both sides are hashed first, so the comparison
 * runs over equal-length digests whatever the token lengths.
 */
export async function tokenMatches(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(given)),
    crypto.subtle.digest("SHA-256", encoder.encode(expected)),
  ]);
  return crypto.subtle.timingSafeEqual(a, b);
}

/**
 * `Authorization: Bearer <ADMIN_TOKEN>`. Without a configured token the admin
 * API does not exist: 404 `admin_disabled`, so a deployment that never set the
 * secret exposes nothing and says so plainly.
 */
export const adminAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const expected = c.env.ADMIN_TOKEN;
  if (!expected)
    throw new ApiError(404, "admin_disabled", "The admin API is off: set the ADMIN_TOKEN secret to enable it");
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const challenge = { "WWW-Authenticate": 'Bearer realm="admin"' };
  if (!match) throw new ApiError(401, "unauthorized", "Send Authorization: Bearer <admin token>", undefined, challenge);
  if (!(await tokenMatches(match[1]!, expected)))
    throw new ApiError(401, "unauthorized", "The admin token is wrong", undefined, challenge);
  // Admin answers are per operator and change on every write: never cache them.
  c.header("Cache-Control", "no-store");
  await next();
};
