import { badRequest } from "../../api/errors";
import { deleteOrganizationSchema, type DeleteOrganizationInput } from "../../validations/members";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertCan, type Ctx } from "../context";
import { mutation } from "../mutation";

/**
 * Deletes an organization and everything it owns; its API keys stop working at once (they are
 * deleted with it). The event is recorded in the deleting Admin's personal account, which outlives it.
 */
export async function deleteOrganization({ ctx, input }: { ctx: Ctx; input: DeleteOrganizationInput }) {
  assertCan(ctx, "account.delete");
  const { confirm_name } = deleteOrganizationSchema.parse(input);
  if (ctx.account.type !== "ORGANIZATION") throw badRequest("A personal account cannot be deleted here.");
  if (confirm_name !== ctx.account.name) throw badRequest(`Type the organization's name, ${ctx.account.name}, exactly to confirm.`, { field: "confirm_name" });
  return mutation({ ctx }, async ({ tx, emit }) => {
    const keys = await tx.apiKey.count({ where: { accountId: ctx.account.id } });
    emit({ kind: "account", accountId: ctx.account.id });
    await tx.account.delete({ where: { id: ctx.account.id } });
    const personal = ctx.actorUserId ? await tx.account.findUnique({ where: { personalOwnerId: ctx.actorUserId }, select: { id: true } }) : null;
    if (personal) {
      await recordAuditEvent(tx, {
        accountId: personal.id,
        actorUserId: ctx.actorUserId,
        caller: ctx.caller,
        action: "organization.delete",
        targetType: "organization",
        targetId: ctx.account.id,
        metadata: { name: ctx.account.name, slug: ctx.account.slug, keys_revoked: keys },
      });
    }
    return { deleted: true as const };
  });
}
