import type { Metadata } from "next";
import { connection } from "next/server";
import { AuthMessage } from "@/components/auth/auth-message";
import { ForgotPasswordForm } from "@/components/auth/password-reset-forms";
import { isMailConfigured } from "@/lib/mail";

export const metadata: Metadata = { title: "Reset your password" };

export default async function ForgotPasswordPage() {
  await connection();
  if (isMailConfigured()) return <ForgotPasswordForm />;
  return (
    <AuthMessage title="Reset your password" testId="reset-by-operator" link={{ href: "/sign-in", label: "Back to sign in" }}>
      This Tollgate does not send mail. Ask its operator (the instance admin) for a password reset link: they can issue one under Settings →
      Instance.
    </AuthMessage>
  );
}
