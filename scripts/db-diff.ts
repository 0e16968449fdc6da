// npm run db:diff -- <name> – writes a new migration with the SQL that brings a database migrated to
// the current migrations folder up to prisma/schema.prisma. Runs on a throwaway in-memory PGlite,
// so it needs neither a server nor the app's data folder.
import { mkdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { applyMigrations, diffDatabaseToSchema, MIGRATIONS_DIR } from "../lib/db/schema-engine";
import { runScript } from "./run-script";

runScript(async () => {
  const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
  if (!name) throw new Error("Usage: npm run db:diff -- <migration_name>");
  const client = await PGlite.create();
  try {
    const factory = new PrismaPGlite(client);
    await applyMigrations(factory);
    const sql = await diffDatabaseToSchema(factory);
    if (!sql || /^-- This is an empty migration/.test(sql)) {
      console.log("The schema and the migrations agree: nothing to write.");
      return;
    }
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = join(MIGRATIONS_DIR, `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "migration.sql"), sql + "\n");
    const lock = join(MIGRATIONS_DIR, "migration_lock.toml");
    if (!existsSync(lock)) writeFileSync(lock, 'provider = "postgresql"\n');
    console.log(`Wrote ${dir}/migration.sql`);
  } finally {
    await client.close();
  }
});
