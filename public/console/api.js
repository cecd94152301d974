// The admin API from the console. The admin token lives in sessionStorage
// only: never in a URL, a cookie or localStorage, and it is gone with the tab.

const KEY = "paystatus-admin-token";

export const token = {
  get: () => sessionStorage.getItem(KEY),
  set: (value) => sessionStorage.setItem(KEY, value),
  clear: () => sessionStorage.removeItem(KEY),
};

/** An error answer of the API: its message (which names the field, when there is one), status and code. */
export class ApiError extends Error {
  constructor(message, status, code, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

/** One call to /api/admin…; resolves to the JSON answer (null for 204), rejects with ApiError on any non-2xx. */
export async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: {
      authorization: `Bearer ${token.get() ?? ""}`,
      ...(body ? { "content-type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
    credentials: "omit",
    cache: "no-store",
  });
  if (response.status === 204) return null;
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new ApiError(
      data?.error?.message ?? `HTTP ${response.status}`,
      response.status,
      data?.error?.code,
      data?.error?.field,
    );
  }
  return data;
}

/** A path with `?service=` (or `&service=`) for the scoped lists. */
export function scoped(path, service) {
  return `${path}${path.includes("?") ? "&" : "?"}service=${encodeURIComponent(service)}`;
}
