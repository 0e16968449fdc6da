import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getSessionUserId } from "@/lib/auth/session";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  await connection();
  const { callbackUrl, error } = await searchParams;
  if (await getSessionUserId()) redirect(safeCallbackUrl(callbackUrl));
  const e = env();
  return <SignInForm ssoName={e.isOidcEnabled ? e.OIDC_NAME : null} callbackUrl={safeCallbackUrl(callbackUrl)} initialError={error} />;
}
