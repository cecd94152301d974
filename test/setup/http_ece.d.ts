// The few parts of http_ece (RFC 8188 encrypted content-encoding) that test/setup/push-endpoint.ts uses.
declare module "http_ece" {
  import type { ECDH } from "node:crypto";

  interface Params {
    version?: "aes128gcm" | "aesgcm";
    /** The receiver's ECDH key (crypto.createECDH). */
    privateKey?: ECDH;
    authSecret?: Buffer | string;
    salt?: Buffer | string;
    dh?: Buffer | string;
  }
  export function decrypt(buffer: Buffer, params: Params): Buffer;
  export function encrypt(buffer: Buffer, params: Params): Buffer;
}
