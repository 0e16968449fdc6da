import { db } from "../../db";
import { assertCan, type Ctx } from "../context";

export type PrivacySettings = { zdrOnly: boolean; promptLogging: boolean };

/** The account's privacy settings: ZDR-only routing and prompt logging. */
export async function getPrivacySettings({ ctx }: { ctx: Ctx }): Promise<PrivacySettings> {
  assertCan(ctx, "account.read");
  return (await db()).account.findUniqueOrThrow({ where: { id: ctx.account.id }, select: { zdrOnly: true, promptLogging: true } });
}
