// The request path verifies a key with a SHA-256 and this in-process cache: no database round trip
// per request. The cache subscribes to what a key's verdict depends on (the key, its creator's
// membership and role, its account: lib/cache/entity-cache.ts), so a committed change drops the
// entries at once in this process and, on PostgreSQL, in the other instances through the change
// feed; KEY_CACHE_TTL_MS bounds an entry's life should a notification be lost.
import type { Role } from "../../generated/prisma/enums";
import { subscribeCache, type EntityChange } from "../../cache/entity-cache";

export const KEY_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

export type CachedKey = {
  id: string;
  hash: string;
  kind: "INFERENCE" | "MANAGEMENT";
  disabled: boolean;
  expiresAt: Date | null;
  creatorUserId: string | null;
  limitMicros: bigint | null;
  limitReset: "DAILY" | "WEEKLY" | "MONTHLY" | null;
  includeByokInLimit: boolean;
  spendLineId: string | null;
  /** The creator's role in the key's account now (null: no longer a member); a key acts with it. */
  creatorRole: Role | null;
  account: { id: string; type: "PERSONAL" | "ORGANIZATION"; name: string; slug: string | null };
};

type Entry = { key: CachedKey | null; until: number };
const g = globalThis as unknown as { __tollgateKeyCache?: Map<string, Entry> };
const cache: Map<string, Entry> = (g.__tollgateKeyCache ??= new Map());

export function getCachedKey(hash: string, now = Date.now()): CachedKey | null | undefined {
  const entry = cache.get(hash);
  if (!entry) return undefined;
  if (entry.until <= now) {
    cache.delete(hash);
    return undefined;
  }
  return entry.key;
}

/** Caches a lookup result; `null` caches "no such key" too, so a flood of bad keys stays cheap. */
export function setCachedKey(hash: string, key: CachedKey | null, now = Date.now()): void {
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(hash, { key, until: now + KEY_CACHE_TTL_MS });
}

export function invalidateCachedKey(...hashes: string[]): void {
  for (const hash of hashes) cache.delete(hash);
}

export function clearKeyCache(): void {
  cache.clear();
}

function drop(change: EntityChange): void {
  if (change.hash) cache.delete(change.hash);
  const whole = change.kind === "account" && !change.accountId;
  for (const [hash, { key }] of cache) {
    if (!key) continue;
    const hit =
      whole ||
      (change.kind === "api_key" && change.id === key.id) ||
      (change.kind === "account" && change.accountId === key.account.id) ||
      (change.kind === "membership" && change.accountId === key.account.id && (!change.userId || change.userId === key.creatorUserId));
    if (hit) cache.delete(hash);
  }
}

subscribeCache("api-keys", ["api_key", "membership", "account"], drop);
