import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { SignInInstead, SignUpForm } from "@/components/auth/sign-up-form";
import { Card } from "@/components/ui/card";
import { getSessionUserId } from "@/lib/auth/session";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { getSignUpPolicy, signUpRefusal } from "@/lib/services/instance/sign-up-policy";
import { hasUsers } from "@/lib/services/users/get-user";

export const metadata: Metadata = { title: "Create your account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; email?: string; invite?: string }> }) {
  await connection();
  const { callbackUrl, email, invite } = await searchParams;
  const target = safeCallbackUrl(callbackUrl);
  if (await getSessionUserId()) redirect(target);
  const policy = await getSignUpPolicy();
  // Without an invitation link, say up front what the server would refuse (the first user always may sign up).
  const refusal = (await hasUsers()) ? signUpRefusal(policy) : null;
  if (refusal && policy.mode === "invite_only" && !invite) {
    return (
      <Card className="p-6">
        <h1 className="text-xl font-semibold">Create your account</h1>
        <p className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 dark:bg-amber-500/10 dark:text-amber-200" data-testid="sign-up-closed">
          {refusal}
        </p>
        <SignInInstead callbackUrl={target} />
      </Card>
    );
  }
  return <SignUpForm callbackUrl={target} defaultEmail={email ?? ""} invitationToken={invite} notice={invite ? null : refusal} />;
}
