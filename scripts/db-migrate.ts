// npm run db:migrate – applies pending migrations to the configured database, offline.
import { openDatabase, describeTarget } from "../lib/db/connect";
import { applyMigrations } from "../lib/db/schema-engine";
import { configuredTarget } from "../lib/db/target";
import { runScript } from "./run-script";

runScript(async () => {
  const target = configuredTarget();
  const db = await openDatabase(target, { forMigrations: true });
  try {
    const applied = await applyMigrations(db.adapterFactory);
    console.log(
      applied.length
        ? `Applied ${applied.length} migration(s) to ${describeTarget(target)}: ${applied.join(", ")}`
        : `${describeTarget(target)} is up to date.`,
    );
  } finally {
    await db.close();
  }
});
