// Prisma CLI configuration. The CLI is used offline only for `generate` (see scripts/prisma-generate.mjs);
// migrations run through the WebAssembly schema engine in lib/db/migrate.ts.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
