// Destination credentials at rest: the secret config fields as one AES-256-GCM JSON blob bound to
// the account and type; only their last four characters are kept in clear (secretHints).
import type { Prisma } from "../generated/prisma/client";
import { decryptSecret, encryptSecret, secretHint } from "../crypto/secret-box";
import { SECRET_FIELDS, type DestinationConfig, type SupportedType } from "./types";

const associatedData = (accountId: string, type: string) => `broadcast:${accountId}:${type}`;

/** Splits a full config into what is stored in clear and the sealed secrets. */
export function sealDestinationConfig(accountId: string, type: SupportedType, config: DestinationConfig) {
  const clear: DestinationConfig = {};
  const secrets: Record<string, string> = {};
  const hints: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined) continue;
    if (SECRET_FIELDS[type].includes(key) && typeof value === "string") {
      secrets[key] = value;
      hints[key] = secretHint(value);
    } else clear[key] = value;
  }
  return {
    config: clear as Prisma.InputJsonObject,
    secretsCiphertext: Object.keys(secrets).length ? encryptSecret(JSON.stringify(secrets), associatedData(accountId, type)) : null,
    secretHints: hints,
  };
}

export function openDestinationSecrets(row: { accountId: string; type: string; secretsCiphertext: string | null }): Record<string, string> {
  if (!row.secretsCiphertext) return {};
  return JSON.parse(decryptSecret(row.secretsCiphertext, associatedData(row.accountId, row.type))) as Record<string, string>;
}

/** The full config (clear fields + decrypted secrets), for sending only. */
export function resolveConfig(row: { accountId: string; type: string; config: unknown; secretsCiphertext: string | null }): DestinationConfig {
  return { ...((row.config ?? {}) as DestinationConfig), ...openDestinationSecrets(row) };
}
