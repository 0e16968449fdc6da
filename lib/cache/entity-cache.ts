// The one way a process cache learns that what it holds changed: caches subscribe to the entity
// kinds they depend on, and a committed mutation (lib/services/mutation.ts) publishes what it
// changed. Services never clear a cache by hand. On PostgreSQL the same changes reach the other app
// instances through NOTIFY/LISTEN (./change-feed.ts), so their caches drop the same entries.
export const ENTITY_KINDS = ["api_key", "membership", "account", "guardrail", "byok", "catalog", "privacy", "destination", "instance_setting"] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** What changed: the kind, and as much of its identity as a cache may need to drop only its entries. */
export type EntityChange = { kind: EntityKind; accountId?: string; id?: string; userId?: string; hash?: string };

type Subscriber = { kinds: ReadonlySet<EntityKind>; drop: (change: EntityChange) => void };

// On globalThis: Next may load a module twice in one process; a cache re-subscribing under its name replaces itself.
const g = globalThis as unknown as { __tollgateCacheSubscribers?: Map<string, Subscriber>; __tollgateChangeSink?: (changes: EntityChange[]) => void };
const subscribers: Map<string, Subscriber> = (g.__tollgateCacheSubscribers ??= new Map());

export function subscribeCache(name: string, kinds: readonly EntityKind[], drop: (change: EntityChange) => void): void {
  subscribers.set(name, { kinds: new Set(kinds), drop });
}

/** Drops, in this process, what the changes make stale. */
export function applyChanges(changes: readonly EntityChange[]): void {
  for (const change of changes) {
    for (const [name, s] of subscribers) {
      if (!s.kinds.has(change.kind)) continue;
      try {
        s.drop(change);
      } catch (error) {
        console.error(`[cache] ${name} failed to drop a ${change.kind} change`, error);
      }
    }
  }
}

/** After a commit: this process's caches at once, then the other instances' (the change feed, when running). */
export function publishChanges(changes: readonly EntityChange[]): void {
  if (!changes.length) return;
  applyChanges(changes);
  g.__tollgateChangeSink?.([...changes]);
}

export function setChangeSink(sink: ((changes: EntityChange[]) => void) | undefined): void {
  g.__tollgateChangeSink = sink;
}

export function isEntityChange(value: unknown): value is EntityChange {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return (ENTITY_KINDS as readonly unknown[]).includes(v.kind) && ["accountId", "id", "userId", "hash"].every((k) => v[k] === undefined || typeof v[k] === "string");
}
