import { badRequest } from "../../api/errors";
import { renameOrganizationSchema, type RenameOrganizationInput } from "../../validations/accounts";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertCan, type Ctx } from "../context";
import { mutation } from "../mutation";

/** Renames an organization (Admins). The slug, and so every URL, stays the same. */
export async function renameOrganization({ ctx, input }: { ctx: Ctx; input: RenameOrganizationInput }) {
  assertCan(ctx, "account.write");
  const { name } = renameOrganizationSchema.parse(input);
  if (ctx.account.type !== "ORGANIZATION") throw badRequest("A personal account has no organization name.");
  return mutation({ ctx }, async ({ tx, emit }) => {
    emit({ kind: "account", accountId: ctx.account.id });
    const before = await tx.account.findUniqueOrThrow({ where: { id: ctx.account.id }, select: { name: true } });
    const account = await tx.account.update({ where: { id: ctx.account.id }, data: { name } });
    await recordAuditEvent(tx, {
      accountId: ctx.account.id,
      actorUserId: ctx.actorUserId,
      caller: ctx.caller,
      action: "organization.rename",
      targetType: "organization",
      targetId: ctx.account.id,
      metadata: { from: before.name, to: name },
    });
    return account;
  });
}
