"use client";

import { useMutation } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { apiFetch, ApiError } from "@/components/api-client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { fieldErrors } from "@/components/ui/field-errors";
import { Field, Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import { Badge, Table, TBody, TD, TH, THead } from "@/components/ui/table";

export type AccountBalanceRow = { id: string; name: string; type: "organization" | "personal"; ownerEmail: string | null; balance: string };
type Settings = { new_personal_grant_usd: number; pool_enabled: boolean };

function errorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return { form: "Something went wrong. Try again." };
  const byField = fieldErrors(error.body);
  return Object.keys(byField).length ? byField : { form: error.message };
}

/** The operator's controls: the instance's credit model, and a grant to any account. */
export function InstanceCredits({ account, accounts, settings }: { account: string; accounts: AccountBalanceRow[]; settings: Settings }) {
  const router = useRouter();
  const [target, setTarget] = useState<AccountBalanceRow | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (patch: Partial<Settings>) => apiFetch(account, "/instance/settings/credits", { method: "PATCH", body: patch }),
    onSuccess: () => {
      toast.success("Saved.");
      setErrors({});
      router.refresh();
    },
    onError: (error) => setErrors(errorsOf(error)),
  });
  const grant = useMutation({
    mutationFn: ({ id, amount, note }: { id: string; amount: number; note: string }) =>
      apiFetch(account, `/instance/accounts/${encodeURIComponent(id)}/credit-grants`, { method: "POST", body: { amount, ...(note ? { note } : {}) } }),
    onSuccess: () => {
      toast.success("Credits granted.");
      setTarget(null);
      router.refresh();
    },
    onError: (error) => setErrors(errorsOf(error)),
  });

  return (
    <>
      <Card className="mb-6 space-y-4 p-5" data-testid="instance-credit-settings">
        <div className="flex items-center justify-between gap-4">
          <div>
            <h2 className="font-semibold" id="pool-enabled-label">Paid models need credits</h2>
            <p className="text-sm text-muted">Off: every account may use paid models without credits; spend is still metered and shown.</p>
          </div>
          <Switch aria-labelledby="pool-enabled-label" checked={settings.pool_enabled} disabled={save.isPending} onCheckedChange={(pool_enabled) => save.mutate({ pool_enabled })} />
        </div>
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ new_personal_grant_usd: Number(new FormData(e.currentTarget).get("grant") ?? "") });
          }}
        >
          <Field label="Credits for each new personal account (USD)" htmlFor="signup-grant" error={errors.new_personal_grant_usd}>
            <Input id="signup-grant" name="grant" type="number" step="0.01" min="0" defaultValue={settings.new_personal_grant_usd} required />
          </Field>
          <Button type="submit" variant="secondary" disabled={save.isPending}>
            Save
          </Button>
        </form>
        {errors.form && !target ? <p className="text-sm text-red-600" data-testid="form-error">{errors.form}</p> : null}
      </Card>
      <Card className="mb-6 overflow-x-auto">
        <div className="border-b border-border px-4 py-3">
          <h2 className="font-semibold">Accounts</h2>
        </div>
        <Table data-testid="instance-accounts">
          <THead>
            <tr>
              <TH>Account</TH>
              <TH>Type</TH>
              <TH className="text-right">Balance</TH>
              <TH />
            </tr>
          </THead>
          <TBody>
            {accounts.map((a) => (
              <tr key={a.id} data-testid={`instance-account-${a.id}`}>
                <TD className="font-medium">
                  {a.name}
                  {a.ownerEmail ? <span className="ml-2 text-xs text-muted">{a.ownerEmail}</span> : null}
                </TD>
                <TD>
                  <Badge tone={a.type === "organization" ? "green" : "gray"}>{a.type === "organization" ? "Organization" : "Personal"}</Badge>
                </TD>
                <TD className="text-right tabular-nums">{a.balance}</TD>
                <TD className="text-right">
                  <Button
                    variant="secondary"
                    aria-label={`Grant credits to ${a.name}`}
                    onClick={() => {
                      setErrors({});
                      setTarget(a);
                    }}
                  >
                    <Plus className="h-4 w-4" /> Grant
                  </Button>
                </TD>
              </tr>
            ))}
          </TBody>
        </Table>
      </Card>
      <Dialog open={target !== null} onOpenChange={(o) => !o && setTarget(null)} title={`Grant credits to ${target?.name ?? ""}`} description="Positive adds to the account's pool; negative takes back and needs a note. Both ledgers record it.">
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            setErrors({});
            grant.mutate({ id: target!.id, amount: Number(form.get("amount") ?? ""), note: String(form.get("note") ?? "") });
          }}
        >
          <Field label="Amount (USD)" htmlFor="grant-amount" error={errors.amount}>
            <Input id="grant-amount" name="amount" type="number" step="0.01" required autoFocus />
          </Field>
          <Field label="Note" htmlFor="grant-note" error={errors.note}>
            <Input id="grant-note" name="note" maxLength={500} />
          </Field>
          {errors.form ? <p className="text-sm text-red-600" data-testid="grant-error">{errors.form}</p> : null}
          <div className="flex justify-end">
            <Button type="submit" disabled={grant.isPending}>
              {grant.isPending ? "Granting…" : "Grant"}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
