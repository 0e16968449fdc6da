// PATCH /api/v1/organization/members/{userId} – change a member's role (Admins)
// DELETE /api/v1/organization/members/{userId} – remove a member (Admins), or leave (your own id)
import { route } from "@/lib/api/handler";
import { changeRoleSchema } from "@/lib/validations/members";
import { changeMemberRole } from "@/lib/services/members/change-member-role";
import { removeMember } from "@/lib/services/members/remove-member";
import { WIRE_ROLE } from "@/lib/api/responses";

export const PATCH = route({ keyKind: "MANAGEMENT", permission: "members.write", body: changeRoleSchema }, async ({ ctx, body, params }) => {
  const membership = await changeMemberRole({ ctx, userId: params.userId, input: body });
  return { data: { user_id: membership.userId, role: WIRE_ROLE[membership.role] } };
});

// No permission here: leaving is open to everyone; removeMember checks members.write for anyone else.
export const DELETE = route({ keyKind: "MANAGEMENT" }, async ({ ctx, params }) => {
  await removeMember({ ctx, userId: params.userId });
  return { deleted: true };
});
