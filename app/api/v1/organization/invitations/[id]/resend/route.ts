// POST /api/v1/organization/invitations/{id}/resend – a new link (the old one stops working), 7 more days (Admins)
import { publicBaseUrl, route } from "@/lib/api/handler";
import { toInvitationResponse } from "@/lib/api/responses";
import { resendInvitation } from "@/lib/services/invitations/resend-invitation";
import { sendInvitationEmail } from "@/lib/services/invitations/send-invitation-email";

export const POST = route({ keyKind: "MANAGEMENT", permission: "members.write" }, async ({ ctx, params, req }) => {
  const { invitation, token } = await resendInvitation({ ctx, id: params.id });
  const url = `${publicBaseUrl(req)}/invite/${token}`;
  const mail = await sendInvitationEmail({ invitation, url });
  return { data: toInvitationResponse(invitation), url, emailed: mail.sent, email_error: mail.error ?? null };
});
