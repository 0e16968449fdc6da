// COPY takes no bind parameters, so a query streamed through it carries its values in its text.
// Only the value types our filters produce are written, each in one strict form; anything else throws.
import pg from "pg";
import type { Prisma } from "../generated/prisma/client";

export function sqlLiteral(value: unknown): string {
  if (value === null) return "NULL";
  if (typeof value === "string") {
    // PostgreSQL text cannot hold NUL, and the wire protocol would end the query text at one.
    if (value.includes("\0")) throw new TypeError("A SQL text value cannot contain NUL.");
    return pg.escapeLiteral(value);
  }
  if (value instanceof Date) return `'${value.toISOString()}'::timestamptz`; // RangeError if invalid
  if (typeof value === "bigint" || (typeof value === "number" && Number.isSafeInteger(value))) return `(${value})`;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  throw new TypeError(`No SQL literal for a value of type ${typeof value}.`);
}

/** The query's text with each $n placeholder replaced by its value as a literal. */
export function inlineSql(query: Prisma.Sql): string {
  const { text, values } = query;
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= values.length) throw new RangeError(`Placeholder $${n} has no value.`);
    return sqlLiteral(values[index]);
  });
}
