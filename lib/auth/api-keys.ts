// API key secrets: a prefix plus 256 bits from crypto.randomBytes. Only the SHA-256 hash (a fast
// hash is right for high-entropy secrets) and a short display label are stored.
import { createHash, randomBytes } from "node:crypto";

export const API_KEY_PREFIX = "sk-tg-v1-";

export function generateApiKey(): { key: string; hash: string; label: string } {
  const key = API_KEY_PREFIX + randomBytes(32).toString("hex");
  return { key, hash: hashApiKey(key), label: apiKeyLabel(key) };
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** "sk-tg-v1-3f9...c1d2": enough to recognise a key, never enough to use it. */
export function apiKeyLabel(key: string): string {
  const secret = key.slice(API_KEY_PREFIX.length);
  return `${API_KEY_PREFIX}${secret.slice(0, 3)}...${secret.slice(-4)}`;
}

/** Extracts the key from "Authorization: Bearer <key>"; undefined when absent or not ours. */
export function bearerApiKey(authorization: string | null): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match && match[1].startsWith(API_KEY_PREFIX) ? match[1] : undefined;
}
