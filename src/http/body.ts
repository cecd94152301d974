import type { Context, MiddlewareHandler } from "hono";
import type { z } from "zod";
import { ApiError, validationError } from "./errors";

export const MAX_BODY_BYTES = 8 * 1024;
const MAX_JSON_DEPTH = 8;

export type BodyFormat = "json" | "form";

function depthOf(value: unknown, depth = 0): number {
  if (depth > MAX_JSON_DEPTH || typeof value !== "object" || value === null) return depth;
  let max = depth;
  for (const child of Object.values(value)) max = Math.max(max, depthOf(child, depth + 1));
  return max;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * True when every string in a parsed JSON value (keys included) is well-formed
 * Unicode. JSON text may spell a lone surrogate as an escape (`"\\ud800"`);
 * such a string cannot be stored as given (D1 would turn it into U+FFFD), so
 * it is refused like malformed UTF-8.
 */
export function isWellFormedJson(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return !LONE_SURROGATE.test(value);
  if (depth > MAX_JSON_DEPTH + 1 || typeof value !== "object" || value === null) return true;
  for (const [key, child] of Object.entries(value))
    if (LONE_SURROGATE.test(key) || !isWellFormedJson(child, depth + 1)) return false;
  return true;
}

// One decoder for every request: a non-streaming decode() starts from a clean state, even after an error.
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Reads a JSON or urlencoded body within a byte limit, strictly as UTF-8.
 * Every failure is an ApiError (400/413/415), never an exception that would
 * surface as a 500.
 */
export async function readBody(
  c: Context,
  maxBytes = MAX_BODY_BYTES,
): Promise<{ format: BodyFormat; data: Record<string, unknown>; text: string }> {
  const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const format: BodyFormat | null =
    type === "application/json" || type.endsWith("+json")
      ? "json"
      : type === "application/x-www-form-urlencoded"
        ? "form"
        : null;
  if (!format)
    throw new ApiError(415, "unsupported_media_type", "Send application/json or application/x-www-form-urlencoded");

  const lengthHeader = c.req.header("content-length") ?? "";
  const declared = /^\d{1,15}$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
  if (declared !== undefined && declared > maxBytes)
    throw new ApiError(413, "payload_too_large", `The body must be at most ${maxBytes} bytes`);
  // With a declared length within the limit, HTTP framing bounds the body, so it is read in one call
  // (streaming chunk by chunk cost a tenth of a report's CPU); the length is checked again after.
  const bytes =
    declared !== undefined ? new Uint8Array(await c.req.raw.arrayBuffer()) : await readLimited(c.req.raw, maxBytes);
  if (bytes.byteLength > maxBytes)
    throw new ApiError(413, "payload_too_large", `The body must be at most ${maxBytes} bytes`);

  const text = decodeUtf8(bytes);
  if (format === "form") {
    const data: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(text)) data[key] = value;
    return { format, data, text };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new ApiError(400, "invalid_body", "The body must be a JSON object");
  if (depthOf(parsed) > MAX_JSON_DEPTH) throw new ApiError(400, "invalid_body", "The JSON body is nested too deeply");
  if (!isWellFormedJson(parsed))
    throw new ApiError(
      400,
      "invalid_encoding",
      "The body holds a lone surrogate (\\uD800-\\uDFFF escape): not valid Unicode text",
    );
  return { format, data: parsed as Record<string, unknown>, text };
}

/** Strict UTF-8: a malformed byte is a 400, never a U+FFFD stored in its place. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new ApiError(400, "invalid_encoding", "The body is not valid UTF-8");
  }
}

/**
 * Route middleware in front of the validators a route declaration makes
 * (`createRoute` + `app.openapi`): reads the body with our limits and checks
 * (size, strict UTF-8, JSON depth, lone surrogates; 413/415/400 in the one
 * error shape) and hands the validators exactly what it read. An empty body
 * passes only where the route says the body is optional.
 */
export function guardBody(options: { maxBytes?: number; optional?: boolean } = {}): MiddlewareHandler {
  return async (c, next) => {
    if (options.optional && (!c.req.raw.body || c.req.header("content-length") === "0")) return next();
    const body = await readBody(c, options.maxBytes);
    // hono's validators read the body through this cache (it holds promises, whatever its type says).
    const cache = c.req.bodyCache as Record<string, Promise<unknown>>;
    if (body.format === "json") {
      cache.text = Promise.resolve(body.text);
      // The JSON is parsed already (to check its depth and strings): hand that over instead of parsing again.
      const parsed = Promise.resolve(body.data);
      c.req.json = <T>() => parsed as Promise<T>;
    } else {
      const form = new FormData();
      for (const [key, value] of Object.entries(body.data)) form.append(key, String(value));
      cache.formData = Promise.resolve(form);
    }
    await next();
  };
}

/** Streams the body and stops at the limit, so a lying Content-Length cannot make us buffer megabytes. */
export async function readLimited(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new ApiError(413, "payload_too_large", `The body must be at most ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** Validates with zod and turns the first problem into a 400 naming the field. */
export function validate<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw validationError(result.error);
}
