import { db } from "../../db";
import { conflict } from "../../api/errors";
import { createOrganizationSchema, type CreateOrganizationInput } from "../../validations/accounts";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { UserCtx } from "../context";

/** Creates an organization; its creator becomes its first Admin. */
export async function createOrganization({ ctx, input }: { ctx: UserCtx; input: CreateOrganizationInput }) {
  const data = createOrganizationSchema.parse(input);
  const client = await db();
  if (await client.account.findUnique({ where: { slug: data.slug }, select: { id: true } })) {
    throw conflict(`The URL name "${data.slug}" is taken. Choose another.`, { field: "slug" });
  }
  return client.$transaction(async (tx) => {
    const account = await tx.account.create({
      data: {
        type: "ORGANIZATION",
        name: data.name,
        slug: data.slug,
        memberships: { create: { userId: ctx.userId, role: "ADMIN" } },
      },
    });
    await recordAuditEvent(tx, {
      accountId: account.id,
      actorUserId: ctx.userId,
      action: "organization.create",
      targetType: "organization",
      targetId: account.id,
      metadata: { name: data.name, slug: data.slug },
    });
    return account;
  });
}
