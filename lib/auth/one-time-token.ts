// Single-use secrets handed out as links (invitations, password resets): 256 random bits, stored
// only as their SHA-256 hash (a fast hash is right for a high-entropy secret).
import { createHash, randomBytes } from "node:crypto";

export function newOneTimeToken(ttlMs: number): { token: string; tokenHash: string; expiresAt: Date } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashOneTimeToken(token), expiresAt: new Date(Date.now() + ttlMs) };
}

export function hashOneTimeToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
