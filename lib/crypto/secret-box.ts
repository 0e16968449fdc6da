// AES-256-GCM for secrets at rest (BYOK provider keys, destination credentials). The key comes from
// TOLLGATE_ENCRYPTION_KEY (or data/secrets.json for the embedded default). The stored form is
// base64(iv[12] | tag[16] | ciphertext); the associated data binds a ciphertext to its row's
// purpose, so one secret cannot be pasted into another record.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "../env";

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function encryptSecret(plaintext: string, associatedData: string, key: Buffer = env().encryptionKey): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64");
}

export function decryptSecret(stored: string, associatedData: string, key: Buffer = env().encryptionKey): string {
  const raw = Buffer.from(stored, "base64");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(associatedData, "utf8"));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
}

/**
 * "…wxyz": the last four characters, the only part of a secret ever shown again. A short secret
 * shows at most half of itself, so the hint never gives the whole secret away.
 */
export function secretHint(secret: string): string {
  const shown = Math.min(4, Math.floor(secret.length / 2));
  return `…${shown > 0 ? secret.slice(-shown) : ""}`;
}
