"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch, ApiError } from "@/components/api-client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyField } from "@/components/ui/copy-field";
import { Field, Input } from "@/components/ui/input";

type Link = { email: string; url: string; expires_at: string };

/** The operator issues a one-time password reset link for someone, to hand over (no mail needed). */
export function PasswordResetLinkForm({ account, mailConfigured }: { account: string; mailConfigured: boolean }) {
  const [error, setError] = useState<string>();
  const issue = useMutation({
    mutationFn: (email: string) => apiFetch<{ data: Link }>(account, "/password-reset-links", { method: "POST", body: { email } }),
    onSuccess: () => setError(undefined),
    onError: (e) => setError(e instanceof ApiError ? e.message : "Could not issue a link. Try again."),
  });
  return (
    <Card className="p-5" data-testid="password-reset-links">
      <h2 className="font-semibold">Password reset link</h2>
      <p className="mt-1 text-sm text-muted">
        A one-time link to choose a new password, valid for 1 hour; using it signs that person out everywhere.{" "}
        {mailConfigured ? "People can also ask for one by mail on the sign-in page." : "This instance sends no mail (SMTP_URL is not set), so hand the link over yourself."}
      </p>
      <form
        className="mt-4 flex items-end gap-3"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          issue.mutate(String(new FormData(e.currentTarget).get("email") ?? ""));
        }}
      >
        <div className="flex-1">
          <Field label="Their email" htmlFor="reset-email" error={error}>
            <Input id="reset-email" name="email" type="email" />
          </Field>
        </div>
        <Button type="submit" disabled={issue.isPending} data-testid="issue-reset-link">
          Issue link
        </Button>
      </form>
      {issue.data && !error ? (
        <div className="mt-4 space-y-1">
          <p className="text-sm">
            Link for <strong>{issue.data.data.email}</strong>, until {new Date(issue.data.data.expires_at).toLocaleTimeString()}:
          </p>
          <CopyField value={issue.data.data.url} testId="reset-link" />
        </div>
      ) : null}
    </Card>
  );
}
