import type { Tx } from "../../db";
import type { Prisma } from "../../generated/prisma/client";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Ctx } from "../context";

/** The catalog is the instance's; its changes are recorded in the acting user's current account. */
export function recordCatalogEvent(
  tx: Tx,
  ctx: Ctx,
  event: { action: string; targetType: "provider" | "model_endpoint"; targetId: string; metadata: Prisma.InputJsonObject },
) {
  return recordAuditEvent(tx, { accountId: ctx.account.id, actorUserId: ctx.actorUserId, caller: ctx.caller, ...event });
}

/** { field: { from, to } } for the fields whose value changed. */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>): Record<string, { from: Prisma.InputJsonValue | null; to: Prisma.InputJsonValue | null }> {
  const out: Record<string, { from: Prisma.InputJsonValue | null; to: Prisma.InputJsonValue | null }> = {};
  for (const [k, to] of Object.entries(after)) {
    if (to === undefined) continue;
    const from = before[k];
    const plain = (v: unknown) => (typeof v === "bigint" ? v.toString() : (v as Prisma.InputJsonValue | null));
    if (plain(from) !== plain(to)) out[k] = { from: plain(from) ?? null, to: plain(to) ?? null };
  }
  return out;
}

/** Drops undefined fields: with strictUndefinedChecks Prisma refuses an explicit undefined. */
export function definedOnly<T extends Record<string, unknown>>(obj: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
