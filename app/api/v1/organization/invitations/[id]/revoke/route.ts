// POST /api/v1/organization/invitations/{id}/revoke – the link stops working (Admins)
import { route } from "@/lib/api/handler";
import { toInvitationResponse } from "@/lib/api/responses";
import { revokeInvitation } from "@/lib/services/invitations/revoke-invitation";

export const POST = route({ keyKind: "MANAGEMENT", permission: "members.write" }, async ({ ctx, params }) => {
  return { data: toInvitationResponse(await revokeInvitation({ ctx, id: params.id })) };
});
