// Broadcast's one step in the metering transaction: for every written generation, one outbox row per
// enabled destination of its account that takes its key and samples it. The request path does
// nothing new; destinations are cached briefly per account (and dropped on every change here).
import { randomUUID } from "node:crypto";
import type { Tx } from "../db";
import { subscribeCache } from "../cache/entity-cache";
import { Prisma } from "../generated/prisma/client";
import type { GenerationRecord } from "../metering/record";
import type { MeteringSink } from "../metering/sink";
import { buildTrace, idempotencyKey, isSampled, type TraceSource } from "./trace";

const CACHE_MS = 5_000;

export type ActiveDestination = { id: string; privacyMode: boolean; samplingRate: number; keyIds: Set<string> | null };
type Cached = { at: number; destinations: ActiveDestination[] };
const g = globalThis as unknown as { __tollgateBroadcastCache?: Map<string, Cached> };
const cache = (g.__tollgateBroadcastCache ??= new Map());

export function invalidateBroadcastDestinations(accountId?: string) {
  if (accountId) cache.delete(accountId);
  else cache.clear();
}

subscribeCache("broadcast-destinations", ["destination", "account"], (c) => invalidateBroadcastDestinations(c.accountId));

async function activeDestinations(tx: Tx, accountIds: string[]): Promise<Map<string, ActiveDestination[]>> {
  const now = Date.now();
  const result = new Map<string, ActiveDestination[]>();
  const missing: string[] = [];
  for (const id of accountIds) {
    const hit = cache.get(id);
    if (hit && now - hit.at < CACHE_MS) result.set(id, hit.destinations);
    else missing.push(id);
  }
  if (missing.length === 0) return result;
  const rows = await tx.broadcastDestination.findMany({
    where: { accountId: { in: missing }, enabled: true },
    select: { id: true, accountId: true, privacyMode: true, samplingRate: true, apiKeyHashes: true },
  });
  const hashes = [...new Set(rows.flatMap((r) => (Array.isArray(r.apiKeyHashes) ? (r.apiKeyHashes as string[]) : [])))];
  const keys = hashes.length ? await tx.apiKey.findMany({ where: { hash: { in: hashes }, accountId: { in: missing } }, select: { id: true, hash: true } }) : [];
  const idByHash = new Map(keys.map((k) => [k.hash, k.id]));
  for (const id of missing) result.set(id, []);
  for (const r of rows) {
    const keyIds = Array.isArray(r.apiKeyHashes) ? new Set((r.apiKeyHashes as string[]).map((h) => idByHash.get(h)).filter((x): x is string => !!x)) : null;
    result.get(r.accountId)!.push({ id: r.id, privacyMode: r.privacyMode, samplingRate: r.samplingRate, keyIds });
  }
  for (const id of missing) cache.set(id, { at: now, destinations: result.get(id)! });
  return result;
}

/** Whether a destination takes a generation: its key filter, then its (deterministic) sampling. */
export function destinationTakes(destination: ActiveDestination, record: { id: string; apiKeyId: string | null }): boolean {
  if (destination.keyIds && (!record.apiKeyId || !destination.keyIds.has(record.apiKeyId))) return false;
  return isSampled(destination.id, record.id, destination.samplingRate);
}

export async function enqueueTraces(tx: Tx, batch: readonly GenerationRecord[]): Promise<number> {
  const byAccount = await activeDestinations(tx, [...new Set(batch.map((r) => r.accountId))]);
  const pairs: { record: GenerationRecord; destination: ActiveDestination }[] = [];
  for (const record of batch) {
    for (const destination of byAccount.get(record.accountId) ?? []) if (destinationTakes(destination, record)) pairs.push({ record, destination });
  }
  if (pairs.length === 0) return 0;
  const keyIds = [...new Set(pairs.map((p) => p.record.apiKeyId).filter((x): x is string => !!x))];
  const keys = new Map((keyIds.length ? await tx.apiKey.findMany({ where: { id: { in: keyIds } }, select: { id: true, name: true, label: true } }) : []).map((k) => [k.id, k]));
  const rows = pairs.map(({ record, destination }) => {
    const trace = buildTrace(record as TraceSource, destination, record.apiKeyId ? (keys.get(record.apiKeyId) ?? null) : null);
    return Prisma.sql`(${randomUUID()}::text, ${destination.id}::text, ${record.accountId}::text, ${record.id}::text, ${idempotencyKey(destination.id, record.id)}::text, ${JSON.stringify(trace)}::jsonb, ${record.createdAt}::timestamptz, now())`;
  });
  // ON CONFLICT: a batch retried after a failed commit, or a generation seen twice, queues once.
  // EXISTS: a destination deleted meanwhile (the cache is a few seconds old; another instance may
  // have deleted it) takes nothing, rather than failing the batch on its foreign key.
  return tx.$executeRaw`INSERT INTO trace_deliveries (id, destination_id, account_id, generation_id, idempotency_key, payload, trace_at, updated_at)
    SELECT v.* FROM (VALUES ${Prisma.join(rows)}) AS v(id, destination_id, account_id, generation_id, idempotency_key, payload, trace_at, updated_at)
    WHERE EXISTS (SELECT 1 FROM broadcast_destinations d WHERE d.id = v.destination_id)
    ON CONFLICT DO NOTHING`;
}

/** Broadcast's metering sink: the outbox rows of the batch's generations. */
export const traceSink: MeteringSink<void> = { name: "traces", write: async (tx, batch) => void (await enqueueTraces(tx, batch)) };
