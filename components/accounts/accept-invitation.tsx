"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch, ApiError } from "@/components/api-client";
import { Button } from "@/components/ui/button";

export function AcceptInvitation({ token, orgName }: { token: string; orgName: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <div className="space-y-3">
      {error ? <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-500/10 dark:text-red-300" data-testid="form-error">{error}</p> : null}
      <Button
        className="w-full"
        disabled={pending}
        onClick={async () => {
          setPending(true);
          try {
            const result = await apiFetch<{ data: { organization: { slug: string } } }>("personal", "/invitations/accept", { method: "POST", body: { token } });
            router.push(`/${result.data.organization.slug}`);
            router.refresh();
          } catch (e) {
            setPending(false);
            setError(e instanceof ApiError ? e.message : "Could not accept the invitation.");
          }
        }}
      >
        {pending ? "Joining…" : `Join ${orgName}`}
      </Button>
    </div>
  );
}
