import { z } from "zod";
import type { Channel } from "../domain/subscriptions";
import { STRICT_WEBHOOK_URLS, type WebhookUrlPolicy } from "../domain/webhook-url";
import type { ChatPlatform } from "./chat";
import { chatSecretProblem, chatUrlProblem } from "./chat/robot";
import { pushSubscriptionSchemaFor } from "./push/subscription";

/**
 * The contact part of a sign-up, checked per channel. The sign-up schema
 * (src/schemas/subscription.ts) reads the common fields; this registry says,
 * for each channel, which contact fields it takes and how they are checked
 * and normalized into what is stored. Each check is a zod schema, so its issue
 * paths name the field at fault (`address`, `push.endpoint`, `secret`).
 *
 * Web Push and the chat robots bring their own rules (src/notify/push,
 * src/notify/chat), under the deployment's URL policy: strict (https, public
 * hosts), or with http://localhost allowed for local development
 * (WEBHOOK_ALLOW_HTTP_LOCALHOST, as for webhooks).
 */
export const CONTACT_FIELDS = ["address", "push", "secret"] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

/** The contact fields of a sign-up, as sent. */
export interface ContactFields {
  address?: string;
  push?: unknown;
  secret?: string;
}

/** What is stored: where to send, and the keys to send with (push keys, a robot's signing secret). */
export interface ChannelAddress {
  address: string;
  keys: Record<string, string> | null;
}

/** Checks one channel's contact fields and turns them into what is stored. */
export type ChannelAddressCheck = z.ZodType<ChannelAddress, ContactFields>;

export interface ChannelInput {
  /** The contact fields this channel takes; any other one given is a 400 naming it. */
  fields: readonly ContactField[];
  check: ChannelAddressCheck;
}

/** RFC 5321 §4.5.3.1: a local part of at most 64 octets, a path of at most 256 (so an address of at most 254). */
const LOCAL_MAX = 64;
const ADDRESS_MAX = 254;
const DOMAIN_MAX = 253;
/** RFC 5322 atext, and any non-ASCII letter or mark of an internationalized local part (RFC 6531). */
const ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\p{L}\p{M}\p{N}-]+$/u;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
/** Characters a URL parser would take as structure, and space: never part of a mail domain. */
const NOT_IN_DOMAIN = /[\s/?#:@\\%[\]<>"'`,;()]/u;

const utf8Length = (text: string) => new TextEncoder().encode(text).byteLength;

/**
 * An e-mail address as we store it, or null when it is not one we can send to:
 * a dot-atom local part (no quoted strings, no comments) of at most 64 octets,
 * kept as written (local parts may be case-sensitive, RFC 5321 §2.4), and a
 * domain of at least two labels, in ASCII (IDNA, as WHATWG URL parsing does)
 * and lower case, not an IP literal.
 */
export function normalizeEmail(raw: string): string | null {
  const text = raw.trim();
  if (text.length === 0 || utf8Length(text) > ADDRESS_MAX * 4) return null;
  const at = text.lastIndexOf("@");
  if (at <= 0 || at === text.length - 1) return null;
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  if (utf8Length(local) > LOCAL_MAX) return null;
  if (!local.split(".").every((atom) => ATOM.test(atom))) return null;
  if (NOT_IN_DOMAIN.test(domain)) return null;
  let ascii: string;
  try {
    ascii = new URL(`http://${domain}`).hostname;
  } catch {
    return null;
  }
  ascii = ascii.replace(/\.$/, "");
  const labels = ascii.split(".");
  if (ascii.length > DOMAIN_MAX || labels.length < 2 || !labels.every((label) => LABEL.test(label))) return null;
  // A top-level domain is never all digits (that would be an IPv4 literal).
  if (/^\d+$/.test(labels[labels.length - 1]!)) return null;
  const address = `${local}@${ascii}`;
  return utf8Length(address) <= ADDRESS_MAX ? address : null;
}

const emailCheck: ChannelAddressCheck = z
  .object({ address: z.string({ error: "required" }).max(ADDRESS_MAX * 4) })
  .transform(({ address }, ctx) => {
    const normalized = normalizeEmail(address);
    if (normalized === null) {
      ctx.addIssue({ code: "custom", path: ["address"], message: "not an e-mail address" });
      return z.NEVER;
    }
    return { address: normalized, keys: null };
  });

/** PushSubscription.toJSON(): https://w3c.github.io/push-api/#dom-pushsubscription-tojson */
export interface PushSubscriptionJson {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** Web Push: the endpoint is the address, the keys are kept to encrypt with (RFC 8291). */
export function pushCheck(subscription: z.ZodType<PushSubscriptionJson, unknown>): ChannelAddressCheck {
  return z.object({ push: subscription }).transform(({ push }) => ({
    address: push.endpoint,
    keys: { p256dh: push.keys.p256dh, auth: push.keys.auth },
  }));
}

/** A chat robot: its webhook URL on the platform's own host, and the signing secret of platforms that sign. */
export function robotCheck(platform: ChatPlatform, policy: WebhookUrlPolicy): ChannelAddressCheck {
  return z
    .object({
      address: z.string({ error: "required" }).max(2048),
      secret: z.string().max(256).optional(),
    })
    .superRefine(({ address, secret }, ctx) => {
      const urlProblem = chatUrlProblem(platform, address, policy);
      if (urlProblem) ctx.addIssue({ code: "custom", path: ["address"], message: urlProblem });
      const secretProblem = chatSecretProblem(platform, secret ?? null);
      if (secretProblem) ctx.addIssue({ code: "custom", path: ["secret"], message: secretProblem });
    })
    .transform(({ address, secret }) => ({ address, keys: secret ? { secret } : null }));
}

/** Every channel's contact fields and check, under one URL policy. */
export function channelInputs(policy: WebhookUrlPolicy): Record<Channel, ChannelInput> {
  return {
    email: { fields: ["address"], check: emailCheck },
    push: { fields: ["push"], check: pushCheck(pushSubscriptionSchemaFor(policy)) },
    wecom: { fields: ["address"], check: robotCheck("wecom", policy) },
    dingtalk: { fields: ["address", "secret"], check: robotCheck("dingtalk", policy) },
    feishu: { fields: ["address", "secret"], check: robotCheck("feishu", policy) },
    slack: { fields: ["address"], check: robotCheck("slack", policy) },
  };
}

/** The checks of a strict deployment (https, public hosts). */
export const CHANNEL_INPUTS = channelInputs(STRICT_WEBHOOK_URLS);
const LOCAL_CHANNEL_INPUTS = channelInputs({ allowHttpLocalhost: true });

export type ContactCheckResult = { ok: true; value: ChannelAddress } | { ok: false; field: string; message: string };

/**
 * One sign-up's contact fields checked for its channel: a field the channel
 * does not take is refused by name (an e-mail sign-up with `push`, a Slack
 * robot with `secret`), then the channel's check runs.
 */
export function checkContact(
  channel: Channel,
  given: ContactFields,
  policy: WebhookUrlPolicy = STRICT_WEBHOOK_URLS,
): ContactCheckResult {
  const input = (policy.allowHttpLocalhost ? LOCAL_CHANNEL_INPUTS : CHANNEL_INPUTS)[channel];
  for (const field of CONTACT_FIELDS) {
    if (given[field] !== undefined && !input.fields.includes(field)) {
      return { ok: false, field, message: `not used by channel ${channel}` };
    }
  }
  const result = input.check.safeParse(given);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join(".") || input.fields[0]!;
  return { ok: false, field, message: issue.message };
}
