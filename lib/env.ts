// The environment, validated once with zod. A bad value fails fast with a message naming the
// variable. For the embedded default no configuration is needed: secrets are generated on first
// use and kept in the data folder (data/secrets.json, mode 0600).
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import { parseAllowEntry, splitAllowlist } from "./net/address-policy";

const emptyToUndefined = (v: unknown) => (v === "" ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    TOLLGATE_DATA_DIR: z.preprocess(emptyToUndefined, z.string().default("./data")),
    DATABASE_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL (leave it unset for the embedded database)")
        .optional(),
    ),
    NEXTAUTH_URL: z.preprocess(emptyToUndefined, z.url().optional()),
    NEXTAUTH_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, "must be at least 32 characters").optional()),
    TOLLGATE_ENCRYPTION_KEY: z.preprocess(
      emptyToUndefined,
      z.string().regex(/^[0-9a-f]{64}$/i, "must be 64 hex characters (32 bytes)").optional(),
    ),
    OIDC_ISSUER: z.preprocess(emptyToUndefined, z.url().optional()),
    OIDC_CLIENT_ID: optionalString,
    OIDC_CLIENT_SECRET: optionalString,
    OIDC_NAME: z.preprocess(emptyToUndefined, z.string().default("SSO")),
    SMTP_URL: z.preprocess(
      emptyToUndefined,
      z.string().regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL").optional(),
    ),
    SMTP_FROM: z.preprocess(emptyToUndefined, z.string().default("Tollgate <no-reply@tollgate.local>")),
    // Hosts, host:port and CIDR ranges outbound requests may reach although private (lib/net/address-policy.ts).
    TOLLGATE_OUTBOUND_ALLOW: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .optional()
        .superRefine((value, ctx) => {
          const errors = splitAllowlist(value).map(parseAllowEntry).filter((e) => typeof e === "string");
          if (errors.length) ctx.addIssue({ code: "custom", message: errors.join(" ") });
        }),
    ),
    SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
    SIGN_IN_ADDRESS_MAX_FAILURES: z.coerce.number().int().min(1).default(20),
    SIGN_IN_LOCKOUT_MINUTES: z.coerce.number().int().min(1).default(15),
    TOLLGATE_TRUST_PROXY: z.preprocess(
      (v) => (v === "" || v === undefined ? undefined : v),
      z.enum(["true", "false", "1", "0"], "must be true or false").default("false").transform((v) => v === "true" || v === "1"),
    ),
    TOLLGATE_SIGN_UP: z.preprocess(emptyToUndefined, z.enum(["open", "invite_only"], "must be open or invite_only").optional()),
  })
  .superRefine((env, ctx) => {
    const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      ctx.addIssue({
        code: "custom",
        path: ["OIDC_ISSUER"],
        message: "SSO needs all three of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET",
      });
    }
  });

export type Env = z.infer<typeof envSchema> & {
  dataDir: string;
  nextAuthSecret: string;
  encryptionKey: Buffer;
  isOidcEnabled: boolean;
};

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): z.infer<typeof envSchema> {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new EnvError(`Invalid environment configuration:\n${lines.join("\n")}\nSee .env.example.`);
  }
  return parsed.data;
}

type StoredSecrets = { nextAuthSecret: string; encryptionKey: string };

/** Reads data/secrets.json, creating it atomically (O_EXCL) on first use. */
export function loadOrCreateSecrets(dataDir: string): StoredSecrets {
  const file = join(dataDir, "secrets.json");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const fresh: StoredSecrets = {
      nextAuthSecret: randomBytes(32).toString("base64url"),
      encryptionKey: randomBytes(32).toString("hex"),
    };
    try {
      writeFileSync(file, JSON.stringify(fresh, null, 2), { flag: "wx", mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return JSON.parse(readFileSync(file, "utf8")) as StoredSecrets;
}

const g = globalThis as unknown as { __tollgateEnv?: Env };

export function env(): Env {
  if (g.__tollgateEnv) return g.__tollgateEnv;
  const base = parseEnv(process.env);
  const dataDir = resolve(base.TOLLGATE_DATA_DIR);
  const needsStored = !base.NEXTAUTH_SECRET || !base.TOLLGATE_ENCRYPTION_KEY;
  const stored = needsStored ? loadOrCreateSecrets(dataDir) : undefined;
  g.__tollgateEnv = {
    ...base,
    dataDir,
    nextAuthSecret: base.NEXTAUTH_SECRET ?? stored!.nextAuthSecret,
    encryptionKey: Buffer.from(base.TOLLGATE_ENCRYPTION_KEY ?? stored!.encryptionKey, "hex"),
    isOidcEnabled: Boolean(base.OIDC_ISSUER && base.OIDC_CLIENT_ID && base.OIDC_CLIENT_SECRET),
  };
  return g.__tollgateEnv;
}

/** Forgets the parsed environment so the next env() reads process.env again (tests). */
export function reloadEnv(): void {
  g.__tollgateEnv = undefined;
}
