"use client";

import { useMutation } from "@tanstack/react-query";
import { Plus, SlidersHorizontal } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { apiFetch, ApiError } from "@/components/api-client";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { fieldErrors } from "@/components/ui/field-errors";
import { Field, Input } from "@/components/ui/input";

type Kind = "top-up" | "adjustment" | "threshold";
const TITLES: Record<Kind, string> = { "top-up": "Add credits", adjustment: "Adjust the balance", threshold: "Low-balance alert" };

/**
 * Controls for the credit pool: top-up and adjustment for the instance operator (the server refuses
 * anyone else), the low-balance threshold for the account's Admins.
 */
export function CreditsActions({ account, threshold, canGrant, canSetAlert }: { account: string; threshold: number; canGrant: boolean; canSetAlert: boolean }) {
  const router = useRouter();
  const [open, setOpen] = useState<Kind | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: ({ kind, values }: { kind: Kind; values: Record<string, string> }) => {
      if (kind === "threshold") return apiFetch(account, "/credits/settings", { method: "PATCH", body: { low_balance_threshold: Number(values.amount) } });
      const body = { amount: Number(values.amount), ...(values.note ? { note: values.note } : {}) };
      return apiFetch(account, kind === "top-up" ? "/credits/top-ups" : "/credits/adjustments", { method: "POST", body });
    },
    onSuccess: (_data, { kind }) => {
      toast.success(kind === "threshold" ? "Threshold saved." : "Balance updated.");
      setOpen(null);
      router.refresh();
    },
    onError: (error) => {
      if (error instanceof ApiError) {
        const byField = fieldErrors(error.body);
        setErrors(Object.keys(byField).length ? { amount: byField.amount ?? byField.low_balance_threshold, note: byField.note } : { form: error.message });
      } else setErrors({ form: "Something went wrong. Try again." });
    },
  });

  function openDialog(kind: Kind) {
    setErrors({});
    setOpen(kind);
  }

  return (
    <div className="flex flex-wrap gap-2">
      {canGrant ? (
        <>
          <Button onClick={() => openDialog("top-up")} data-testid="top-up-open">
            <Plus className="h-4 w-4" /> Add credits
          </Button>
          <Button variant="secondary" onClick={() => openDialog("adjustment")}>
            Adjust
          </Button>
        </>
      ) : null}
      {canSetAlert ? (
        <Button variant="secondary" onClick={() => openDialog("threshold")} data-testid="threshold-open">
          <SlidersHorizontal className="h-4 w-4" /> Alert threshold
        </Button>
      ) : null}
      <Dialog
        open={open !== null}
        onOpenChange={(o) => !o && setOpen(null)}
        title={open ? TITLES[open] : ""}
        description={
          open === "adjustment"
            ? "A correction: positive adds, negative removes. Say why; it goes into the ledger."
            : open === "threshold"
              ? "The overview warns when the balance is at or below this amount."
              : "As the instance operator, grant credits to this account's pool (invoice, purchase order…)."
        }
      >
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            setErrors({});
            mutation.mutate({ kind: open!, values: { amount: String(form.get("amount") ?? ""), note: String(form.get("note") ?? "") } });
          }}
        >
          <Field label={open === "threshold" ? "Threshold (USD)" : "Amount (USD)"} htmlFor="credit-amount" error={errors.amount}>
            <Input id="credit-amount" name="amount" type="number" step="0.01" defaultValue={open === "threshold" ? threshold : undefined} required autoFocus />
          </Field>
          {open !== "threshold" ? (
            <Field label={open === "adjustment" ? "Reason" : "Note (optional)"} htmlFor="credit-note" error={errors.note}>
              <Input id="credit-note" name="note" maxLength={500} required={open === "adjustment"} />
            </Field>
          ) : null}
          {errors.form ? <p className="text-sm text-red-600" data-testid="form-error">{errors.form}</p> : null}
          <div className="flex justify-end">
            <Button type="submit" disabled={mutation.isPending}>
              {mutation.isPending ? "Saving…" : "Save"}
            </Button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
