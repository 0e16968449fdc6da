"use client";

import { useMutation } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, KeyRound, Pencil, Plus, Power, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { apiFetch, ApiError } from "@/components/api-client";
import { Button } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { CheckboxField } from "@/components/ui/checkbox";
import { Dialog } from "@/components/ui/dialog";
import { fieldErrors } from "@/components/ui/field-errors";
import { Field, Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Badge, Table, TBody, TD, TH, THead } from "@/components/ui/table";
import { COMMON_PROVIDERS, providerLabel } from "@/lib/byok/providers";

export type ByokRow = {
  id: string;
  provider: string;
  name: string | null;
  label: string;
  sortOrder: number;
  disabled: boolean;
  isFallback: boolean;
  isByokOnly: boolean;
  isRequired: boolean;
  restrictions: string | null;
  createdAt: string;
};

type FormValues = { provider: string; key: string; name: string; isFallback: boolean; isByokOnly: boolean };
type Request = { path: string; method: string; body?: unknown; success: string; form?: boolean };
type DialogState = { kind: "add" } | { kind: "edit"; key: ByokRow } | { kind: "delete"; key: ByokRow } | null;

const displayName = (k: ByokRow) => k.name ?? `${providerLabel(k.provider)} key`;

/** The account's provider keys by provider, in try order, with add / edit / move / disable / delete. */
export function ByokManager({ account, canManage, keys }: { account: string; canManage: boolean; keys: ByokRow[] }) {
  const router = useRouter();
  const [dialog, setDialog] = useState<DialogState>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const mutation = useMutation({
    mutationFn: ({ path, method, body }: Request) => apiFetch(account, path, { method, body }),
    onSuccess: (_data, request) => {
      toast.success(request.success);
      setDialog(null);
      router.refresh();
    },
    onError: (error, request) => {
      const message = error instanceof ApiError ? error.message : "Something went wrong. Try again.";
      if (!request.form) return void toast.error(message);
      const byField = error instanceof ApiError ? fieldErrors(error.body) : {};
      setErrors(Object.keys(byField).length ? byField : { form: message });
    },
  });

  function open(next: DialogState) {
    setErrors({});
    setDialog(next);
  }

  const groups = new Map<string, ByokRow[]>();
  for (const k of keys) groups.set(k.provider, [...(groups.get(k.provider) ?? []), k]);
  for (const rows of groups.values()) rows.sort((a, b) => a.sortOrder - b.sortOrder);

  return (
    <div className="space-y-6">
      {canManage ? (
        <div className="flex justify-end">
          <Button onClick={() => open({ kind: "add" })} data-testid="byok-add-open">
            <Plus className="h-4 w-4" /> Add provider key
          </Button>
        </div>
      ) : null}

      {keys.length === 0 ? (
        <EmptyState icon={<KeyRound className="h-5 w-5" />} title="No provider keys yet">
          Add your own key for a provider and requests to it use your key first, billed by the provider to you.
        </EmptyState>
      ) : (
        [...groups.entries()].map(([provider, rows]) => (
          <Card key={provider} className="overflow-x-auto" data-testid={`byok-provider-${provider}`}>
            <div className="flex items-baseline justify-between gap-4 border-b border-border px-4 py-3">
              <h2 className="font-semibold">{providerLabel(provider)}</h2>
              <code className="text-xs text-muted">{provider}</code>
            </div>
            <Table>
              <THead>
                <tr>
                  <TH className="w-16">Order</TH>
                  <TH>Name</TH>
                  <TH>Key</TH>
                  <TH>Status</TH>
                  <TH>Added</TH>
                  {canManage ? (
                    <TH className="text-right">
                      <span className="sr-only">Actions</span>
                    </TH>
                  ) : null}
                </tr>
              </THead>
              <TBody>
                {rows.map((k, index) => (
                  <tr key={k.id} data-testid={`byok-key-${k.id}`} data-name={k.name ?? ""} className={k.disabled ? "opacity-60" : undefined}>
                    <TD className="tabular-nums text-muted">#{index + 1}</TD>
                    <TD className="font-medium">{displayName(k)}</TD>
                    <TD className="whitespace-nowrap">
                      <code className="rounded bg-black/5 px-1.5 py-0.5 text-xs dark:bg-white/10" data-testid="byok-label">
                        {k.label}
                      </code>
                    </TD>
                    <TD>
                      <div className="flex flex-wrap gap-1">
                        {k.disabled ? <Badge tone="red">Disabled</Badge> : <Badge tone="green">Enabled</Badge>}
                        {k.isFallback ? <Badge tone="amber">Fallback</Badge> : null}
                        {k.isByokOnly ? <Badge tone="brand">Always use this key</Badge> : null}
                        {k.isRequired ? <Badge tone="gray">Required</Badge> : null}
                        {k.restrictions ? (
                          <Badge tone="gray" title={k.restrictions}>
                            Restricted
                          </Badge>
                        ) : null}
                      </div>
                    </TD>
                    <TD className="whitespace-nowrap text-muted">{k.createdAt}</TD>
                    {canManage ? (
                      <TD className="whitespace-nowrap text-right">
                        <Button
                          size="sm"
                          variant="ghost"
                          aria-label={`Move ${displayName(k)} up`}
                          disabled={index === 0 || mutation.isPending}
                          onClick={() => mutation.mutate({ path: `/byok/${k.id}`, method: "PATCH", body: { sort_order: index - 1 }, success: "Order saved." })}
                        >
                          <ArrowUp className="h-4 w-4" />
                        </Button>
                        <Button
                          size="sm"
                          variant="ghost"
                          aria-label={`Move ${displayName(k)} down`}
                          disabled={index === rows.length - 1 || mutation.isPending}
                          onClick={() => mutation.mutate({ path: `/byok/${k.id}`, method: "PATCH", body: { sort_order: index + 1 }, success: "Order saved." })}
                        >
                          <ArrowDown className="h-4 w-4" />
                        </Button>
                        <Button size="sm" variant="ghost" aria-label={`Edit ${displayName(k)}`} onClick={() => open({ kind: "edit", key: k })}>
                          <Pencil className="h-4 w-4" /> Edit
                        </Button>
                        <Button
                          size="sm"
                          variant="ghost"
                          aria-label={`${k.disabled ? "Enable" : "Disable"} ${displayName(k)}`}
                          disabled={mutation.isPending}
                          onClick={() =>
                            mutation.mutate({
                              path: `/byok/${k.id}`,
                              method: "PATCH",
                              body: { disabled: !k.disabled },
                              success: `${displayName(k)} ${k.disabled ? "enabled" : "disabled"}.`,
                            })
                          }
                        >
                          <Power className="h-4 w-4" /> {k.disabled ? "Enable" : "Disable"}
                        </Button>
                        <Button size="sm" variant="ghost" aria-label={`Delete ${displayName(k)}`} onClick={() => open({ kind: "delete", key: k })}>
                          <Trash2 className="h-4 w-4" /> Delete
                        </Button>
                      </TD>
                    ) : null}
                  </tr>
                ))}
              </TBody>
            </Table>
          </Card>
        ))
      )}

      <Dialog
        open={dialog?.kind === "add" || dialog?.kind === "edit"}
        onOpenChange={(o) => !o && setDialog(null)}
        title={dialog?.kind === "edit" ? `Edit ${displayName(dialog.key)}` : "Add a provider key"}
        description={
          dialog?.kind === "edit"
            ? "Rename it, replace the secret or change how it is used."
            : "The key is encrypted at rest and never shown again: only its last four characters."
        }
      >
        {dialog?.kind === "add" || dialog?.kind === "edit" ? (
          <KeyForm
            key={dialog.kind === "edit" ? dialog.key.id : "add"}
            editing={dialog.kind === "edit" ? dialog.key : null}
            pending={mutation.isPending}
            errors={errors}
            onSubmit={(values) => {
              setErrors({});
              if (dialog.kind === "add") {
                mutation.mutate({
                  form: true,
                  path: "/byok",
                  method: "POST",
                  body: { provider: values.provider, key: values.key, name: values.name.trim() || null, is_fallback: values.isFallback, is_byok_only: values.isByokOnly },
                  success: `${providerLabel(values.provider)} key added.`,
                });
              } else {
                mutation.mutate({
                  form: true,
                  path: `/byok/${dialog.key.id}`,
                  method: "PATCH",
                  body: { name: values.name.trim() || null, is_fallback: values.isFallback, is_byok_only: values.isByokOnly, ...(values.key ? { key: values.key } : {}) },
                  success: values.key ? "Key replaced and saved." : "Saved.",
                });
              }
            }}
          />
        ) : null}
      </Dialog>

      <Dialog
        open={dialog?.kind === "delete"}
        onOpenChange={(o) => !o && setDialog(null)}
        title="Delete this provider key?"
        description={dialog?.kind === "delete" ? `${displayName(dialog.key)} (${dialog.key.label}) is deleted at once; requests to ${providerLabel(dialog.key.provider)} stop using it.` : undefined}
      >
        {dialog?.kind === "delete" ? (
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setDialog(null)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              data-testid="byok-delete-confirm"
              disabled={mutation.isPending}
              onClick={() => mutation.mutate({ path: `/byok/${dialog.key.id}`, method: "DELETE", success: `${displayName(dialog.key)} deleted.` })}
            >
              <Trash2 className="h-4 w-4" /> Delete key
            </Button>
          </div>
        ) : null}
      </Dialog>
    </div>
  );
}

function KeyForm({ editing, pending, errors, onSubmit }: { editing: ByokRow | null; pending: boolean; errors: Record<string, string>; onSubmit: (values: FormValues) => void }) {
  const [values, setValues] = useState<FormValues>({
    provider: editing?.provider ?? COMMON_PROVIDERS[0],
    key: "",
    name: editing?.name ?? "",
    isFallback: editing?.isFallback ?? false,
    isByokOnly: editing?.isByokOnly ?? false,
  });
  const set = (patch: Partial<FormValues>) => setValues((v) => ({ ...v, ...patch }));
  const provider = providerLabel(values.provider);
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(values);
      }}
    >
      <Field label="Provider" htmlFor="byok-provider" error={errors.provider}>
        {editing ? (
          <Input id="byok-provider" value={`${provider} (${values.provider})`} disabled readOnly />
        ) : (
          <Select id="byok-provider" className="w-full" value={values.provider} onChange={(e) => set({ provider: e.target.value })}>
            {COMMON_PROVIDERS.map((p) => (
              <option key={p} value={p}>
                {providerLabel(p)}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field
        label={editing ? "Replace key (optional)" : "API key"}
        htmlFor="byok-key"
        error={errors.key}
        hint={editing ? `Leave empty to keep the current key (${editing.label}).` : "Paste the key from the provider's dashboard."}
      >
        <Input
          id="byok-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={values.key}
          onChange={(e) => set({ key: e.target.value })}
          required={!editing}
          autoFocus={!editing}
        />
      </Field>
      <Field label="Name (optional)" htmlFor="byok-name" error={errors.name} hint="To tell your keys apart, e.g. “Production”.">
        <Input id="byok-name" value={values.name} maxLength={100} onChange={(e) => set({ name: e.target.value })} />
      </Field>
      <CheckboxField
        id="byok-fallback"
        label="Fallback"
        hint={`Tried only after your other ${provider} keys fail.`}
        checked={values.isFallback}
        onChange={(e) => set({ isFallback: e.target.checked, ...(e.target.checked ? { isByokOnly: false } : {}) })}
      />
      <CheckboxField
        id="byok-always"
        label="Always use this key"
        hint={`Requests to ${provider} never use shared capacity: if your keys fail, the request fails. Not with Fallback.`}
        checked={values.isByokOnly}
        onChange={(e) => set({ isByokOnly: e.target.checked, ...(e.target.checked ? { isFallback: false } : {}) })}
      />
      {errors.is_byok_only || errors.is_fallback ? <p className="text-sm text-red-600 dark:text-red-400">{errors.is_byok_only ?? errors.is_fallback}</p> : null}
      {errors.form ? (
        <p className="text-sm text-red-600 dark:text-red-400" data-testid="form-error">
          {errors.form}
        </p>
      ) : null}
      <div className="flex justify-end">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : editing ? "Save" : "Add key"}
        </Button>
      </div>
    </form>
  );
}
