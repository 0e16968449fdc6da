import type { Metadata } from "next";
import { connection } from "next/server";
import { AuthMessage } from "@/components/auth/auth-message";
import { ResetPasswordForm } from "@/components/auth/password-reset-forms";
import { getPasswordReset, INVALID_RESET_LINK } from "@/lib/services/password-resets/reset-password";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  await connection();
  const { token } = await params;
  const reset = await getPasswordReset({ token });
  if (reset) return <ResetPasswordForm token={token} email={reset.email} />;
  return (
    <AuthMessage title="This link no longer works" testId="reset-invalid" link={{ href: "/forgot-password", label: "Reset your password" }}>
      {INVALID_RESET_LINK}
    </AuthMessage>
  );
}
