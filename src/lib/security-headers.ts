import type { MiddlewareHandler } from "hono";

/**
 * Security headers for every response; the Content-Security-Policy for HTML
 * only. Pages load only their own CSS and script: no inline script, no inline
 * style, nothing third-party. A route that needs another policy sets its own
 * and this leaves it alone.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

function apply(headers: Headers): void {
  if (!headers.has("X-Content-Type-Options")) headers.set("X-Content-Type-Options", "nosniff");
  if (!headers.has("Referrer-Policy")) headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  if ((headers.get("content-type") ?? "").startsWith("text/html")) {
    if (!headers.has("Content-Security-Policy")) headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    if (!headers.has("X-Frame-Options")) headers.set("X-Frame-Options", "DENY");
  }
}

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  try {
    apply(c.res.headers);
  } catch {
    // Headers of a proxied response are immutable: copy it first.
    c.res = new Response(c.res.body, c.res);
    apply(c.res.headers);
  }
};
