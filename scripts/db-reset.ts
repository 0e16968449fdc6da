// npm run db:reset – deletes every row and re-applies the migrations. Asks nothing: it is for
// development and tests. For the embedded database the server must be stopped (the lock enforces it).
import { rmSync } from "node:fs";
import { join } from "node:path";
import { openDatabase } from "../lib/db/connect";
import { migrateConfiguredDatabase } from "../lib/db/migrate-configured";
import { configuredTarget } from "../lib/db/target";
import { acquireDataDirLock } from "../lib/db/pglite-lock";
import { runScript } from "./run-script";

runScript(async () => {
  const target = configuredTarget();
  if (target.kind === "pglite") {
    const release = acquireDataDirLock(target.dataDir);
    rmSync(join(target.dataDir, "pglite"), { recursive: true, force: true });
    release();
  } else {
    const database = await openDatabase(target);
    const connection = await database.adapterFactory.connect();
    await connection.executeScript('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
    await connection.dispose();
    await database.close();
  }
  console.log("Database emptied.");
  await migrateConfiguredDatabase();
});
