import { exports } from "cloudflare:workers";

export const BASE = "http://status.test";
export const TOKEN = "test-admin-token";

/** A call to the admin API with the test token (or `token: null` for none). */
export function admin(
  method: string,
  path: string,
  body?: unknown,
  options: { token?: string | null; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] ??= "application/json";
  return exports.default.fetch(`${BASE}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

export async function adminJson<T = any>(method: string, path: string, body?: unknown, expected = 200): Promise<T> {
  const response = await admin(method, path, body);
  const text = await response.text();
  if (response.status !== expected)
    throw new Error(`${method} ${path}: expected ${expected}, got ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

export async function publicJson<T = any>(path: string): Promise<T> {
  const response = await exports.default.fetch(`${BASE}${path}`);
  if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
  return response.json<T>();
}
