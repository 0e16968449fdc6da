// A mutation, once (HOUSE_STYLE "A mutation, once"): the twin of route() on the service side. It
// checks the permission, opens the transaction, gives the body an audit writer (actor and caller
// from the context, before/after in the metadata) and a change recorder, and after the commit
// publishes the recorded changes to the process caches (and, on PostgreSQL, to the other
// instances). A service body holds only its own logic; no cache depends on a service remembering
// to clear it, and a rolled-back transaction tells no cache anything.
import type { Prisma } from "../generated/prisma/client";
import { db, type Tx } from "../db";
import type { Permission } from "../authz/permissions";
import { requireInstanceAdmin } from "../authz/instance-admin";
import { publishChanges, type EntityChange } from "../cache/entity-cache";
import { recordAuditEvent, type AuditInput } from "./audit/record-audit-event";
import { assertCan, type Ctx } from "./context";

export type AuditEntry = Omit<AuditInput, "accountId" | "actorUserId" | "caller" | "metadata"> & {
  /** Defaults to the account the caller acts in. */
  accountId?: string;
  metadata?: Prisma.InputJsonObject;
  before?: Prisma.InputJsonValue | null;
  after?: Prisma.InputJsonValue | null;
};

export type MutationScope = {
  tx: Tx;
  audit: (entry: AuditEntry) => Promise<void>;
  /** Records what the mutation changed; published only once the transaction committed. */
  emit: (...changes: EntityChange[]) => void;
};

export type MutationOptions = {
  ctx: Pick<Ctx, "caller" | "account" | "actorUserId" | "role">;
  /** Checked before the transaction opens. Leave out when the service decides (e.g. anyone may leave). */
  permission?: Permission;
  /** The instance's operator only (catalog, credits, instance settings). */
  instanceAdmin?: boolean;
};

export async function mutation<T>({ ctx, permission, instanceAdmin }: MutationOptions, body: (scope: MutationScope) => Promise<T>): Promise<T> {
  if (permission) assertCan(ctx, permission);
  if (instanceAdmin) await requireInstanceAdmin(ctx);
  const changes: EntityChange[] = [];
  const result = await (await db()).$transaction((tx) =>
    body({
      tx,
      emit: (...c) => void changes.push(...c),
      audit: ({ accountId, metadata, before, after, ...entry }) =>
        recordAuditEvent(tx, {
          ...entry,
          accountId: accountId ?? ctx.account.id,
          actorUserId: ctx.actorUserId,
          caller: ctx.caller,
          metadata: { ...metadata, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) },
        }),
    }),
  );
  publishChanges(changes);
  return result;
}
