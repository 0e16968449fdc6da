// POST /api/v1/password-reset-links – the operator issues a one-time reset link for a user { email } (instance admin)
import { created, publicBaseUrl, route } from "@/lib/api/handler";
import { issuePasswordResetLink, resetUrl } from "@/lib/services/password-resets/issue-password-reset";
import { passwordResetLinkSchema } from "@/lib/validations/auth";

export const POST = route({ keyKind: "MANAGEMENT", instanceAdmin: true, body: passwordResetLinkSchema }, async ({ ctx, body, req }) => {
  const { token, expiresAt, email } = await issuePasswordResetLink({ ctx, input: body });
  return created({ data: { email, url: resetUrl(publicBaseUrl(req), token), expires_at: expiresAt.toISOString() } });
});
