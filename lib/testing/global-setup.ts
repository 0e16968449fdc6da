import { rmSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { buildTemplate, postgresUrl } from "./test-database";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

export default async function globalSetup(project: TestProject) {
  const started = Date.now();
  const template = await buildTemplate();
  project.provide("pgliteTemplate", template ?? "");
  console.log(`[integration] database: ${postgresUrl() ? "PostgreSQL" : "PGlite"}; template ready in ${Date.now() - started} ms`);
  return () => {
    if (template) rmSync(template, { force: true });
  };
}
