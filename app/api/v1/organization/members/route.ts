// GET /api/v1/organization/members – the organization's members (API_CONTRACT §9), offset/limit paginated
import { route } from "@/lib/api/handler";
import { paginationSchema } from "@/lib/validations/pagination";
import { listOrganizationMembers, toMemberResponse } from "@/lib/services/accounts/list-organization-members";

export const GET = route({ keyKind: "MANAGEMENT", permission: "members.read", query: paginationSchema }, async ({ ctx, query }) => {
  const { members, total } = await listOrganizationMembers({ ctx, ...query });
  return { data: members.map(toMemberResponse), total_count: total };
});
