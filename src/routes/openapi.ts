import type { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import { cors } from "hono/cors";
import type { AppEnv } from "../http/context";
import { escapeXml as esc } from "../lib/xml";

/**
 * /api/openapi.json (OpenAPI 3.1) is generated from the route declarations
 * themselves (createRoute + app.openapi): the same zod schemas validate the
 * requests. /api/docs renders it as one self-contained HTML page (no CDN, no
 * script), so the docs work offline and under a strict CSP.
 */
type Document = ReturnType<OpenAPIHono<AppEnv>["getOpenAPI31Document"]>;

const TAGS = [
  {
    name: "Status API (Statuspage v2)",
    description: "The Atlassian Statuspage v2 public API: same paths, fields and enums.",
  },
  { name: "Status API (our own)", description: "Per-component data Statuspage has not got." },
  { name: "Reports", description: "Report a problem and get a verdict; report statistics." },
  {
    name: "Subscriptions",
    description: "Be told of incidents, maintenance and recoveries: e-mail, Web Push, chat robots.",
  },
  { name: "Feeds and badges", description: "Atom and RSS history feeds, SVG status badges." },
  { name: "Probe agents", description: "For probe agents running elsewhere: fetch probes, push results." },
  { name: "Admin: incidents", description: "Declare and update incidents; review detected ones." },
  { name: "Admin: maintenance", description: "Schedule, update and cancel maintenance." },
  { name: "Admin: components", description: "Components and component groups." },
  { name: "Admin: webhooks", description: "Webhook endpoints and their delivery log." },
  { name: "Admin: probes", description: "Probes and probe-agent tokens." },
  { name: "Admin: reports", description: "Export and import reports as NDJSON." },
  { name: "Admin: subscribers", description: "How many subscribe, per channel: counts only, never addresses." },
];

const documents = new WeakMap<OpenAPIHono<AppEnv>, Document>();

/** The document of every route the app declares, made once per app. */
export function openApiDocument(app: OpenAPIHono<AppEnv>): Document {
  let doc = documents.get(app);
  if (doc) return doc;
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "The ADMIN_TOKEN secret. Without it configured, /api/admin answers 404 admin_disabled.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "probeAgentAuth", {
    type: "http",
    scheme: "bearer",
    description: "A probe agent's token, created with POST /api/admin/probe-agents.",
  });
  doc = app.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "paystatus API",
      version: "1.0.0",
      license: { name: "MIT", url: "https://opensource.org/license/mit" },
      description: [
        "A Statuspage v2-compatible public status API (/api/v2/*), the report API, feeds and badges,",
        "and the admin API (bearer token). Errors are always `{ error: { code, message, field? } }`.",
      ].join(" "),
    },
    servers: [{ url: "/", description: "This deployment" }],
    tags: TAGS,
  });
  documents.set(app, doc);
  return doc;
}

/** /openapi.json and /docs, mounted at /api; the document comes from the app that mounts them. */
export function apiDocsRouter(documentOf: () => Document) {
  const router = new Hono<AppEnv>();
  router.get("/openapi.json", cors({ origin: "*" }), (c) => {
    c.header("Cache-Control", "public, max-age=300");
    return c.json(documentOf());
  });
  router.get("/docs", (c) => {
    c.header("Cache-Control", "public, max-age=300");
    c.header(
      "Content-Security-Policy",
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
    );
    return c.html(renderDocs(documentOf()));
  });
  return router;
}

type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
};

function schemaLink(schema: unknown): string {
  const ref = (schema as { $ref?: string } | undefined)?.$ref;
  if (ref) {
    const name = ref.split("/").pop()!;
    return `<a href="#schema-${esc(name)}">${esc(name)}</a>`;
  }
  return schema ? `<code>${esc(JSON.stringify(schema))}</code>` : "";
}

/** The reference page: every operation grouped by tag, then every schema as JSON. */
function renderDocs(doc: Document): string {
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      const tag = op.tags?.[0] ?? "Other";
      const body = Object.entries(op.requestBody?.content ?? {})
        .map(([type, media]) => `<li>${esc(type)}: ${schemaLink(media.schema)}</li>`)
        .join("");
      const responses = Object.entries(op.responses ?? {})
        .map(
          ([status, r]) =>
            `<li><b>${esc(status)}</b> ${esc(r.description ?? "")} ${Object.values(r.content ?? {})
              .map((m) => schemaLink(m.schema))
              .join(" ")}</li>`,
        )
        .join("");
      const auth = op.security?.length ? ' <span class="auth">token</span>' : "";
      const html = [
        `<section class="op"><h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span>`,
        ` <code>${esc(path)}</code>${auth}</h3>`,
        `<p>${esc(op.summary ?? "")}</p>`,
        op.description ? `<p>${esc(op.description)}</p>` : "",
        body ? `<h4>Body</h4><ul>${body}</ul>` : "",
        `<h4>Responses</h4><ul>${responses}</ul></section>`,
      ].join("");
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  const schemas = Object.entries(doc.components?.schemas ?? {})
    .map(
      ([name, schema]) =>
        `<section id="schema-${esc(name)}"><h3>${esc(name)}</h3><pre>${esc(JSON.stringify(schema, null, 2))}</pre></section>`,
    )
    .join("");
  const toc = [...byTag.keys()]
    .map((tag) => `<li><a href="#tag-${esc(tag.replace(/\W+/g, "-"))}">${esc(tag)}</a></li>`)
    .join("");
  const sections = [...byTag.entries()]
    .map(([tag, ops]) => `<h2 id="tag-${esc(tag.replace(/\W+/g, "-"))}">${esc(tag)}</h2>${ops.join("")}`)
    .join("");
  const title = esc(doc.info.title);
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title} reference</title><style>${DOCS_CSS}</style></head><body>`,
    `<h1>${title}</h1><p>${esc(doc.info.description ?? "")}</p>`,
    `<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${esc(doc.openapi)}).</p>`,
    `<ul>${toc}<li><a href="#schemas">Schemas</a></li></ul>${sections}`,
    `<h2 id="schemas">Schemas</h2>${schemas}</body></html>`,
  ].join("");
}

const DOCS_CSS = [
  "body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}",
  "code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f6f8fa;padding:.75rem;overflow:auto}",
  ".op{border:1px solid #ddd;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}",
  ".m{display:inline-block;min-width:4rem;text-align:center;border-radius:4px;color:#fff;padding:0 .4rem;font-size:13px}",
  ".get{background:#2b7bb9}.post{background:#2e8b57}.patch{background:#b8860b}.delete{background:#b22222}",
  ".auth{font-size:12px;color:#b22222;border:1px solid;border-radius:4px;padding:0 .3rem}h4{margin:.5rem 0 0}",
].join("\n");
