import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { getSessionUserId } from "@/lib/auth/session";
import { safeCallbackUrl } from "@/lib/auth/callback-url";

export const metadata: Metadata = { title: "Create your account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; email?: string }> }) {
  await connection();
  const { callbackUrl, email } = await searchParams;
  const target = safeCallbackUrl(callbackUrl);
  if (await getSessionUserId()) redirect(target);
  return <SignUpForm callbackUrl={target} defaultEmail={email ?? ""} />;
}
