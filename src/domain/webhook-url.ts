/**
 * Which URLs may receive webhooks: public https endpoints named by a host name.
 * Checked when a webhook is created or changed, and again before every delivery
 * attempt (so a stored URL that these rules no longer allow is never fetched).
 *
 * - https only. In local development (`WEBHOOK_ALLOW_HTTP_LOCALHOST=true`, which
 *   `npm start` sets) http or https to exactly `localhost`, `127.0.0.1` or `[::1]`
 *   is allowed too, so a receiver on the developer's machine can be tried.
 * - No IP literals, v4 or v6. The host is read after WHATWG URL parsing, which
 *   turns decimal, octal and hex forms (`2130706433`, `0177.0.0.1`, `0x7f.1`)
 *   into dotted quads, so those are caught as well.
 * - No single-label names (`localhost`, `metadata`, `intranet`: they resolve
 *   through local search domains, never to a public host), no names under
 *   special-use or private-use suffixes (`.localhost`, `.local`, `.internal`,
 *   `.arpa` and the private TLDs of RFC 6762 appendix G), and no cloud
 *   metadata host names.
 *
 * A public name can still resolve to a private address; that is left to the
 * network (a Worker's fetch does not reach private networks).
 */
export interface WebhookUrlPolicy {
  /** Local development: allow http and https to localhost, 127.0.0.1 and [::1]. */
  allowHttpLocalhost: boolean;
}

export const STRICT_WEBHOOK_URLS: WebhookUrlPolicy = { allowHttpLocalhost: false };

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** RFC 6761/6762/8375 special-use and private-use suffixes, ICANN's `.internal`, and `.arpa`. */
const PRIVATE_SUFFIXES = ["localhost", "local", "internal", "arpa", "intranet", "private", "corp", "home", "lan"];

/** Cloud metadata services under public-looking names (Google's `metadata.google.internal` is caught as `.internal`). */
const METADATA_HOSTS = new Set(["metadata.goog", "metadata.tencentyun.com"]);

const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;

/** Why `url` may not receive webhooks under `policy`, or null when it may. */
export function webhookUrlProblem(url: string, policy: WebhookUrlPolicy): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "must be a valid URL";
  }
  const host = parsed.hostname.toLowerCase().replace(/\.+$/, "");
  if (policy.allowHttpLocalhost && LOOPBACK_HOSTS.has(host)) {
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? null : "must use https";
  }
  if (parsed.protocol !== "https:") return "must use https";
  if (IPV4.test(host) || host.startsWith("[")) return "must name a host, not an IP address";
  if (!host.includes(".")) return "must be a public host name (a single-label name is not)";
  if (PRIVATE_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`)) || METADATA_HOSTS.has(host)) {
    return "must not be a private or reserved host name";
  }
  return null;
}

/**
 * How webhook URLs are checked on this Worker: strictly, unless
 * WEBHOOK_ALLOW_HTTP_LOCALHOST is `true` (local development, set by `npm start`).
 */
export function webhookUrlPolicy(env: { WEBHOOK_ALLOW_HTTP_LOCALHOST?: string }): WebhookUrlPolicy {
  return { allowHttpLocalhost: env.WEBHOOK_ALLOW_HTTP_LOCALHOST === "true" };
}
