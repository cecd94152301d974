#!/usr/bin/env node
// A fresh VAPID key pair for Web Push (RFC 8292), with Node's WebCrypto:
//   node scripts/vapid-keys.mjs
// prints VAPID_PUBLIC_KEY (base64url uncompressed P-256 point, the browsers' applicationServerKey)
// and VAPID_PRIVATE_KEY (base64url private scalar d; keep it secret: `npx wrangler secret put VAPID_PRIVATE_KEY`).
// scripts/start.mjs imports `vapidKeys` to give local development a pair of its own.
import { fileURLToPath } from "node:url";

/** A new pair, as the Worker reads it (src/notify/push/vapid.ts). */
export async function vapidKeys() {
  const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
  const publicKey = Buffer.from(await crypto.subtle.exportKey("raw", pair.publicKey)).toString("base64url");
  const { d } = await crypto.subtle.exportKey("jwk", pair.privateKey);
  return { publicKey, privateKey: d };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { publicKey, privateKey } = await vapidKeys();
  console.log(`VAPID_PUBLIC_KEY=${publicKey}\nVAPID_PRIVATE_KEY=${privateKey}`);
}
