import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./context";

/**
 * Security headers for every response; the Content-Security-Policy for HTML
 * only. Pages load only their own CSS and script: no inline script, no inline
 * style, nothing third-party. A route that needs another policy sets its own
 * and this leaves it alone.
 */
const BASE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
];

/** Origins allowed to embed the pages: FRAME_ANCESTORS (space-separated), none by default. */
function frameAncestors(configured: string | undefined): string {
  const origins = (configured ?? "").split(/\s+/).filter((origin) => /^(https?:\/\/[\w.*:-]+|'self')$/.test(origin));
  return origins.length ? origins.join(" ") : "'none'";
}

export function contentSecurityPolicy(configuredFrameAncestors?: string): string {
  return [...BASE_POLICY, `frame-ancestors ${frameAncestors(configuredFrameAncestors)}`].join("; ");
}

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

// Every HTML response needs the policy for the configured ancestors, which change only with a deploy.
const policies = new Map<string | undefined, string>();
function policyFor(configuredFrameAncestors: string | undefined): string {
  let policy = policies.get(configuredFrameAncestors);
  if (policy === undefined) {
    policy = contentSecurityPolicy(configuredFrameAncestors);
    if (policies.size < 16) policies.set(configuredFrameAncestors, policy);
  }
  return policy;
}

/** One year, as browsers' preload lists expect; sent only over HTTPS (RFC 6797 §7.2). */
const HSTS = "max-age=31536000; includeSubDomains";

interface Options {
  frameAncestors?: string;
  https: boolean;
}

function apply(headers: Headers, options: Options): void {
  if (!headers.has("X-Content-Type-Options")) headers.set("X-Content-Type-Options", "nosniff");
  if (!headers.has("Referrer-Policy")) headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  if (options.https && !headers.has("Strict-Transport-Security")) headers.set("Strict-Transport-Security", HSTS);
  if ((headers.get("content-type") ?? "").startsWith("text/html")) {
    if (!headers.has("Content-Security-Policy"))
      headers.set("Content-Security-Policy", policyFor(options.frameAncestors));
    // X-Frame-Options cannot name origins; when embedding is configured, CSP frame-ancestors alone decides.
    if (!options.frameAncestors && !headers.has("X-Frame-Options")) headers.set("X-Frame-Options", "DENY");
  }
}

export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const options = { frameAncestors: c.env?.FRAME_ANCESTORS, https: c.req.url.startsWith("https:") };
  try {
    apply(c.res.headers, options);
  } catch {
    // Headers of a proxied response are immutable: copy it first.
    c.res = new Response(c.res.body, c.res);
    apply(c.res.headers, options);
  }
};
