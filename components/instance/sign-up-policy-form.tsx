"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { apiFetch, ApiError } from "@/components/api-client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { fieldErrors } from "@/components/ui/field-errors";
import type { SignUpMode } from "@/lib/validations/instance";

type Policy = { mode: SignUpMode; domains: string[]; is_default: boolean };

const MODES: { mode: SignUpMode; label: string; text: string }[] = [
  { mode: "invite_only", label: "Invite-only", text: "Only people with an invitation link from an organization Admin can create an account (the default)." },
  { mode: "domains", label: "Allowed email domains", text: "Anyone with an address at one of these domains can create an account; others need an invitation." },
  { mode: "open", label: "Open", text: "Anyone who can reach this Tollgate can create an account." },
];

/** The operator's sign-up policy: who may create an account on this instance. */
export function SignUpPolicyForm({ account, initial }: { account: string; initial: Policy }) {
  const [mode, setMode] = useState(initial.mode);
  const [domains, setDomains] = useState(initial.domains.join("\n"));
  const [error, setError] = useState<string>();
  const save = useMutation({
    mutationFn: () =>
      apiFetch<{ data: Policy }>(account, "/settings/sign-up", {
        method: "PATCH",
        body: { mode, domains: mode === "domains" ? domains.split(/[\s,]+/).filter(Boolean) : [] },
      }),
    onSuccess: ({ data }) => {
      setError(undefined);
      setDomains(data.domains.join("\n"));
      toast.success(`Sign-up is now ${MODES.find((m) => m.mode === data.mode)!.label.toLowerCase()}.`);
    },
    onError: (e) => {
      const message = e instanceof ApiError ? (Object.values(fieldErrors(e.body))[0] ?? e.message) : "Could not save. Try again.";
      setError(message);
    },
  });
  return (
    <Card className="p-5" data-testid="sign-up-policy">
      <h2 className="font-semibold">Sign-up</h2>
      <p className="mt-1 text-sm text-muted">
        Who may create an account with a password. An invitation link always lets the invited email sign up. Single sign-on users are
        admitted by your identity provider.
      </p>
      <form
        className="mt-4 space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        {MODES.map((m) => (
          <label key={m.mode} className="flex cursor-pointer items-start gap-3 rounded-md border border-border p-3 has-[:checked]:border-brand-500">
            <input type="radio" name="mode" value={m.mode} checked={mode === m.mode} onChange={() => setMode(m.mode)} className="mt-1" data-testid={`sign-up-mode-${m.mode}`} />
            <span>
              <span className="block text-sm font-medium">{m.label}</span>
              <span className="block text-sm text-muted">{m.text}</span>
            </span>
          </label>
        ))}
        {mode === "domains" ? (
          <div className="space-y-1.5">
            <label htmlFor="sign-up-domains" className="block text-sm font-medium">
              Allowed domains (one a line)
            </label>
            <textarea
              id="sign-up-domains"
              data-testid="sign-up-domains"
              value={domains}
              onChange={(e) => setDomains(e.target.value)}
              rows={3}
              placeholder="example.com"
              className="w-full rounded-md border border-border bg-surface px-3 py-2 text-sm"
            />
          </div>
        ) : null}
        {error ? (
          <p className="text-sm text-red-600 dark:text-red-400" data-testid="sign-up-policy-error">
            {error}
          </p>
        ) : null}
        <Button type="submit" disabled={save.isPending} data-testid="sign-up-policy-save">
          {save.isPending ? "Saving…" : "Save"}
        </Button>
      </form>
    </Card>
  );
}
