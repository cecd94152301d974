import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

/**
 * The byte size of every stylesheet and script in public/ (served as static
 * assets before the Worker, so the Worker under test cannot serve them): the
 * page-weight checks add them to a page's HTML, as a browser would load them.
 * Read in Node, handed to the tests with `inject("publicAssetBytes")`.
 */
export default function setup(project: TestProject): void {
  const sizes: Record<string, number> = {};
  for (const name of readdirSync("public")) {
    if (/\.(css|js)$/.test(name)) sizes[`/${name}`] = statSync(join("public", name)).size;
  }
  project.provide("publicAssetBytes", sizes);
}

declare module "vitest" {
  export interface ProvidedContext {
    publicAssetBytes: Record<string, number>;
  }
}
