import { notFound } from "../../api/errors";
import type { Ctx } from "../context";
import { listMembers } from "./list-members";

/** The members list of an organization; a personal account has no organization (404). */
export async function listOrganizationMembers({ ctx, offset, limit }: { ctx: Ctx; offset: number; limit: number }) {
  if (ctx.account.type !== "ORGANIZATION") throw notFound("Organization not found.");
  return listMembers({ ctx, offset, limit });
}
