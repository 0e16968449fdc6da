// Which providers an account has BYOK keys for, cached briefly: most requests need no BYOK lookup
// at all, so the request path asks this cheap question before resolveProviderCredentials' query.
// A committed BYOK write drops the entry (lib/cache/entity-cache.ts; other instances through the
// change feed on PostgreSQL); BYOK_INDEX_TTL_MS bounds an entry should a notification be lost.
import { db } from "../db";
import { subscribeCache } from "../cache/entity-cache";

export const BYOK_INDEX_TTL_MS = 5_000;
type Entry = { at: number; value: Promise<Set<string>> };
const g = globalThis as unknown as { __tollgateByokIndex?: Map<string, Entry> };
const cache: Map<string, Entry> = (g.__tollgateByokIndex ??= new Map());

export async function byokProviders(accountId: string): Promise<Set<string>> {
  let entry = cache.get(accountId);
  if (!entry || Date.now() - entry.at > BYOK_INDEX_TTL_MS) {
    const value = db()
      .then((client) => client.byokKey.findMany({ where: { accountId, disabled: false }, select: { provider: true }, distinct: ["provider"] }))
      .then((rows) => new Set(rows.map((r) => r.provider)));
    entry = { at: Date.now(), value };
    cache.set(accountId, entry);
    value.catch(() => cache.delete(accountId));
  }
  return entry.value;
}

export function invalidateByokIndex(accountId: string): void {
  cache.delete(accountId);
}

subscribeCache("byok-index", ["byok", "account"], (c) => (c.accountId ? cache.delete(c.accountId) : cache.clear()));
