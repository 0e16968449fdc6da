// GET /api/v1/organization/invitations – pending and expired invitations (Admins)
// POST /api/v1/organization/invitations – invite { email, role }; returns the single-use link once, 201
import { created, publicBaseUrl, route } from "@/lib/api/handler";
import { toInvitationResponse } from "@/lib/api/responses";
import { createInvitationSchema } from "@/lib/validations/members";
import { createInvitation } from "@/lib/services/invitations/create-invitation";
import { listInvitations } from "@/lib/services/invitations/list-invitations";
import { sendInvitationEmail } from "@/lib/services/invitations/send-invitation-email";

export const GET = route({ keyKind: "MANAGEMENT", permission: "members.write" }, async ({ ctx }) => {
  const invitations = await listInvitations({ ctx });
  return { data: invitations.map(toInvitationResponse), total_count: invitations.length };
});

export const POST = route({ keyKind: "MANAGEMENT", permission: "members.write", body: createInvitationSchema }, async ({ ctx, body, req }) => {
  const { invitation, token } = await createInvitation({ ctx, input: body });
  const url = `${publicBaseUrl(req)}/invite/${token}`;
  const mail = await sendInvitationEmail({ invitation, url });
  return created({ data: toInvitationResponse(invitation), url, emailed: mail.sent, email_error: mail.error ?? null });
});
