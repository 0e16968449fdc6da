"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { apiFetch, ApiError } from "@/components/api-client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/input";

export function OrganizationSettings({ account, name, canRename, canDelete }: { account: string; name: string; canRename: boolean; canDelete: boolean }) {
  const router = useRouter();
  const [newName, setNewName] = useState(name);
  const [confirmName, setConfirmName] = useState("");
  const rename = useMutation({
    mutationFn: () => apiFetch(account, "/organization", { method: "PATCH", body: { name: newName } }),
    onSuccess: () => {
      toast.success("Organization renamed.");
      router.refresh();
    },
    onError: (e) => toast.error(e instanceof ApiError ? e.message : "Could not rename."),
  });
  const remove = useMutation({
    mutationFn: () => apiFetch(account, "/organization", { method: "DELETE", body: { confirm_name: confirmName } }),
    onSuccess: () => {
      toast.success(`${name} was deleted.`);
      router.push("/personal");
      router.refresh();
    },
    onError: (e) => toast.error(e instanceof ApiError ? e.message : "Could not delete."),
  });
  return (
    <div className="space-y-6">
      {canRename ? (
        <Card className="p-5">
          <h2 className="font-semibold">Organization name</h2>
          <form
            className="mt-4 flex flex-col gap-3 sm:flex-row sm:items-end"
            onSubmit={(e) => {
              e.preventDefault();
              rename.mutate();
            }}
          >
            <div className="flex-1">
              <Field label="Name" htmlFor="org-rename" hint="The URL stays the same.">
                <Input id="org-rename" value={newName} onChange={(e) => setNewName(e.target.value)} maxLength={80} />
              </Field>
            </div>
            <Button type="submit" disabled={rename.isPending || newName.trim() === name || !newName.trim()}>
              Save
            </Button>
          </form>
        </Card>
      ) : null}
      {canDelete ? (
        <Card className="border-red-200 p-5 dark:border-red-900/60">
          <h2 className="font-semibold text-red-700 dark:text-red-400">Delete organization</h2>
          <p className="mt-1 text-sm text-muted">
            Deletes {name} with its members, invitations, credits and API keys. Every key stops working at once. This cannot be undone.
          </p>
          <form
            className="mt-4 flex flex-col gap-3 sm:flex-row sm:items-end"
            onSubmit={(e) => {
              e.preventDefault();
              remove.mutate();
            }}
          >
            <div className="flex-1">
              <Field label={`Type ${name} to confirm`} htmlFor="org-delete-confirm">
                <Input id="org-delete-confirm" value={confirmName} onChange={(e) => setConfirmName(e.target.value)} autoComplete="off" />
              </Field>
            </div>
            <Button type="submit" variant="danger" disabled={remove.isPending || confirmName !== name}>
              Delete organization
            </Button>
          </form>
        </Card>
      ) : null}
    </div>
  );
}
