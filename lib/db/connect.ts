// Opens the configured database as a Prisma driver-adapter factory: embedded PGlite in the data
// folder by default, PostgreSQL when DATABASE_URL is set. Used by the app (lib/db.ts), the
// migration and seed scripts, and the integration tests.
import { join } from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPg } from "@prisma/adapter-pg";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import pg from "pg";
import { acquireDataDirLock } from "./pglite-lock";

export type DatabaseTarget = { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string };

export type OpenDatabase = {
  target: DatabaseTarget;
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** The driver itself, past Prisma: for the few reads whose rows are too big for its per-value work (exports). */
  query: <T>(sql: string, params: unknown[]) => Promise<T[]>;
  /**
   * PostgreSQL only: a pool of its own (at most 3 connections) for what holds a connection for long
   * (COPY in the CSV export), so that downloads never take the connections of the request path and
   * the metering batch; a fourth export at once waits for one of the three.
   */
  pool?: pg.Pool;
  close: () => Promise<void>;
};

export function describeTarget(target: DatabaseTarget): string {
  return target.kind === "pglite"
    ? `embedded PGlite in ${target.dataDir}/pglite`
    : `PostgreSQL at ${target.url.replace(/\/\/[^@/]*@/, "//***@")}`;
}

export async function openDatabase(
  target: DatabaseTarget,
  options: { forMigrations?: boolean } = {},
): Promise<OpenDatabase> {
  if (target.kind === "pglite") {
    const release = acquireDataDirLock(target.dataDir);
    try {
      const client = await PGlite.create(join(target.dataDir, "pglite"));
      return {
        target,
        adapterFactory: new PrismaPGlite(client),
        query: async <T>(sql: string, params: unknown[]) => (await client.query<T>(sql, params)).rows,
        close: async () => {
          try {
            await client.close();
          } finally {
            release();
          }
        },
      };
    } catch (error) {
      release();
      throw error;
    }
  }
  const pool = new pg.Pool({ connectionString: target.url, max: options.forMigrations ? 2 : 10 });
  if (options.forMigrations) patchCharOid(pool);
  const streams = new pg.Pool({ connectionString: target.url, max: 3 }); // connects on first use only
  // An idle connection the server closes (a restart, pg_terminate_backend, a dropped database, the
  // network) emits 'error' on its pool; unhandled, that would end the process. The pool replaces it.
  for (const p of [pool, streams]) p.on("error", (error) => console.warn(`[db] an idle PostgreSQL connection was closed: ${error.message}`));
  return {
    target,
    adapterFactory: new PrismaPg(pool),
    query: async <T>(sql: string, params: unknown[]) => (await pool.query(sql, params)).rows as T[],
    pool: streams,
    close: async () => {
      await Promise.all([pool.end(), streams.end()]);
    },
  };
}

// @prisma/adapter-pg cannot decode PostgreSQL's internal type "char" (OID 18), which the schema
// engine's catalog queries return. Inside migrations only, report it as text (OID 25).
function patchCharOid(pool: pg.Pool) {
  const fix = (result: pg.QueryResult | undefined) => {
    for (const field of result?.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
    return result;
  };
  pool.on("connect", (client) => {
    const original = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
      const last = args[args.length - 1];
      if (typeof last === "function") {
        args[args.length - 1] = (err: unknown, res: pg.QueryResult) => last(err, fix(res));
        return original(...args);
      }
      const ret = original(...args) as Promise<pg.QueryResult> | undefined;
      return ret && typeof ret.then === "function" ? ret.then(fix) : ret;
    };
  });
}
