import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * An error meant for the client: it carries the HTTP status and the one JSON
 * shape every error response uses, `{ error: { code, message, field? } }`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "ApiError";
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }
}

/** D1 signals overload and unavailability with errors whose messages start with `D1_`. */
export function isStorageError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const text = `${error.message} ${(error as { cause?: unknown }).cause ?? ""}`;
  return /D1_|SQLITE_BUSY|database is locked|Network connection lost|storage/i.test(text);
}
