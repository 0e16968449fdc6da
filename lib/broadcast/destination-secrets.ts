// Destination credentials at rest: the secret config fields and the custom `headers` values (an
// `authorization` for a collector, an API key header…) as one AES-256-GCM JSON blob bound to the
// account and type; only their last four characters are kept in clear (secretHints; header names
// stay visible: `headers: { authorization: "…wxyz" }`).
import type { Prisma } from "../generated/prisma/client";
import { decryptSecret, encryptSecret, secretHint } from "../crypto/secret-box";
import { SECRET_FIELDS, type DestinationConfig, type SupportedType } from "./types";

const associatedData = (accountId: string, type: string) => `broadcast:${accountId}:${type}`;

type Sealed = Record<string, string | Record<string, string>>;

const isHeaderMap = (value: unknown): value is Record<string, string> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === "string");

/** Splits a full config into what is stored in clear and the sealed secrets. */
export function sealDestinationConfig(accountId: string, type: SupportedType, config: DestinationConfig) {
  const clear: DestinationConfig = {};
  const secrets: Sealed = {};
  const hints: Record<string, string | Record<string, string>> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined) continue;
    if (SECRET_FIELDS[type].includes(key) && typeof value === "string") {
      secrets[key] = value;
      hints[key] = secretHint(value);
    } else if (key === "headers" && isHeaderMap(value)) {
      if (!Object.keys(value).length) continue;
      secrets.headers = value;
      hints.headers = maskHeaders(value);
    } else clear[key] = value;
  }
  return {
    config: clear as Prisma.InputJsonObject,
    secretsCiphertext: Object.keys(secrets).length ? encryptSecret(JSON.stringify(secrets), associatedData(accountId, type)) : null,
    secretHints: hints as Prisma.InputJsonObject,
  };
}

/** Header names as they are, values as their hint. */
export const maskHeaders = (headers: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, typeof value === "string" ? secretHint(value) : "…"]));

export function openDestinationSecrets(row: { accountId: string; type: string; secretsCiphertext: string | null }): Sealed {
  if (!row.secretsCiphertext) return {};
  return JSON.parse(decryptSecret(row.secretsCiphertext, associatedData(row.accountId, row.type))) as Sealed;
}

/** The full config (clear fields + decrypted secrets), for sending only. */
export function resolveConfig(row: { accountId: string; type: string; config: unknown; secretsCiphertext: string | null }): DestinationConfig {
  return { ...((row.config ?? {}) as DestinationConfig), ...openDestinationSecrets(row) };
}
