"use client";

import { useState } from "react";
import { requestPasswordResetAction, resetPasswordAction } from "@/app/(auth)/actions";
import { AuthMessage } from "@/components/auth/auth-message";
import { FormError } from "@/components/auth/auth-message";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { fieldErrors } from "@/components/ui/field-errors";
import { Field, Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/api/action";

type OneFieldFormProps = {
  title: string;
  text: string;
  field: { label: string; name: string; type: string; autoComplete: string; hint?: string };
  submit: [idle: string, pending: string];
  action: (value: FormDataEntryValue | null) => Promise<ActionResult<unknown>>;
  onDone: () => void;
};

/** An auth card with one input, sent to a server action; errors from the envelope shown under it. */
function OneFieldForm({ title, text, field, submit, action, onDone }: OneFieldFormProps) {
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  return (
    <Card className="p-6">
      <h1 className="text-xl font-semibold">{title}</h1>
      <p className="mt-1 text-sm text-muted">{text}</p>
      <form
        className="mt-6 space-y-4"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          setPending(true);
          const result = await action(new FormData(e.currentTarget).get(field.name));
          setPending(false);
          if (result.error) setError(Object.values(fieldErrors(result.error))[0] ?? result.error.message);
          else onDone();
        }}
      >
        <Field label={field.label} htmlFor={field.name} hint={field.hint}>
          <Input id={field.name} name={field.name} type={field.type} autoComplete={field.autoComplete} required autoFocus />
        </Field>
        <FormError message={error} />
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? submit[1] : submit[0]}
        </Button>
      </form>
    </Card>
  );
}

/** "Forgot password": asks for a link by mail (the answer does not say whether the email has an account). */
export function ForgotPasswordForm() {
  const [sent, setSent] = useState(false);
  if (sent) {
    return (
      <AuthMessage title="Check your mail" testId="reset-done" link={{ href: "/sign-in", label: "Sign in" }}>
        If an account uses that email, a link to choose a new password is on its way. It works once, for an hour.
      </AuthMessage>
    );
  }
  return (
    <OneFieldForm
      title="Reset your password"
      text="We mail you a link to choose a new one."
      field={{ label: "Email", name: "email", type: "email", autoComplete: "email" }}
      submit={["Send reset link", "Sending…"]}
      action={(email) => requestPasswordResetAction({ email })}
      onDone={() => setSent(true)}
    />
  );
}

/** Choosing a new password with a reset link. */
export function ResetPasswordForm({ token, email }: { token: string; email: string }) {
  const [done, setDone] = useState(false);
  if (done) {
    return (
      <AuthMessage title="Password changed" testId="reset-done" link={{ href: "/sign-in", label: "Sign in" }}>
        Your new password is set, and every session of {email} was signed out. Sign in with the new password.
      </AuthMessage>
    );
  }
  return (
    <OneFieldForm
      title="Choose a new password"
      text={`For ${email}. Every device signed in to this account will be signed out.`}
      field={{ label: "New password", name: "password", type: "password", autoComplete: "new-password", hint: "At least 8 characters." }}
      submit={["Set new password", "Saving…"]}
      action={(password) => resetPasswordAction({ token, password })}
      onDone={() => setDone(true)}
    />
  );
}
