// Databases for integration tests. Each test file gets its own fresh, migrated database:
// - PGlite (default): a migrated template is built once per run (global setup) and loaded per file;
// - PostgreSQL (TEST_DATABASE_URL=postgresql://…/postgres): a template database is migrated once,
//   and each file gets CREATE DATABASE … TEMPLATE it.
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import pg from "pg";
import { openDatabase, type OpenDatabase } from "../db/connect";
import { applyMigrations } from "../db/schema-engine";

export const PG_TEMPLATE_DB = "tollgate_test_template";

export function postgresUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Global setup: builds the migrated template. Returns the PGlite template path, if any. */
export async function buildTemplate(): Promise<string | undefined> {
  const url = postgresUrl();
  if (url) {
    await admin(url, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${PG_TEMPLATE_DB} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${PG_TEMPLATE_DB}`);
    });
    const database = await openDatabase({ kind: "postgres", url: withDatabase(url, PG_TEMPLATE_DB) }, { forMigrations: true });
    try {
      await applyMigrations(database.adapterFactory);
    } finally {
      await database.close();
    }
    return undefined;
  }
  const client = await PGlite.create();
  try {
    await applyMigrations(new PrismaPGlite(client));
    const dump = await client.dumpDataDir("gzip");
    const file = join(tmpdir(), `tollgate-test-template-${randomBytes(6).toString("hex")}.tar.gz`);
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    return file;
  } finally {
    await client.close();
  }
}

/** A fresh migrated database for one test file. */
export async function createTestDatabase(templateFile?: string): Promise<OpenDatabase> {
  const url = postgresUrl();
  if (url) {
    const name = `tollgate_test_${randomBytes(6).toString("hex")}`;
    await admin(url, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${PG_TEMPLATE_DB}`));
    const database = await openDatabase({ kind: "postgres", url: withDatabase(url, name) });
    return {
      ...database,
      close: async () => {
        await database.close();
        await admin(url, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      },
    };
  }
  if (!templateFile) throw new Error("The integration global setup did not build a PGlite template.");
  const client = await PGlite.create({ loadDataDir: new Blob([readFileSync(templateFile)]) });
  return {
    target: { kind: "pglite", dataDir: "memory://" },
    adapterFactory: new PrismaPGlite(client),
    query: async <T>(sql: string, params: unknown[]) => (await client.query<T>(sql, params)).rows,
    close: () => client.close(),
  };
}

