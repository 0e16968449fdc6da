// Every secret column of prisma/schema.prisma is omitted by the default client (OMIT_SECRETS in
// lib/db.ts): this reads the schema, so a new column named like a secret fails here until it is
// omitted or listed below with the reason it is not a secret.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OMIT_SECRETS } from "../db";

// Named like a secret, yet not one: why each may be read by default.
const NOT_SECRET: Record<string, string> = {
  "apiKey.hash": "the key's public identifier (OpenRouter's `hash`, in URLs and responses): a SHA-256 of a 128-bit+ random key",
};

const SECRET_NAME = /(hash|ciphertext|secret|password|token)/i;

/** `model.field` of every String column whose name says it holds a secret. */
function secretColumns(schema: string): string[] {
  const found: string[] = [];
  for (const [, model, body] of schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const key = model[0].toLowerCase() + model.slice(1);
    for (const line of body.split("\n")) {
      const m = /^\s+(\w+)\s+String\??(\s|$)/.exec(line);
      if (m && SECRET_NAME.test(m[1])) found.push(`${key}.${m[1]}`);
    }
  }
  return found;
}

describe("OMIT_SECRETS", () => {
  const schema = readFileSync(join(process.cwd(), "prisma/schema.prisma"), "utf8");
  const omitted = Object.entries(OMIT_SECRETS).flatMap(([model, fields]) => Object.keys(fields).map((f) => `${model}.${f}`));

  it("finds the secret columns in the schema (the scan itself works)", () => {
    expect(secretColumns(schema)).toEqual(expect.arrayContaining(["user.passwordHash", "byokKey.secretCiphertext", "provider.apiKeyCiphertext", "broadcastDestination.secretsCiphertext", "invitation.tokenHash"]));
  });

  it("omits every secret column, unless it is listed as not a secret with a reason", () => {
    const missing = secretColumns(schema).filter((c) => !omitted.includes(c) && !NOT_SECRET[c]);
    expect(missing, `add these to OMIT_SECRETS in lib/db.ts (and select them where needed): ${missing.join(", ")}`).toEqual([]);
  });

  it("omits only columns that exist", () => {
    const columns = secretColumns(schema);
    expect(omitted.filter((c) => !columns.includes(c))).toEqual([]);
    expect(Object.keys(NOT_SECRET).filter((c) => !columns.includes(c))).toEqual([]);
  });
});
