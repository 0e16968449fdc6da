// Last-used time and request count per key, buffered in memory and written in one statement per
// key every FLUSH_INTERVAL_MS (and at shutdown): the request path never waits on a write.
import { db } from "../../db";

export const FLUSH_INTERVAL_MS = 2_000;

type Pending = { count: number; lastUsedAt: Date };
type State = { pending: Map<string, Pending>; timer?: NodeJS.Timeout };
const g = globalThis as unknown as { __tollgateKeyActivity?: State };
const state: State = (g.__tollgateKeyActivity ??= { pending: new Map() });

export function recordKeyUse(keyId: string, at = new Date()): void {
  const current = state.pending.get(keyId);
  if (current) {
    current.count += 1;
    if (at > current.lastUsedAt) current.lastUsedAt = at;
  } else {
    state.pending.set(keyId, { count: 1, lastUsedAt: at });
  }
  if (!state.timer) {
    state.timer = setTimeout(() => void flushKeyActivity().catch((e) => console.error("[keys] activity flush failed", e)), FLUSH_INTERVAL_MS);
    state.timer.unref?.();
  }
}

/** Writes what is buffered. Safe to call any time; tests and shutdown call it directly. */
export async function flushKeyActivity(): Promise<void> {
  if (state.timer) clearTimeout(state.timer);
  state.timer = undefined;
  if (state.pending.size === 0) return;
  const batch = [...state.pending.entries()];
  state.pending.clear();
  const client = await db();
  for (const [id, { count, lastUsedAt }] of batch) {
    await client.$executeRaw`UPDATE api_keys SET request_count = request_count + ${count}, last_used_at = GREATEST(COALESCE(last_used_at, ${lastUsedAt}), ${lastUsedAt}) WHERE id = ${id}`;
  }
}
