import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";
import { DomainError, type DomainErrorKind } from "../domain/errors";

/**
 * An error of the HTTP layer itself (a body too large, a media type we do
 * not read, a malformed header). Errors of the domain are DomainErrors; both
 * leave as the one JSON shape every error response uses:
 * `{ error: { code, message, field? } }`.
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
}

const STATUS_OF: Record<DomainErrorKind, ContentfulStatusCode> = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};

/** D1 signals overload and unavailability with errors whose messages start with `D1_`. */
export function isStorageError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const text = `${error.message} ${(error as { cause?: unknown }).cause ?? ""}`;
  return /D1_|SQLITE_BUSY|database is locked|Network connection lost|storage/i.test(text);
}

/** The first zod issue as a 400 naming its field (query, path, header or body alike). */
export function validationError(error: ZodError, prefix?: string): ApiError {
  const issue = error.issues[0]!;
  const path = issue.path.map(String).join(".");
  const field = [prefix, path].filter(Boolean).join(".") || undefined;
  return new ApiError(400, "invalid_field", field ? `${field}: ${issue.message}` : issue.message, field);
}

export interface ErrorDescription {
  status: ContentfulStatusCode;
  code: string;
  message: string;
  field?: string;
  headers?: Record<string, string>;
}

const HTTP_CODES: Partial<Record<number, string>> = {
  400: "bad_request",
  413: "payload_too_large",
  415: "unsupported_media_type",
};

/** Every error as status, code, message: the one mapping from what went wrong to what the client is told. */
export function describeError(error: unknown): ErrorDescription {
  if (error instanceof ApiError) {
    return {
      status: error.status,
      code: error.code,
      message: error.message,
      field: error.field,
      headers: error.headers,
    };
  }
  if (error instanceof DomainError) {
    const retry = error.retryAfterSeconds != null ? { "Retry-After": String(error.retryAfterSeconds) } : undefined;
    return {
      status: STATUS_OF[error.kind],
      code: error.code,
      message: error.message,
      field: error.field,
      headers: retry,
    };
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    return { status, code: HTTP_CODES[status] ?? "http_error", message: error.message || "Request error" };
  }
  if (isStorageError(error)) {
    return {
      status: 503,
      code: "storage_unavailable",
      message: "Storage is temporarily unavailable, please retry shortly",
      headers: { "Retry-After": "5" },
    };
  }
  return { status: 500, code: "internal_error", message: "Internal error" };
}

/** Machine-read paths (the APIs, feeds, badges) get JSON errors; pages get pages. */
function wantsJson(path: string): boolean {
  return /(^|\/)api\//.test(path) || /\.(json|svg|atom|rss|xml)$/.test(path);
}

/** A 404: the JSON error on API paths, a small page elsewhere. */
export function notFoundResponse(c: Context, message: string, code = "not_found") {
  if (wantsJson(c.req.path)) return c.json({ error: { code, message } }, 404);
  return c.html('<!doctype html><title>404</title><h1>404</h1><p><a href="/">Status page</a></p>', 404);
}

/** app.onError: logs what the client cannot fix, answers the one error shape. */
export function onError(error: unknown, c: Context) {
  const described = describeError(error);
  if (described.status >= 500) console.error(described.code, error);
  const { status, code, message, field, headers } = described;
  if (status === 404) return notFoundResponse(c, message, code);
  return c.json({ error: { code, message, ...(field ? { field } : {}) } }, status, headers);
}
