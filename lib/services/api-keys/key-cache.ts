// The request path verifies a key with a SHA-256 and this in-process cache: no database round trip
// per request. Writes in this process invalidate at once; other instances see a change within
// KEY_CACHE_TTL_MS, the time an entry may live.
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
