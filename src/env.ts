import type { NewReport } from "./domain/report";

/** Bindings and variables the Worker receives (wrangler.toml, secrets, .dev.vars). */
export interface Env {
  DB: D1Database;
  ASSETS?: Fetcher;
  /** HMAC key for reporter fingerprints and network hashes (secret); reports are refused without it. */
  FINGERPRINT_SECRET?: string;
  /** Bearer token for the admin API (secret); the admin API is off when unset. */
  ADMIN_TOKEN?: string;
  /** The default service, served at `/` (default `huabei`); every enabled service is also at `/s/{id}/`. */
  SERVICE_ID?: string;
  /** JSON overrides of the default service's configuration (ServiceOverrides, src/config/schema.ts); checked, never ignored. */
  SERVICE_CONFIG?: string;
  /** `host=service` pairs (spaces or commas between): a host name that serves one service at its root. */
  SERVICE_HOSTS?: string;
  DEFAULT_LOCALE?: string;
  /** The default service's time zone (overrides its configuration). */
  TIME_ZONE?: string;
  PROBE_RETENTION_DAYS?: string;
  REPORT_RETENTION_DAYS?: string;
  /** Workers Rate Limiting binding for reports (production); the D1 fallback applies when unbound. */
  REPORT_RATE_LIMITER?: RateLimit;
  /** D1 fallback policy per network, `N/SECONDS` (default `20/600`). */
  REPORT_RATE_LIMIT?: string;
  /** Distinct reporters one network may contribute per component within 30 minutes (default 2). */
  NETWORK_REPORTER_CAP?: string;
  /** Sites (origins, space-separated) whose pages may post reports, e.g. a partner embedding the form. */
  ALLOWED_REPORT_ORIGINS?: string;
  /** Seconds public pages and API answers stay in the edge cache (default 30; 0 turns it off). */
  EDGE_CACHE_TTL?: string;
  /** Seconds between reloads of a verdict page while something is open (2 to 60, default 60). */
  VERDICT_REFRESH_SECONDS?: string;
  /** Origins allowed to embed the pages in a frame (space-separated); none when unset. */
  FRAME_ANCESTORS?: string;
  /** JSON array of probe definitions replacing the default probes (see docs/probes.md). */
  PROBES_CONFIG?: string;
  /**
   * `queue` sends each accepted report to REPORT_QUEUE and answers at once; the
   * queue consumer writes them to D1 in batches. Anything else (the default):
   * each request writes its report to D1 itself.
   */
  REPORT_INGEST?: string;
  /** Producer binding of the report queue (`[[queues.producers]]` in wrangler.toml). */
  REPORT_QUEUE?: Queue<NewReport>;
  /**
   * `true` only in local development (`npm start` sets it): webhooks may then go to
   * http(s)://localhost, 127.0.0.1 or [::1]. Never set it on a deployed Worker.
   */
  WEBHOOK_ALLOW_HTTP_LOCALHOST?: string;
  /**
   * Web Push (optional; all three, or none). VAPID_PUBLIC_KEY: base64url uncompressed P-256 point, the
   * browsers' applicationServerKey. VAPID_PRIVATE_KEY (secret): its private key, base64url (or as a JWK).
   * VAPID_SUBJECT: `mailto:` or `https:` contact for push services. `node scripts/vapid-keys.mjs` prints a pair.
   */
  VAPID_PUBLIC_KEY?: string;
  VAPID_PRIVATE_KEY?: string;
  VAPID_SUBJECT?: string;
  /**
   * Producer binding of the notification queue (`[[queues.producers]]` in wrangler.toml): every change
   * that subscribers hear of goes through it (src/notify). Unbound: nobody is notified.
   * Its messages are src/notify/messages.ts `NotifyMessage`s.
   */
  NOTIFY_QUEUE?: Queue;
  /** Notifications one subscriber gets per hour at most (default 6); a notice that something is resolved still goes. */
  NOTIFY_MAX_PER_HOUR?: string;
  /** Public base URL of the page (for links in the API and feeds); defaults to the request's origin. */
  PUBLIC_URL?: string;
  /**
   * Subscription e-mail (src/notify/email/senders.ts) goes out through the first one set:
   * this `send_email` binding (`[[send_email]]` in wrangler.toml), else SMTP (SMTP_HOST),
   * else it is kept in D1 (`email_outbox`) for the admin console.
   */
  SEND_EMAIL?: SendEmail;
  /** SMTP server host name; setting it turns SMTP on (every SMTP_* setting is then checked). */
  SMTP_HOST?: string;
  /** Default 465 with SMTP_SECURE=tls, 587 with starttls, 25 with none. */
  SMTP_PORT?: string;
  /** `tls` (TLS from the start), `starttls` (upgrade) or `none` (private relays only); default tls on port 465, else starttls. */
  SMTP_SECURE?: string;
  /** SMTP AUTH user; with SMTP_PASSWORD, or neither for a server without AUTH. */
  SMTP_USER?: string;
  /** SMTP AUTH password (secret: `wrangler secret put SMTP_PASSWORD`). */
  SMTP_PASSWORD?: string;
  /** Sender of subscription e-mail, e.g. `花呗状态 <status@example.com>`; required with SEND_EMAIL or SMTP_HOST. */
  MAIL_FROM?: string;
}
