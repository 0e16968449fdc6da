import { db } from "../../db";
import { notFound } from "../../api/errors";
import { PERSONAL_SEGMENT, type Ctx } from "../context";

/**
 * The account a URL segment names ("personal" or an organization slug), as the signed-in user sees
 * it. An account the user does not belong to is "not found": its existence never leaks.
 */
export async function resolveAccountForUser({ userId, segment }: { userId: string; segment: string }): Promise<Ctx> {
  const client = await db();
  const membership = await client.membership.findFirst({
    where:
      segment === PERSONAL_SEGMENT
        ? { userId, account: { personalOwnerId: userId } }
        : { userId, account: { slug: segment.toLowerCase(), type: "ORGANIZATION" } },
    select: { role: true, account: { select: { id: true, type: true, name: true, slug: true } } },
  });
  if (!membership) throw notFound("Account not found.");
  return {
    caller: { kind: "user", userId },
    account: membership.account,
    role: membership.role,
    actorUserId: userId,
  };
}
