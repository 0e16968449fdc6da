// Sticky routing: the same end user (`user`, else `session_id`) keeps the endpoint that served them
// for STICKY_MS while it stays healthy (the router drops it when its circuit opens).
export const STICKY_MS = 10 * 60_000;
const MAX_ENTRIES = 50_000;

const g = globalThis as unknown as { __tollgateSticky?: Map<string, { endpointId: string; until: number }> };
const sticky: Map<string, { endpointId: string; until: number }> = (g.__tollgateSticky ??= new Map());

const keyOf = (accountId: string, user: string, model: string) => `${accountId}\u0000${user}\u0000${model}`;

export function stickyEndpoint(accountId: string, user: string, model: string, now = Date.now()): string | null {
  const entry = sticky.get(keyOf(accountId, user, model));
  if (!entry) return null;
  if (entry.until <= now) {
    sticky.delete(keyOf(accountId, user, model));
    return null;
  }
  return entry.endpointId;
}

export function setSticky(accountId: string, user: string, model: string, endpointId: string, now = Date.now()): void {
  const key = keyOf(accountId, user, model);
  const current = sticky.get(key);
  // The window runs from the first routing: a user does not stay pinned forever by steady traffic.
  if (current && current.endpointId === endpointId && current.until > now) return;
  if (sticky.size >= MAX_ENTRIES) sticky.delete(sticky.keys().next().value as string);
  sticky.set(key, { endpointId, until: now + STICKY_MS });
}

export function clearSticky(): void {
  sticky.clear();
}
