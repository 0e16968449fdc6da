import { env } from "../env";
import type { DatabaseTarget } from "./connect";

/** The database this process is configured for: PostgreSQL if DATABASE_URL is set, else embedded PGlite. */
export function configuredTarget(): DatabaseTarget {
  const e = env();
  return e.DATABASE_URL ? { kind: "postgres", url: e.DATABASE_URL } : { kind: "pglite", dataDir: e.dataDir };
}
