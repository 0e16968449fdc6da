"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { apiFetch, ApiError } from "@/components/api-client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { fieldErrors } from "@/components/ui/field-errors";
import { Field, Input } from "@/components/ui/input";

const errorsOf = (e: unknown): Record<string, string> =>
  e instanceof ApiError ? { _: e.message, ...fieldErrors(e.body) } : { _: "Could not save. Try again." };

/** Your name (editable) and email (shown). */
export function ProfileForm({ name, email }: { name: string | null; email: string }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: { name: string }) => apiFetch("personal", "/profile", { method: "PATCH", body }),
    onSuccess: () => {
      setErrors({});
      toast.success("Profile saved.");
      router.refresh();
    },
    onError: (e) => setErrors(errorsOf(e)),
  });
  return (
    <Card className="p-5">
      <h2 className="font-semibold">Profile</h2>
      <form
        className="mt-4 space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ name: String(new FormData(e.currentTarget).get("name") ?? "") });
        }}
      >
        <Field label="Name" htmlFor="profile-name" error={errors.name}>
          <Input id="profile-name" name="name" defaultValue={name ?? ""} autoComplete="name" />
        </Field>
        <Field label="Email" htmlFor="profile-email" hint="Your email is how you sign in and how you are invited; it cannot be changed here.">
          <Input id="profile-email" value={email} readOnly disabled data-testid="profile-email" />
        </Field>
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save"}
        </Button>
      </form>
    </Card>
  );
}

/** Change password: the current one, then the new one; your other sessions end. */
export function ChangePasswordForm({ hasPassword }: { hasPassword: boolean }) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: { current_password?: string; new_password: string }) =>
      apiFetch<{ data: { revoked_sessions: number } }>("personal", "/profile/password", { method: "POST", body }),
    onSuccess: ({ data }) => {
      setErrors({});
      toast.success(`Password changed${data.revoked_sessions ? `; ${data.revoked_sessions} other session${data.revoked_sessions === 1 ? " was" : "s were"} signed out` : ""}.`);
    },
    onError: (e) => setErrors(errorsOf(e)),
  });
  return (
    <Card className="p-5">
      <h2 className="font-semibold">{hasPassword ? "Change password" : "Set a password"}</h2>
      <p className="mt-1 text-sm text-muted">Every other device signed in to your account is signed out; this one stays signed in.</p>
      <form
        className="mt-4 space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          const current = String(form.get("current_password") ?? "");
          save.mutate({ ...(hasPassword ? { current_password: current } : {}), new_password: String(form.get("new_password") ?? "") });
          e.currentTarget.reset();
        }}
      >
        {hasPassword ? (
          <Field label="Current password" htmlFor="current-password" error={errors.current_password}>
            <Input id="current-password" name="current_password" type="password" autoComplete="current-password" />
          </Field>
        ) : null}
        <Field label="New password" htmlFor="new-password" error={errors.new_password} hint="At least 8 characters.">
          <Input id="new-password" name="new_password" type="password" autoComplete="new-password" />
        </Field>
        <Button type="submit" disabled={save.isPending} data-testid="change-password">
          {save.isPending ? "Saving…" : "Change password"}
        </Button>
      </form>
    </Card>
  );
}
