// GET /api/v1/organization/members – the organization's members (API_CONTRACT §9), for a management key or a signed-in Admin
import { route } from "@/lib/api/handler";
import { toMemberResponse } from "@/lib/api/responses";
import { paginationSchema } from "@/lib/validations/pagination";
import { listOrganizationMembers } from "@/lib/services/accounts/list-organization-members";

// The API listing is an Admin tool (members.write); every member sees the Members page itself.
export const GET = route({ keyKind: "MANAGEMENT", permission: "members.write", query: paginationSchema }, async ({ ctx, query }) => {
  const { members, total } = await listOrganizationMembers({ ctx, ...query });
  return { data: members.map(toMemberResponse), total_count: total };
});
