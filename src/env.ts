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
  /**
   * The static mirror (src/mirror, README "Visitors in mainland China"): an R2 bucket and/or an
   * S3-compatible bucket (Aliyun OSS, Tencent COS, MinIO…) that receives the public pages, the
   * Statuspage JSON, the feeds and the badges as files. Needs PUBLIC_URL (the live origin the
   * mirrored pages link back to). Nothing is mirrored when neither target is configured.
   */
  MIRROR_BUCKET?: R2Bucket;
  /** S3-compatible endpoint, an origin such as `https://oss-cn-hangzhou.aliyuncs.com` (https, or http for a loopback host). */
  MIRROR_S3_ENDPOINT?: string;
  MIRROR_S3_BUCKET?: string;
  /** The signing region (SigV4), e.g. `oss-cn-hangzhou`, `ap-guangzhou`, `us-east-1` for MinIO, `auto` for R2. */
  MIRROR_S3_REGION?: string;
  /** Access key (secret). */
  MIRROR_S3_ACCESS_KEY_ID?: string;
  /** Secret key (secret). */
  MIRROR_S3_SECRET_ACCESS_KEY?: string;
  /** Folder in the bucket the files go under, e.g. `status/` (none by default). */
  MIRROR_S3_PREFIX?: string;
  /** `true`: path-style URLs (`endpoint/bucket/key`, MinIO); default `false`: virtual-hosted (`bucket.endpoint/key`, OSS, COS). */
  MIRROR_S3_PATH_STYLE?: string;
  /** Minutes after which the mirror is rendered again even without a status change (default 5, 1 to 1440). */
  MIRROR_INTERVAL_MINUTES?: string;
}
