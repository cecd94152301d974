const SECRET_PREFIX = "secret:";

/**
 * Resolves header values that name a secret (`secret:NAME`) instead of holding
 * it, so probe definitions in D1 never contain credentials. A missing secret
 * throws: sending the literal placeholder would only produce a misleading 401.
 */
export function resolveHeaders(
  headers: Record<string, string> | null,
  readSecret: (name: string) => string | undefined,
): { headers: Record<string, string>; secretNames: string[] } {
  const out: Record<string, string> = {};
  const secretNames: string[] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!value.startsWith(SECRET_PREFIX)) {
      out[name] = value;
      continue;
    }
    const secretName = value.slice(SECRET_PREFIX.length);
    const secret = readSecret(secretName);
    if (secret === undefined) throw new Error(`probe header ${name} needs secret ${secretName}, which is not set`);
    out[name] = secret;
    secretNames.push(name);
  }
  return { headers: out, secretNames };
}

/**
 * The request for the next hop of a redirect. A header that carries a secret
 * goes only to the origin of the probe's own URL: a redirect elsewhere (an
 * open redirect, a compromised CDN rule) never receives it.
 */
export function redirectHeaders(
  headers: Record<string, string>,
  secretNames: readonly string[],
  probeOrigin: string,
  nextUrl: URL,
): Record<string, string> {
  if (nextUrl.origin === probeOrigin) return headers;
  const secret = new Set(secretNames.map((n) => n.toLowerCase()));
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !secret.has(name.toLowerCase())));
}
