import { fromBase64Url } from "../../lib/base64url";

/**
 * Message encryption for Web Push, `aes128gcm` (RFC 8291 on RFC 8188), with
 * WebCrypto only, so it runs in workerd. The whole message is one record:
 * header (salt, record size, our ephemeral public key) then the ciphertext of
 * plaintext + 0x02. https://www.rfc-editor.org/rfc/rfc8291#section-3.4
 */

/** A push service takes at least 4096 bytes of body (RFC 8291 §4); we never send more. */
export const RECORD_SIZE = 4096;
const HEADER_BYTES = 16 + 4 + 1 + 65;
const TAG_BYTES = 16;
/** The largest plaintext that fits one record of RECORD_SIZE bytes: 3993. */
export const MAX_PLAINTEXT_BYTES = RECORD_SIZE - HEADER_BYTES - TAG_BYTES - 1;

/** The browser's keys of one subscription (PushSubscription.toJSON().keys), base64url. */
export interface PushKeys {
  /** The user agent's ECDH public key: an uncompressed P-256 point, 65 bytes. */
  p256dh: string;
  /** The 16-byte authentication secret. */
  auth: string;
}

/** Fixed inputs, only for checking against the RFC's worked example; a real message takes fresh ones. */
export interface EncryptionInputs {
  salt: Uint8Array<ArrayBuffer>;
  senderKeys: CryptoKeyPair;
}

const text = new TextEncoder();

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

async function hkdf(
  salt: BufferSource,
  ikm: BufferSource,
  info: BufferSource,
  bytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const key = await crypto.subtle.importKey("raw", ikm, "HKDF", false, ["deriveBits"]);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt, info }, key, bytes * 8));
}

/** The subscription's keys as bytes, checked: the form RFC 8291 §3.1/§3.2 requires. */
export function pushKeyBytes(keys: PushKeys): { p256dh: Uint8Array<ArrayBuffer>; auth: Uint8Array<ArrayBuffer> } {
  const p256dh = fromBase64Url(keys.p256dh);
  const auth = fromBase64Url(keys.auth);
  if (p256dh?.length !== 65 || p256dh[0] !== 0x04) throw new TypeError("p256dh is not an uncompressed P-256 point");
  if (auth?.length !== 16) throw new TypeError("auth is not 16 bytes");
  return { p256dh, auth };
}

/** The encrypted body of one push message to the subscription with these keys. */
export async function encryptPushMessage(
  plaintext: Uint8Array,
  keys: PushKeys,
  inputs?: EncryptionInputs,
): Promise<Uint8Array<ArrayBuffer>> {
  if (plaintext.length > MAX_PLAINTEXT_BYTES) {
    throw new RangeError(`push message too long: ${plaintext.length} bytes, at most ${MAX_PLAINTEXT_BYTES}`);
  }
  const { p256dh, auth } = pushKeyBytes(keys);
  const uaPublic = await crypto.subtle.importKey("raw", p256dh, { name: "ECDH", namedCurve: "P-256" }, false, []);
  const sender =
    inputs?.senderKeys ??
    ((await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"])) as CryptoKeyPair);
  const salt = inputs?.salt ?? crypto.getRandomValues(new Uint8Array(16));
  const asPublic = new Uint8Array((await crypto.subtle.exportKey("raw", sender.publicKey)) as ArrayBuffer);
  // A variable, not a literal: workers-types spells the standard `public` member `$public`.
  const ecdh = { name: "ECDH", public: uaPublic };
  const ecdhSecret = await crypto.subtle.deriveBits(ecdh, sender.privateKey, 256);

  // RFC 8291 §3.3: the input keying material binds both public keys and the auth secret.
  const ikm = await hkdf(auth, ecdhSecret, concat(text.encode("WebPush: info\0"), p256dh, asPublic), 32);
  // RFC 8188 §2.2 and §2.3: content-encryption key and nonce (one record, so sequence number 0).
  const cek = await hkdf(salt, ikm, text.encode("Content-Encoding: aes128gcm\0"), 16);
  const nonce = await hkdf(salt, ikm, text.encode("Content-Encoding: nonce\0"), 12);

  const key = await crypto.subtle.importKey("raw", cek, "AES-GCM", false, ["encrypt"]);
  // 0x02: the last (and only) record's padding delimiter, with no padding after it.
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv: nonce },
    key,
    concat(plaintext, new Uint8Array([2])),
  );

  const header = new Uint8Array(HEADER_BYTES);
  header.set(salt, 0);
  new DataView(header.buffer).setUint32(16, RECORD_SIZE);
  header[20] = asPublic.length;
  header.set(asPublic, 21);
  return concat(header, new Uint8Array(ciphertext));
}
