// The API document as a third party uses it: fetched from the running Worker,
// linted with Redocly's recommended rules, turned into types by
// openapi-typescript, and used through openapi-fetch by a client that must
// typecheck against those types and then talk to the real Worker.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import { startServer } from "./server.mjs";

// Inside the project, so the generated client resolves openapi-fetch from node_modules.
const WORK = fileURLToPath(new URL("../../node_modules/.cache/openapi-client/", import.meta.url));
const ENV = { ...process.env, NO_COLOR: "1" };

let server;
let document;

before(async () => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  server = await startServer();
  const response = await fetch(`${server.url}/api/openapi.json`);
  assert.equal(response.status, 200);
  document = await response.json();
  writeFileSync(join(WORK, "openapi.json"), JSON.stringify(document, null, 2));
});

after(() => server?.stop());

test("the document lints clean under Redocly's recommended rules", () => {
  const lint = spawnSync("npx", ["redocly", "lint", join(WORK, "openapi.json"), "--format=json"], {
    encoding: "utf8",
    env: ENV,
  });
  const report = JSON.parse(lint.stdout);
  const problems = report.problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message}`);
  assert.deepEqual(problems, []);
  assert.equal(lint.status, 0);
});

test("every operation has an operationId and declares its security", () => {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      assert.match(operation.operationId ?? "", /^[a-z][A-Za-z]+$/, `${method} ${path}`);
      assert.ok(Array.isArray(operation.security), `${method} ${path} declares security`);
    }
  }
});

test("a client generated from the document typechecks and works against the Worker", async () => {
  writeFileSync(join(WORK, "api.d.ts"), astToString(await openapiTS(document)));
  writeFileSync(
    join(WORK, "client.mts"),
    `import createClient from "openapi-fetch";
import type { paths } from "./api";

const client = createClient<paths>({ baseUrl: process.argv[2] });

const summary = await client.GET("/api/v2/summary.json", { params: { query: { lang: "en" } } });
if (!summary.data) throw new Error(\`summary: \${summary.response.status}\`);
// Typed fields: a wrong name here fails the typecheck, not just the run.
const indicator: "none" | "minor" | "major" | "critical" | "maintenance" = summary.data.status.indicator;
const componentIds: string[] = summary.data.components.filter((c) => !c.group).map((c) => c.id);

const report = await client.POST("/api/reports", {
  body: { component: componentIds[0]!, symptom: "system_busy", region: "ZJ" },
  params: { query: { lang: "en" } },
});
if (report.response.status !== 201 || !report.data) throw new Error(\`report: \${report.response.status}\`);
const verdictKind: string = report.data.verdict.kind;

const again = await client.GET("/api/reports/{id}", { params: { path: { id: report.data.id } } });
const refused = await client.POST("/api/reports", { body: { component: "no-such-component", symptom: "other" } });

console.log(
  JSON.stringify({
    page: summary.data.page.name,
    indicator,
    components: componentIds.length,
    reportId: report.data.id,
    verdictKind,
    againComponent: again.data?.component,
    refused: { status: refused.response.status, code: refused.error?.error.code },
  }),
);
`,
  );
  writeFileSync(
    join(WORK, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "ES2022",
        moduleResolution: "bundler",
        lib: ["ES2023", "DOM"],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ["node"],
      },
      include: ["client.mts", "api.d.ts"],
    }),
  );

  const typecheck = spawnSync("npx", ["tsc", "-p", join(WORK, "tsconfig.json")], { encoding: "utf8", env: ENV });
  assert.equal(typecheck.status, 0, typecheck.stdout + typecheck.stderr);

  const run = spawnSync("npx", ["tsx", join(WORK, "client.mts"), server.url], { encoding: "utf8", env: ENV });
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout.trim().split("\n").pop());
  assert.equal(result.page, "Huabei service status");
  assert.ok(["none", "minor", "major", "critical", "maintenance"].includes(result.indicator));
  assert.ok(result.components >= 1);
  assert.match(result.reportId, /^[0-9a-f-]{36}$/);
  assert.ok(["outage", "maintenance", "account_wave", "individual", "unconfirmed"].includes(result.verdictKind));
  assert.equal(typeof result.againComponent, "string");
  assert.deepEqual(result.refused, { status: 400, code: "unknown_component" });
});
