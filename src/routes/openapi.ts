import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { VERDICT_KINDS } from "../domain/symptoms";
import type { AppEnv } from "../env";
import { escapeXml as esc } from "../lib/xml";
import { reportInputSchema } from "../schemas/report";
import { errorSchema } from "../schemas/statuspage";
import { adminRouter } from "./admin";
import { publicApiRouter } from "./public-api";
import { statuspageRouter } from "./statuspage";

/**
 * /api/openapi.json (OpenAPI 3.1) is generated from the same zod schemas the
 * handlers validate with; /api/docs renders it as one self-contained HTML
 * page (no CDN, no script), so the docs work offline and under a strict CSP.
 */
export const openapiRouter = new Hono<AppEnv>();

type Document = ReturnType<OpenAPIHono<AppEnv>["getOpenAPI31Document"]>;
let cached: Document | undefined;

/** Routes documented elsewhere than in an OpenAPIHono router: the report API, feeds and badges. */
function documentExtras(doc: OpenAPIHono<AppEnv>) {
  const json = (schema: z.ZodType) => ({ "application/json": { schema } });
  const reportAnswer = z.object({
    id: z.string(),
    component: z.string(),
    verdict: z.object({ kind: z.enum(VERDICT_KINDS), title: z.string(), advice: z.array(z.string()) }),
    reporters_last_15m: z.number().int(),
  });
  doc.openAPIRegistry.registerPath({
    method: "post",
    path: "/api/reports",
    tags: ["Reports"],
    summary: "Report a problem (JSON or an HTML form post); answers with a verdict",
    request: {
      body: {
        required: true,
        content: { ...json(reportInputSchema), "application/x-www-form-urlencoded": { schema: reportInputSchema } },
      },
    },
    responses: {
      201: { description: "Stored", content: json(reportAnswer) },
      200: { description: "Already stored under this Idempotency-Key: the same report", content: json(reportAnswer) },
      202: {
        description: "Accepted into the report queue (REPORT_INGEST=queue); stored within seconds under this id",
        content: json(reportAnswer.extend({ queued: z.literal(true) })),
      },
      400: { description: "Invalid field", content: json(errorSchema) },
      429: { description: "Too many reports from this reporter (Retry-After)", content: json(errorSchema) },
      413: { description: "Body over 8 KB", content: json(errorSchema) },
      415: { description: "Not JSON or a form", content: json(errorSchema) },
      503: { description: "Storage unavailable, retry (Retry-After)", content: json(errorSchema) },
    },
  });
  const text = (type: string) => ({ [type]: { schema: z.string() } });
  for (const [path, type, summary] of [
    ["/history.atom", "application/atom+xml", "Incident and maintenance history (Atom)"],
    ["/history.rss", "application/rss+xml", "Incident and maintenance history (RSS 2.0)"],
    ["/badge.svg", "image/svg+xml", "Overall status badge (?lang=en|zh-CN)"],
    ["/badge/{component}.svg", "image/svg+xml", "A component's status badge"],
  ] as const) {
    const params = path.includes("{component}")
      ? { params: z.object({ component: z.string().openapi({ param: { name: "component", in: "path" } }) }) }
      : {};
    doc.openAPIRegistry.registerPath({
      method: "get",
      path,
      tags: ["Feeds and badges"],
      summary,
      request: params,
      responses: { 200: { description: "OK", content: text(type) } },
    });
  }
}

export function openApiDocument(): Document {
  if (cached) return cached;
  const doc = new OpenAPIHono<AppEnv>();
  doc.route("/", statuspageRouter);
  doc.route("/", publicApiRouter);
  doc.route("/", adminRouter);
  documentExtras(doc);
  doc.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "The ADMIN_TOKEN secret. Without it configured, /api/admin answers 404 admin_disabled.",
  });
  cached = doc.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "paystatus API",
      version: "1.0.0",
      description:
        "A Statuspage v2-compatible public status API (/api/v2/*), the report API, feeds and badges, and the admin API (bearer token). Errors are always `{ error: { code, message, field? } }`.",
    },
  });
  return cached;
}

openapiRouter.get("/api/openapi.json", cors({ origin: "*" }), (c) => {
  c.header("Cache-Control", "public, max-age=300");
  return c.json(openApiDocument());
});

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
      const html = `<section class="op"><h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code>${op.security ? ' <span class="auth">bearer</span>' : ""}</h3><p>${esc(op.summary ?? "")}</p>${op.description ? `<p>${esc(op.description)}</p>` : ""}${body ? `<h4>Body</h4><ul>${body}</ul>` : ""}<h4>Responses</h4><ul>${responses}</ul></section>`;
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
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(doc.info.title)} reference</title><style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f6f8fa;padding:.75rem;overflow:auto}
.op{border:1px solid #ddd;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}.m{display:inline-block;min-width:4rem;text-align:center;border-radius:4px;color:#fff;padding:0 .4rem;font-size:13px}
.get{background:#2b7bb9}.post{background:#2e8b57}.patch{background:#b8860b}.delete{background:#b22222}.auth{font-size:12px;color:#b22222;border:1px solid;border-radius:4px;padding:0 .3rem}h4{margin:.5rem 0 0}
</style></head><body><h1>${esc(doc.info.title)}</h1><p>${esc(doc.info.description ?? "")}</p><p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${esc(doc.openapi)}).</p><ul>${toc}<li><a href="#schemas">Schemas</a></li></ul>${sections}<h2 id="schemas">Schemas</h2>${schemas}</body></html>`;
}

openapiRouter.get("/api/docs", (c) => {
  c.header("Cache-Control", "public, max-age=300");
  c.header(
    "Content-Security-Policy",
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
  );
  return c.html(renderDocs(openApiDocument()));
});
