import { notFound } from "../../api/errors";
import type { Role } from "../../generated/prisma/enums";
import type { Ctx } from "../context";
import { listMembers } from "./list-members";

/** The members list of an organization; a personal account has no organization (404). */
export async function listOrganizationMembers({ ctx, offset, limit }: { ctx: Ctx; offset: number; limit: number }) {
  if (ctx.account.type !== "ORGANIZATION") throw notFound("Organization not found.");
  return listMembers({ ctx, offset, limit });
}

const WIRE_ROLE: Record<Role, string> = { ADMIN: "org:admin", MEMBER: "org:member", BILLING: "org:billing" };

export function toMemberResponse(m: { id: string; email: string; name: string | null; role: Role }) {
  const [first, ...rest] = (m.name ?? "").trim().split(/\s+/).filter(Boolean);
  return { id: m.id, email: m.email, first_name: first ?? null, last_name: rest.length ? rest.join(" ") : null, role: WIRE_ROLE[m.role] };
}
