import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getSessionUserId } from "@/lib/auth/session";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  await connection();
  if (await getSessionUserId()) redirect("/personal");
  const { callbackUrl, error } = await searchParams;
  const e = env();
  return <SignInForm ssoName={e.isOidcEnabled ? e.OIDC_NAME : null} callbackUrl={safeCallback(callbackUrl)} initialError={error} />;
}

/** Only same-site paths: an open redirect after sign-in is a phishing tool. */
function safeCallback(url: string | undefined): string {
  if (!url) return "/personal";
  try {
    const parsed = new URL(url, "http://tollgate.invalid");
    return parsed.origin === "http://tollgate.invalid" ? parsed.pathname + parsed.search : "/personal";
  } catch {
    return "/personal";
  }
}
