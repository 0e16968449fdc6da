// What a metering sink is: one consumer of generation records (budgets, credits, rollups, health,
// traces), living in its own domain and importing only this file and ./record. The batch
// (./batch.ts) runs the sinks in the order it lists them, inside one transaction.
import type { Tx } from "../db";
import type { GenerationRecord } from "./record";

export type MeteringSink<P = unknown> = {
  name: string;
  /** On the request path, synchronously, as a record is queued (e.g. a lease's hold leaves flight). */
  onRecord?(record: GenerationRecord): void;
  /** Synchronously, as a batch is taken: what this sink will settle with it. */
  plan?(batch: readonly GenerationRecord[]): P;
  /** Inside the batch's transaction. `batch` holds only records written by this transaction (never one written before: replays are idempotent). */
  write(tx: Tx, batch: readonly GenerationRecord[], plan: P): Promise<void>;
  /** After the transaction committed (or its records were quarantined): in-memory bookkeeping. */
  committed?(plan: P): void;
  /** True when this sink has work even without records (a lease to give back). */
  needsFlush?(): boolean;
};

/** A sink with its plan type hidden, for the list in batch.ts. */
export const sink = <P>(s: MeteringSink<P>) => s as MeteringSink<unknown>;
