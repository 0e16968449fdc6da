import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, loadOrCreateSecrets, parseEnv } from "./env";

describe("environment parsing", () => {
  it("needs nothing for the embedded default", () => {
    const env = parseEnv({});
    expect(env.TOLLGATE_DATA_DIR).toBe("./data");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.SIGN_IN_MAX_FAILURES).toBe(5);
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", OIDC_ISSUER: "" }).DATABASE_URL).toBeUndefined();
  });

  it("accepts a PostgreSQL URL and coerces numbers", () => {
    const env = parseEnv({ DATABASE_URL: "postgresql://u:p@localhost:5432/db", SIGN_IN_MAX_FAILURES: "3" });
    expect(env.DATABASE_URL).toBe("postgresql://u:p@localhost:5432/db");
    expect(env.SIGN_IN_MAX_FAILURES).toBe(3);
  });

  it("fails fast naming the bad variable", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(EnvError);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must be a postgresql:\/\/ URL/);
    expect(() => parseEnv({ NEXTAUTH_SECRET: "short" })).toThrow(/NEXTAUTH_SECRET/);
    expect(() => parseEnv({ TOLLGATE_ENCRYPTION_KEY: "zz" })).toThrow(/TOLLGATE_ENCRYPTION_KEY/);
    expect(() => parseEnv({ SIGN_IN_MAX_FAILURES: "0" })).toThrow(/SIGN_IN_MAX_FAILURES/);
  });

  it("requires all three OIDC variables together", () => {
    expect(() => parseEnv({ OIDC_ISSUER: "https://idp.example.com" })).toThrow(/OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/);
    const env = parseEnv({ OIDC_ISSUER: "https://idp.example.com", OIDC_CLIENT_ID: "id", OIDC_CLIENT_SECRET: "s" });
    expect(env.OIDC_NAME).toBe("SSO");
  });

  it("generates secrets once, private to the owner, and keeps them", () => {
    const dir = mkdtempSync(join(tmpdir(), "tollgate-env-"));
    const first = loadOrCreateSecrets(dir);
    const second = loadOrCreateSecrets(dir);
    expect(second).toEqual(first);
    expect(first.nextAuthSecret.length).toBeGreaterThanOrEqual(32);
    expect(first.encryptionKey).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(join(dir, "secrets.json")).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "secrets.json"), "utf8"))).toEqual(first);
  });
});
