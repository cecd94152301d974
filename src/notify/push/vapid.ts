import { z } from "zod";
import type { Env } from "../../env";
import { fromBase64Url, toBase64Url } from "../../lib/base64url";

/**
 * VAPID (RFC 8292): the Worker signs every push request with its own P-256 key,
 * and browsers subscribe with the public half as `applicationServerKey`, so a
 * push service takes messages for those subscriptions from this Worker only.
 */
export interface VapidConfig {
  /** base64url uncompressed P-256 point (65 bytes): the browser's applicationServerKey and the `k` we send. */
  publicKey: string;
  /** The private key as a JWK (kty EC, crv P-256, x, y, d), ready for WebCrypto. */
  privateJwk: JsonWebKey;
  /** `mailto:` or `https:` contact for the push services' operators (the JWT's `sub`). */
  subject: string;
}

export type VapidEnv = Pick<Env, "VAPID_PUBLIC_KEY" | "VAPID_PRIVATE_KEY" | "VAPID_SUBJECT">;

/** RFC 8292 §2: the signed token may be used for at most 24 h; 12 h leaves room for clock skew. */
export const VAPID_TOKEN_SECONDS = 12 * 60 * 60;

const publicKeySchema = z.string().refine((value) => {
  const bytes = fromBase64Url(value.trim());
  return bytes?.length === 65 && bytes[0] === 0x04;
}, "must be an uncompressed P-256 public key (65 bytes, starting 0x04) in base64url");

const scalar = z.string().refine((value) => fromBase64Url(value)?.length === 32, "must be 32 bytes in base64url");
const jwkSchema = z.object({ kty: z.literal("EC"), crv: z.literal("P-256"), x: scalar, y: scalar, d: scalar });

/**
 * The private key as `scripts/vapid-keys.mjs` (and `web-push generate-vapid-keys`) print it, the
 * base64url private scalar `d`; or the JWK JSON that `npx @pushforge/builder vapid` prints.
 */
const privateKeySchema = z.string().transform((value, ctx): { d: string; x?: string; y?: string } => {
  if (fromBase64Url(value)?.length === 32) return { d: value };
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    json = undefined;
  }
  const jwk = jwkSchema.safeParse(json);
  if (jwk.success) return jwk.data;
  ctx.addIssue({ code: "custom", message: "must be the base64url private key (32 bytes) or that key as a P-256 JWK" });
  return z.NEVER;
});

const subjectSchema = z
  .string()
  .regex(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/, "must be a mailto: address or an https: URL");

const vapidEnvSchema = z.object({
  VAPID_PUBLIC_KEY: publicKeySchema,
  VAPID_PRIVATE_KEY: privateKeySchema,
  VAPID_SUBJECT: subjectSchema,
});

/**
 * The Worker's VAPID configuration; null when none of the three variables is set
 * (Web Push is off). Throws, naming the variable, when they are set but incomplete
 * or malformed, or when the private key's public half is not VAPID_PUBLIC_KEY:
 * a broken key is an error to see, never a channel that silently sends nothing.
 */
export function vapidConfigOf(env: VapidEnv): VapidConfig | null {
  const values = {
    VAPID_PUBLIC_KEY: env.VAPID_PUBLIC_KEY?.trim() || undefined,
    VAPID_PRIVATE_KEY: env.VAPID_PRIVATE_KEY?.trim() || undefined,
    VAPID_SUBJECT: env.VAPID_SUBJECT?.trim() || undefined,
  };
  if (Object.values(values).every((value) => value === undefined)) return null;
  const parsed = vapidEnvSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? "VAPID");
    throw new Error(`${name} ${issue.code === "invalid_type" ? "is not set" : issue.message}`);
  }
  const point = fromBase64Url(parsed.data.VAPID_PUBLIC_KEY)!;
  const x = toBase64Url(point.slice(1, 33));
  const y = toBase64Url(point.slice(33, 65));
  const jwk = parsed.data.VAPID_PRIVATE_KEY;
  if (jwk.x !== undefined && (jwk.x !== x || jwk.y !== y)) {
    throw new Error("VAPID_PRIVATE_KEY belongs to another public key than VAPID_PUBLIC_KEY");
  }
  return {
    publicKey: toBase64Url(point),
    privateJwk: { kty: "EC", crv: "P-256", x, y, d: jwk.d },
    subject: parsed.data.VAPID_SUBJECT,
  };
}

/**
 * The public key for the page's subscribe button, or null when Web Push is off or
 * misconfigured: a page is never broken by the push settings (the sender reports those).
 */
export function vapidPublicKeyOf(env: VapidEnv): string | null {
  try {
    return vapidConfigOf(env)?.publicKey ?? null;
  } catch {
    return null;
  }
}

/**
 * The `Authorization` header value for a push to `endpoint` (RFC 8292 §3):
 * `vapid t=<ES256 JWT for the endpoint's origin>, k=<public key>`.
 */
export async function vapidAuthorization(endpoint: string, vapid: VapidConfig, nowMs = Date.now()): Promise<string> {
  const encode = (value: object) => toBase64Url(new TextEncoder().encode(JSON.stringify(value)));
  const claims = {
    aud: new URL(endpoint).origin,
    exp: Math.floor(nowMs / 1000) + VAPID_TOKEN_SECONDS,
    sub: vapid.subject,
  };
  const unsigned = `${encode({ typ: "JWT", alg: "ES256" })}.${encode(claims)}`;
  const key = await crypto.subtle.importKey("jwk", vapid.privateJwk, { name: "ECDSA", namedCurve: "P-256" }, false, [
    "sign",
  ]);
  // WebCrypto's ECDSA signature is r || s (64 bytes), the form JWS ES256 wants (RFC 7518 §3.4).
  const signature = await crypto.subtle.sign(
    { name: "ECDSA", hash: "SHA-256" },
    key,
    new TextEncoder().encode(unsigned),
  );
  return `vapid t=${unsigned}.${toBase64Url(new Uint8Array(signature))}, k=${vapid.publicKey}`;
}
