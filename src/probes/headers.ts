const SECRET_PREFIX = "secret:";

/**
 * Resolves header values that name a secret (`secret:NAME`) instead of holding
 * it, so probe definitions in D1 never contain credentials. A missing secret
 * throws: sending the literal placeholder would only produce a misleading 401.
 */
export function resolveHeaders(
  headers: Record<string, string> | null,
  readSecret: (name: string) => string | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!value.startsWith(SECRET_PREFIX)) {
      out[name] = value;
      continue;
    }
    const secretName = value.slice(SECRET_PREFIX.length);
    const secret = readSecret(secretName);
    if (secret === undefined) throw new Error(`probe header ${name} needs secret ${secretName}, which is not set`);
    out[name] = secret;
  }
  return out;
}
