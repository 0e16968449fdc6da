"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormError } from "@/components/auth/auth-message";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/input";

const SSO_FAILED = "Single sign-on failed. Try again or use your password.";
const SIGN_IN_FAILED = "Sign-in failed. Try again.";

// Codes that reach this page as ?error=… (from next-auth or the SSO sign-in callback). Only these
// are shown: the query string is attacker-controlled, so it never becomes text on the page.
const ERROR_MESSAGES: Record<string, string> = {
  CredentialsSignin: "Incorrect email or password.",
  SessionRequired: "Sign in to continue.",
  SsoNoEmail: "Your identity provider did not share an email address, so Tollgate cannot sign you in. Ask your administrator to release the email claim to Tollgate.",
  SsoEmailNotVerified: "Your identity provider has not verified your email address, so it cannot be linked to your existing Tollgate user. Sign in with your password instead.",
  SsoAccountConflict: "This email address is already linked to a different single sign-on identity. Sign in with your password or contact your administrator.",
  SsoInvalidProfile: SSO_FAILED,
  SsoFailed: SSO_FAILED,
  OAuthSignin: SSO_FAILED,
  OAuthCallback: SSO_FAILED,
  OAuthCreateAccount: SSO_FAILED,
  OAuthAccountNotLinked: SSO_FAILED,
  Callback: SSO_FAILED,
  AccessDenied: "Access denied.",
  Configuration: "Sign-in is misconfigured on this server. Contact your administrator.",
};

export function SignInForm({ ssoName, callbackUrl, initialError }: { ssoName: string | null; callbackUrl: string; initialError?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | undefined>(initialError ? ERROR_MESSAGES[initialError] ?? SIGN_IN_FAILED : undefined);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (!result || result.error) {
      setPending(false);
      setError(ERROR_MESSAGES[result?.error ?? ""] ?? result?.error ?? SIGN_IN_FAILED);
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  return (
    <Card className="p-6">
      <h1 className="text-xl font-semibold">Sign in</h1>
      <p className="mt-1 text-sm text-muted">Welcome back to Tollgate.</p>
      <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
        <Field label="Email" htmlFor="email">
          <Input id="email" name="email" type="email" autoComplete="email" required autoFocus />
        </Field>
        <Field
          label="Password"
          htmlFor="password"
          hint={
            <Link href="/forgot-password" className="text-brand-600 hover:underline" data-testid="forgot-password">
              Forgot your password?
            </Link>
          }
        >
          <Input id="password" name="password" type="password" autoComplete="current-password" required />
        </Field>
        <FormError message={error} />
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {ssoName ? (
        <>
          <div className="my-5 flex items-center gap-3 text-xs text-muted">
            <div className="h-px flex-1 bg-border" /> or <div className="h-px flex-1 bg-border" />
          </div>
          <Button variant="secondary" className="w-full" onClick={() => signIn("oidc", { callbackUrl })}>
            Continue with {ssoName}
          </Button>
        </>
      ) : null}
      <p className="mt-6 text-center text-sm text-muted">
        New to Tollgate?{" "}
        <Link href={callbackUrl === "/personal" ? "/sign-up" : `/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="font-medium text-brand-600 hover:underline">
          Create an account
        </Link>
      </p>
    </Card>
  );
}
