import { openDatabase, describeTarget } from "./connect";
import { applyMigrations } from "./schema-engine";
import { configuredTarget } from "./target";

/** Applies pending migrations to the configured database and reports what it did. */
export async function migrateConfiguredDatabase(log: (line: string) => void = console.log): Promise<string[]> {
  const target = configuredTarget();
  const database = await openDatabase(target, { forMigrations: true });
  try {
    const applied = await applyMigrations(database.adapterFactory);
    log(
      applied.length
        ? `Applied ${applied.length} migration(s) to ${describeTarget(target)}: ${applied.join(", ")}`
        : `${describeTarget(target)} is up to date.`,
    );
    return applied;
  } finally {
    await database.close();
  }
}
