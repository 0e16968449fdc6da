// POST /api/v1/invitations/accept – join the organization of an invitation { token } (signed-in person only)
import { route } from "@/lib/api/handler";
import { WIRE_ROLE } from "@/lib/api/responses";
import { acceptInvitationSchema } from "@/lib/validations/members";
import { acceptInvitation } from "@/lib/services/invitations/accept-invitation";

export const POST = route({ sessionOnly: true, body: acceptInvitationSchema }, async ({ ctx, body }) => {
  const { account, role } = await acceptInvitation({ userId: ctx.actorUserId!, token: body.token });
  return { data: { organization: { id: account.id, name: account.name, slug: account.slug }, role: WIRE_ROLE[role] } };
});
