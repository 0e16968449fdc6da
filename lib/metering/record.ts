// The generation record: what the gateway hands to metering for every request that reached an
// account, answered or refused. A leaf module: every metering sink (budgets, credits, rollups, health,
// traces) imports these types and nothing else from metering, and this file imports nothing back.
import type { Prisma } from "../generated/prisma/client";

/** One provider attempt as the Uptime buckets count it. */
export type HealthSample = { endpointId: string; ok: boolean; latencyMs: number; ttftMs: number | null; outputTokens: number; generationMs: number | null };

/**
 * A budget a request held through a lease of this process (guardrails/budget-leases.ts owns the
 * lease objects; metering only carries them from admission to settlement).
 */
export type RecordLeaseHold = {
  lease: { id: string; counterKey: string; windowStart: Date };
  amount: bigint;
  /** null: the credit pool (settled by the credit debit, not on a counter). */
  countsByok: boolean | null;
  consumed?: bigint;
  spent?: bigint;
};

/**
 * What a generation spent through one lease, as the journal keeps it (the lease died with its
 * process): the spend to add to a counter (`pool`: the credit pool, settled by the credit debit
 * instead), and the lease, so that the replay releases what that process still held.
 */
export type CounterSpend = { leaseId: string; counterKey: string; windowStart: Date; spent: bigint; pool?: true };

export type GenerationRecord = Omit<Prisma.GenerationCreateManyInput, "createdAt" | "apiKeyId"> & {
  id: string;
  apiKeyId: string | null;
  accountId: string;
  costMicros: bigint;
  createdAt: Date;
  health?: HealthSample[];
  /** Admitted through budget leases of this process. */
  leases?: RecordLeaseHold[];
  /** Replayed from a journal: the spend to add to the counters its leases were on. */
  counterSpend?: CounterSpend[];
};

// NUL is refused in PostgreSQL text and jsonb (22P05), a lone surrogate in jsonb (22P02): either in
// one record used to fail every batch. JSON.stringify writes both as \u escapes (a surrogate pair
// stays raw), so a test on the serialised text finds every such record cheaply.
const UNSAFE_ESCAPE = /\\u0000|\\ud[89a-f][0-9a-f]{2}/i;

/** True when a serialised record holds a string PostgreSQL refuses (or, rarely, a backslash text that looks like one). */
export const hasUnsafeText = (json: string) => UNSAFE_ESCAPE.test(json);

/** A string PostgreSQL stores: NUL and lone surrogates become U+FFFD. */
export function safeText(value: string): string {
  return value.replace(/\u0000/g, "\uFFFD").toWellFormed();
}

/** The value with every string in it made safe (objects and arrays copied; other values as they are). */
export function safeDeep<T>(value: T): T {
  if (typeof value === "string") return safeText(value) as T;
  if (Array.isArray(value)) return value.map(safeDeep) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[safeText(k)] = k === "leases" ? v : safeDeep(v);
    return out as T;
  }
  return value;
}
