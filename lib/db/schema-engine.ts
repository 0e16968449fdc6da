// Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm), driven through a
// driver adapter. Prisma's CLI would download a native binary for `migrate`, which is impossible
// offline; this runs the same engine in-process. Migrations are the standard folder
// (prisma/migrations/<stamp>_<name>/migration.sql) and are recorded in `_prisma_migrations`,
// so `prisma migrate deploy` on a connected machine reads the same history.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

type SchemaEngine = import("@prisma/schema-engine-wasm").SchemaEngine;
type EngineModule = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

const PROJECT_ROOT = process.env.TOLLGATE_ROOT ?? process.cwd();
export const SCHEMA_PATH = resolve(PROJECT_ROOT, "prisma/schema.prisma");
export const MIGRATIONS_DIR = resolve(PROJECT_ROOT, "prisma/migrations");
const FILTERS = { externalTables: [], externalEnums: [] };

const g = globalThis as unknown as { __tollgateSchemaEngineModule?: Promise<EngineModule> };

// The WASM module may be instantiated once per process: a second instantiation crashes
// ("FnOnce called more than once"), so the module is cached on globalThis.
function loadEngineModule(): Promise<EngineModule> {
  g.__tollgateSchemaEngineModule ??= (async () => {
    const require = createRequire(import.meta.url);
    const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bg = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as EngineModule & Record<string, unknown>;
    const bytes = readFileSync(join(dirname(bgPath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg as never });
    (bg as unknown as { __wbg_set_wasm(w: unknown): void }).__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
    return bg;
  })();
  return g.__tollgateSchemaEngineModule;
}

async function withEngine<T>(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const mod = await loadEngineModule();
  const log = (message: string) => {
    if (process.env.TOLLGATE_DEBUG_MIGRATIONS) console.error("[schema-engine]", message);
  };
  const engine = (await mod.SchemaEngine.new(
    { datamodels: undefined },
    log,
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  )) as SchemaEngine;
  try {
    return await fn(engine);
  } finally {
    engine.free();
  }
}

export function readMigrationsList() {
  const lockPath = join(MIGRATIONS_DIR, "migration_lock.toml");
  const directories = existsSync(MIGRATIONS_DIR)
    ? readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(join(MIGRATIONS_DIR, d.name, "migration.sql")))
        .map((d) => d.name)
        .sort()
    : [];
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: directories.map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok" as const, value: readFileSync(join(MIGRATIONS_DIR, name, "migration.sql"), "utf8") },
      },
    })),
  };
}

function schemaFiles() {
  return [{ path: SCHEMA_PATH, content: readFileSync(SCHEMA_PATH, "utf8") }];
}

/** Applies every migration not yet recorded in `_prisma_migrations`. Returns the names applied. */
export async function applyMigrations(adapterFactory: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  return withEngine(adapterFactory, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList: readMigrationsList(), filters: FILTERS });
    return out.appliedMigrationNames;
  });
}

/**
 * SQL that would bring the connected database to the state of prisma/schema.prisma.
 * Empty when they agree: the drift test and `npm run db:diff` both use it.
 */
export async function diffDatabaseToSchema(adapterFactory: SqlMigrationAwareDriverAdapterFactory): Promise<string> {
  return withEngine(adapterFactory, async (engine) => {
    const result = await engine.diff({
      from: { tag: "schemaDatasource", files: schemaFiles(), configDir: PROJECT_ROOT },
      to: { tag: "schemaDatamodel", files: schemaFiles() },
      script: true,
      exitCode: true,
      filters: FILTERS,
    });
    return (result.stdout ?? "").trim();
  });
}
