// Runs `prisma generate` offline. Prisma's CLI only checks that a schema-engine binary exists
// (it never runs it for generate), and downloading one is impossible here, so point it at a stub
// that explains itself. Migrations use the WebAssembly engine instead (lib/db/migrate.ts).
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const stubDir = join(process.cwd(), "node_modules", ".cache", "tollgate");
const stub = join(stubDir, "schema-engine-stub.sh");
if (!existsSync(stub)) {
  mkdirSync(stubDir, { recursive: true });
  writeFileSync(stub, '#!/bin/sh\necho "Tollgate: the native schema engine is not used; run npm run db:migrate" >&2\nexit 1\n');
  chmodSync(stub, 0o755);
}
const result = spawnSync(process.execPath, [join("node_modules", "prisma", "build", "index.js"), "generate"], {
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: stub,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});
process.exit(result.status ?? 1);
