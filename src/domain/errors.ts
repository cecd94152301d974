/**
 * What the data layer and the services throw when a request cannot be done.
 * They say what went wrong in domain terms; the HTTP layer (src/http/errors.ts)
 * alone decides which status code and headers that becomes.
 */
export type DomainErrorKind = "invalid" | "not_found" | "conflict" | "rate_limited" | "unavailable";

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    /** A stable machine-readable code, e.g. `unknown_component`. */
    readonly code: string,
    message: string,
    /** The input field at fault, when there is one. */
    readonly field?: string,
    /** For `rate_limited` and `unavailable`: when to try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const invalid = (code: string, message: string, field?: string) =>
  new DomainError("invalid", code, message, field);
export const notFound = (code: string, message: string) => new DomainError("not_found", code, message);
export const conflict = (code: string, message: string, field?: string) =>
  new DomainError("conflict", code, message, field);
