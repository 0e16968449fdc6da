import { describe, expect, it } from "vitest";
import { Prisma } from "../generated/prisma/client";
import { inlineSql, sqlLiteral } from "./sql-literal";

describe("sqlLiteral", () => {
  it("quotes texts (doubling quotes; backslashes in an E'' string), dates as UTC timestamptz, integers, booleans and NULL", () => {
    expect(sqlLiteral("bob")).toBe("'bob'");
    expect(sqlLiteral("o'brien' OR '1'='1")).toBe("'o''brien'' OR ''1''=''1'");
    expect(sqlLiteral("a\\' OR true --")).toBe(" E'a\\\\'' OR true --'");
    expect(sqlLiteral(new Date("2026-02-01T10:00:00Z"))).toBe("'2026-02-01T10:00:00.000Z'::timestamptz");
    expect(sqlLiteral(42)).toBe("(42)");
    expect(sqlLiteral(-7n)).toBe("(-7)");
    expect(sqlLiteral(true)).toBe("TRUE");
    expect(sqlLiteral(null)).toBe("NULL");
  });

  it("refuses what it has no strict form for: NUL in a text, an invalid date, fractions, objects", () => {
    expect(() => sqlLiteral("a\0b")).toThrow(TypeError);
    expect(() => sqlLiteral(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => sqlLiteral(1.5)).toThrow(TypeError);
    expect(() => sqlLiteral(Number.NaN)).toThrow(TypeError);
    expect(() => sqlLiteral({ toString: () => "1" })).toThrow(TypeError);
    expect(() => sqlLiteral(undefined)).toThrow(TypeError);
  });
});

describe("inlineSql", () => {
  it("replaces every placeholder with its own value ($1 is not the start of $10)", () => {
    const values = Array.from({ length: 11 }, (_, i) => `v${i + 1}`);
    const query = Prisma.sql`SELECT ${Prisma.join(values.map((v) => Prisma.sql`${v}`), ", ")}`;
    expect(inlineSql(query)).toBe(`SELECT ${values.map((v) => `'${v}'`).join(", ")}`);
    expect(inlineSql(Prisma.sql`WHERE g.model = ${"it's"} AND g.created_at < ${new Date(0)}`)).toBe(
      "WHERE g.model = 'it''s' AND g.created_at < '1970-01-01T00:00:00.000Z'::timestamptz",
    );
  });
});
