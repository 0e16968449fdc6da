import type { Prisma } from "../../generated/prisma/client";
import type { Tx } from "../../db";
import type { Caller } from "../context";

export type AuditInput = {
  accountId: string;
  actorUserId: string | null;
  caller?: Caller;
  action: string; // "<entity>.<verb>", e.g. "organization.create"
  targetType: string;
  targetId?: string | null;
  metadata?: Prisma.InputJsonObject;
};

/** Writes one audit event inside the caller's transaction, so the change and its record commit together. */
export async function recordAuditEvent(tx: Tx, input: AuditInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      accountId: input.accountId,
      actorUserId: input.actorUserId,
      actorKeyId: input.caller?.kind === "apiKey" ? input.caller.keyId : null,
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId ?? null,
      metadata: input.metadata ?? {},
    },
  });
}
