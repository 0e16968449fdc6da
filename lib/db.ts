// The Prisma client: one per process, created lazily and kept on globalThis (Next may load this
// module twice in one process, and PGlite must never be opened twice on one folder).
// Secret columns are omitted by default; the few services that need one ask for it explicitly.
import type pg from "pg";
import { PrismaClient, type Prisma } from "./generated/prisma/client";
import { openDatabase, type OpenDatabase } from "./db/connect";
import { configuredTarget } from "./db/target";

// Inside $transaction the Tx type does not know about this omit (it still lists these fields), but
// at run time they are omitted there too: select or `omit: { field: false }` explicitly when needed.
// Every secret column (lib/db/omit-secrets.test.ts lists them from the schema and fails on a new one).
export const OMIT_SECRETS = {
  user: { passwordHash: true },
  byokKey: { secretCiphertext: true },
  provider: { apiKeyCiphertext: true },
  broadcastDestination: { secretsCiphertext: true },
  invitation: { tokenHash: true },
  passwordResetToken: { tokenHash: true },
  apiKey: { externalKeyHash: true },
} as const;

function createClient(adapter: OpenDatabase["adapterFactory"]) {
  return new PrismaClient({ adapter, omit: OMIT_SECRETS });
}

export type Db = ReturnType<typeof createClient>;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

type Holder = { client: Db; database: OpenDatabase };
const g = globalThis as unknown as { __tollgateDb?: Promise<Holder> };

/** Opens the database (taking the PGlite folder lock) if this process has not yet. */
export function connectDb(): Promise<Holder> {
  g.__tollgateDb ??= (async () => {
    const database = await openDatabase(configuredTarget());
    return { client: createClient(database.adapterFactory), database };
  })().catch((error) => {
    g.__tollgateDb = undefined;
    throw error;
  });
  return g.__tollgateDb;
}

export async function db(): Promise<Db> {
  return (await connectDb()).client;
}

/** Closes the client and the database cleanly (PGlite needs close(); $disconnect alone hangs). */
export async function closeDb(): Promise<void> {
  const pending = g.__tollgateDb;
  g.__tollgateDb = undefined;
  if (!pending) return;
  const { client, database } = await pending;
  await client.$disconnect();
  await database.close();
}

/** Tests and scripts that opened a database themselves install it here. */
export function useDatabase(database: OpenDatabase): Db {
  const client = createClient(database.adapterFactory);
  g.__tollgateDb = Promise.resolve({ client, database });
  return client;
}

/**
 * A query through the driver, without Prisma: rows come back as the driver decodes them (int8 as a
 * string with pg). Only for large reads where Prisma's per-value work dominates (the CSV export).
 */
export async function rawQuery<T>(query: Prisma.Sql): Promise<T[]> {
  return (await connectDb()).database.query<T>(query.text, query.values);
}

/** PostgreSQL: the pool for long-held connections (COPY exports; see OpenDatabase.pool), or null on PGlite. */
export async function postgresPool(): Promise<pg.Pool | null> {
  return (await connectDb()).database.pool ?? null;
}
