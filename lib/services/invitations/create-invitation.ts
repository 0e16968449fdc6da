import { db } from "../../db";
import { badRequest, conflict } from "../../api/errors";
import { createInvitationSchema, type CreateInvitationInput } from "../../validations/members";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertCan, type Ctx } from "../context";
import { newInvitationToken } from "./invitation-token";

/** Invites an email to the organization with a role. Returns the token once: only its hash is kept. */
export async function createInvitation({ ctx, input }: { ctx: Ctx; input: CreateInvitationInput }) {
  assertCan(ctx, "members.write");
  const { email, role } = createInvitationSchema.parse(input);
  if (ctx.account.type !== "ORGANIZATION") throw badRequest("Only organizations have members to invite.");
  const client = await db();
  const existingMember = await client.membership.findFirst({ where: { accountId: ctx.account.id, user: { email } }, select: { id: true } });
  if (existingMember) throw conflict(`${email} is already a member.`, { field: "email" });
  const pending = await client.invitation.findFirst({
    where: { accountId: ctx.account.id, email, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true },
  });
  if (pending) throw conflict(`${email} already has a pending invitation: resend or revoke it.`, { field: "email", invitation_id: pending.id });

  const { token, tokenHash, expiresAt } = newInvitationToken();
  const invitation = await client.$transaction(async (tx) => {
    const created = await tx.invitation.create({
      data: { accountId: ctx.account.id, email, role, tokenHash, expiresAt, invitedById: ctx.actorUserId },
    });
    await recordAuditEvent(tx, {
      accountId: ctx.account.id,
      actorUserId: ctx.actorUserId,
      caller: ctx.caller,
      action: "invitation.create",
      targetType: "invitation",
      targetId: created.id,
      metadata: { email, role },
    });
    return created;
  });
  return { invitation, token };
}
