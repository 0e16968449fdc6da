// npm run db:migrate – applies pending migrations to the configured database, offline.
import { migrateConfiguredDatabase } from "../lib/db/migrate-configured";
import { runScript } from "./run-script";

runScript(async () => {
  await migrateConfiguredDatabase();
});
