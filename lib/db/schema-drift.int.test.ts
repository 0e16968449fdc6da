// Fails when prisma/schema.prisma and prisma/migrations disagree (there is no shadow database
// offline, so nothing else would notice): a database migrated from the folder must diff empty.
import { afterAll, beforeAll, expect, it } from "vitest";
import { connectDb } from "../db";
import { openDatabase, type OpenDatabase } from "./connect";
import { diffDatabaseToSchema, readMigrationsList } from "./schema-engine";

let migrationDb: OpenDatabase;
let closeMigrationDb = async () => {};

beforeAll(async () => {
  const { database } = await connectDb();
  // On PostgreSQL the schema engine needs its own connection (with the "char" type fix).
  if (database.target.kind === "postgres") {
    migrationDb = await openDatabase(database.target, { forMigrations: true });
    closeMigrationDb = migrationDb.close;
  } else {
    migrationDb = database;
  }
});

afterAll(() => closeMigrationDb());

it("the migrations produce exactly the schema", async () => {
  expect(readMigrationsList().migrationDirectories.length).toBeGreaterThan(0);
  const sql = await diffDatabaseToSchema(migrationDb.adapterFactory);
  expect(sql.replace(/^--.*$/gm, "").trim()).toBe("");
});

it("the check would notice a table the schema does not have", async () => {
  const { client } = await connectDb();
  await client.$executeRawUnsafe('CREATE TABLE "drift_probe" ("id" TEXT PRIMARY KEY)');
  try {
    expect(await diffDatabaseToSchema(migrationDb.adapterFactory)).toMatch(/DROP TABLE "drift_probe"/);
  } finally {
    await client.$executeRawUnsafe('DROP TABLE "drift_probe"');
  }
});
