"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { signUpAction } from "@/app/(auth)/actions";
import { FormError } from "@/components/auth/auth-message";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/input";
import { fieldErrors } from "@/components/ui/field-errors";

export function SignUpForm({
  callbackUrl,
  defaultEmail,
  invitationToken,
  notice,
}: {
  callbackUrl: string;
  defaultEmail: string;
  /** From an invitation link: lets the invited email sign up when sign-up is not open. */
  invitationToken?: string;
  /** Who may sign up here, when not everyone may (allowed domains). */
  notice?: string | null;
}) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { name: form.get("name"), email: form.get("email"), password: form.get("password"), invitationToken };
    setPending(true);
    setErrors({});
    setFormError(undefined);
    const result = await signUpAction(input);
    if (result.error) {
      setPending(false);
      const byField = fieldErrors(result.error);
      setErrors(byField);
      if (!Object.keys(byField).length) setFormError(result.error.message);
      return;
    }
    const signedIn = await signIn("credentials", { email: String(input.email), password: String(input.password), redirect: false });
    if (signedIn?.error) {
      // Also what a taken email with another password sees: no word on whether it is registered.
      setPending(false);
      setFormError("We could not sign you in with this email and password. If you already have an account, sign in with its password.");
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  return (
    <Card className="p-6">
      <h1 className="text-xl font-semibold">Create your account</h1>
      <p className="mt-1 text-sm text-muted">You get a personal account; create or join organizations next.</p>
      {notice ? (
        <p className="mt-3 text-sm text-muted" data-testid="sign-up-notice">
          {notice}
        </p>
      ) : null}
      <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
        <Field label="Name" htmlFor="name" error={errors.name}>
          <Input id="name" name="name" autoComplete="name" required autoFocus aria-invalid={Boolean(errors.name)} />
        </Field>
        <Field label="Email" htmlFor="email" error={errors.email}>
          <Input id="email" name="email" type="email" autoComplete="email" defaultValue={defaultEmail} required aria-invalid={Boolean(errors.email)} />
        </Field>
        <Field label="Password" htmlFor="password" error={errors.password} hint="At least 8 characters.">
          <Input id="password" name="password" type="password" autoComplete="new-password" required aria-invalid={Boolean(errors.password)} />
        </Field>
        <FormError message={formError} />
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Creating account…" : "Create account"}
        </Button>
      </form>
      <SignInInstead callbackUrl={callbackUrl} />
    </Card>
  );
}

export function SignInInstead({ callbackUrl }: { callbackUrl: string }) {
  return (
    <p className="mt-6 text-center text-sm text-muted">
      Already have an account?{" "}
      <Link href={`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="font-medium text-brand-600 hover:underline">
        Sign in
      </Link>
    </p>
  );
}
