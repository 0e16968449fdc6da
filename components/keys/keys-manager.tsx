"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { useMutation } from "@tanstack/react-query";
import { KeyRound, MoreHorizontal, Plus, Search } from "lucide-react";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { apiFetch, ApiError } from "@/components/api-client";
import { Button } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { fieldErrors } from "@/components/ui/field-errors";
import { Field, Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Badge, Table, TBody, TD, TH, THead } from "@/components/ui/table";
import { EffectivePolicyButton } from "@/components/guardrails/effective-policy";
import { KeySecret } from "./key-secret";
import { RotationWizard } from "./rotation-wizard";
import { ago, usd, type KeyView } from "./types";

const STATUS_TONE = { active: "green", expiring: "amber", disabled: "gray", expired: "red" } as const;

type FormValues = { name: string; kind: "inference" | "management"; limit: string; limit_reset: string; include_byok_in_limit: boolean; expires_at: string };

function toBody(v: FormValues, isCreate: boolean) {
  return {
    name: v.name,
    limit: v.limit === "" ? null : Number(v.limit),
    limit_reset: v.limit === "" || v.limit_reset === "" ? null : v.limit_reset,
    include_byok_in_limit: v.include_byok_in_limit,
    ...(isCreate ? { kind: v.kind, ...(v.expires_at ? { expires_at: new Date(`${v.expires_at}T00:00:00Z`).toISOString() } : {}) } : {}),
  };
}

export function KeysManager({ account, keys, canManageAll, currentUserId }: { account: string; keys: KeyView[]; canManageAll: boolean; currentUserId: string }) {
  const router = useRouter();
  const [query, setQuery] = useState("");
  const [kind, setKind] = useState("all");
  const [status, setStatus] = useState("live");
  const [owner, setOwner] = useState("all");
  const [dialog, setDialog] = useState<{ type: "create" } | { type: "edit" | "delete" | "rotate"; key: KeyView } | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return keys.filter(
      (k) =>
        (!q || k.name.toLowerCase().includes(q) || k.label.toLowerCase().includes(q) || (k.creator?.email ?? "").toLowerCase().includes(q)) &&
        (kind === "all" || k.kind === kind) &&
        (status === "all" || (status === "live" ? k.status === "active" || k.status === "expiring" : k.status === status)) &&
        (owner === "all" || k.creator_user_id === currentUserId),
    );
  }, [keys, query, kind, status, owner, currentUserId]);

  const mutation = useMutation({
    mutationFn: (args: { path: string; method: string; body?: unknown }) => apiFetch<{ key?: string }>(account, args.path, args),
  });

  async function submit(path: string, method: string, body: unknown, success: string) {
    setErrors({});
    try {
      const result = await mutation.mutateAsync({ path, method, body });
      toast.success(success);
      router.refresh();
      return result;
    } catch (error) {
      if (error instanceof ApiError) {
        const byField = fieldErrors(error.body);
        setErrors(Object.keys(byField).length ? byField : { form: error.message });
        if (!dialog) toast.error(error.message);
      } else setErrors({ form: "Something went wrong. Try again." });
      return null;
    }
  }

  const close = () => {
    setDialog(null);
    setSecret(null);
    setErrors({});
  };

  return (
    <>
      <div className="mb-4 flex flex-col gap-3 lg:flex-row lg:items-center">
        <div className="relative flex-1">
          <Search className="pointer-events-none absolute left-3 top-1/2 h-4 w-4 -translate-y-1/2 text-muted" />
          <Input placeholder="Search by name, label or creator" value={query} onChange={(e) => setQuery(e.target.value)} className="pl-9" aria-label="Search keys" />
        </div>
        <div className="flex flex-wrap gap-2">
          <Select aria-label="Kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="all">All kinds</option>
            <option value="inference">Inference</option>
            <option value="management">Management</option>
          </Select>
          <Select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="live">Working</option>
            <option value="all">All statuses</option>
            <option value="disabled">Disabled</option>
            <option value="expired">Expired</option>
          </Select>
          {canManageAll ? (
            <Select aria-label="Creator" value={owner} onChange={(e) => setOwner(e.target.value)}>
              <option value="all">Everyone&apos;s keys</option>
              <option value="mine">My keys</option>
            </Select>
          ) : null}
          <Button onClick={() => setDialog({ type: "create" })} data-testid="create-key-open">
            <Plus className="h-4 w-4" /> Create key
          </Button>
        </div>
      </div>

      {keys.length === 0 ? (
        <EmptyState icon={<KeyRound className="h-5 w-5" />} title="No API keys yet">
          Create an inference key to call the gateway, or a management key to automate key provisioning.
        </EmptyState>
      ) : (
        <Card className="overflow-x-auto">
          <Table data-testid="keys-table">
            <THead>
              <tr>
                <TH>Key</TH>
                <TH>Kind</TH>
                {canManageAll ? <TH>Creator</TH> : null}
                <TH className="text-right">Limit / remaining</TH>
                <TH className="text-right">Today · week · month</TH>
                <TH>Last used</TH>
                <TH>Status</TH>
                <TH>
                  <span className="sr-only">Actions</span>
                </TH>
              </tr>
            </THead>
            <TBody>
              {shown.map((k) => (
                <tr key={k.hash} data-testid={`key-row-${k.name}`}>
                  <TD>
                    <div className="font-medium">{k.name}</div>
                    <div className="font-mono text-xs text-muted">{k.label}</div>
                  </TD>
                  <TD>
                    <Badge tone={k.kind === "management" ? "brand" : "gray"}>{k.kind === "management" ? "Management" : "Inference"}</Badge>
                  </TD>
                  {canManageAll ? <TD className="text-muted">{k.creator?.name ?? k.creator?.email ?? "—"}</TD> : null}
                  <TD className="whitespace-nowrap text-right tabular-nums">
                    {k.limit === null ? <span className="text-muted">No limit</span> : `${usd(k.limit)} / ${usd(k.limit_remaining)}`}
                    {k.limit_reset ? <div className="text-xs text-muted">resets {k.limit_reset}</div> : null}
                  </TD>
                  <TD className="whitespace-nowrap text-right tabular-nums text-muted">
                    {usd(k.usage_daily)} · {usd(k.usage_weekly)} · {usd(k.usage_monthly)}
                  </TD>
                  <TD className="whitespace-nowrap text-muted">{ago(k.last_used_at)}</TD>
                  <TD>
                    <Badge tone={STATUS_TONE[k.status]}>{k.status === "expiring" ? `expires ${new Date(k.expires_at!).toLocaleDateString()}` : k.status}</Badge>
                  </TD>
                  <TD className="whitespace-nowrap text-right">
                    {k.kind === "inference" ? <EffectivePolicyButton account={account} query={`key_hash=${k.hash}`} subject={k.name} /> : null}
                    <DropdownMenu.Root>
                      <DropdownMenu.Trigger className="rounded-md p-1.5 hover:bg-black/5 dark:hover:bg-white/10" aria-label={`Actions for ${k.name}`}>
                        <MoreHorizontal className="h-4 w-4" />
                      </DropdownMenu.Trigger>
                      <DropdownMenu.Portal>
                        <DropdownMenu.Content align="end" className="z-50 w-44 rounded-lg border border-border bg-surface p-1 text-sm text-fg shadow-lg">
                          {[
                            { label: "Edit", onSelect: () => setDialog({ type: "edit", key: k }) },
                            ...(k.status !== "expired" && !k.rotated_to_hash && !k.disabled ? [{ label: "Rotate…", onSelect: () => setDialog({ type: "rotate", key: k }) }] : []),
                            {
                              label: k.disabled ? "Enable" : "Disable",
                              onSelect: () => submit(`/keys/${k.hash}`, "PATCH", { disabled: !k.disabled }, k.disabled ? "Key enabled." : "Key disabled: it stops working now."),
                            },
                            { label: "Delete…", onSelect: () => setDialog({ type: "delete", key: k }), danger: true },
                          ].map((item) => (
                            <DropdownMenu.Item
                              key={item.label}
                              onSelect={item.onSelect}
                              className={`cursor-pointer rounded-md px-2 py-1.5 outline-none data-[highlighted]:bg-black/5 dark:data-[highlighted]:bg-white/10 ${"danger" in item ? "text-red-600" : ""}`}
                            >
                              {item.label}
                            </DropdownMenu.Item>
                          ))}
                        </DropdownMenu.Content>
                      </DropdownMenu.Portal>
                    </DropdownMenu.Root>
                  </TD>
                </tr>
              ))}
            </TBody>
          </Table>
          {shown.length === 0 ? <p className="px-4 py-6 text-sm text-muted">No keys match these filters.</p> : null}
        </Card>
      )}

      <Dialog open={dialog?.type === "create"} onOpenChange={(o) => !o && close()} title={secret ? "Your new key" : "Create an API key"}>
        {secret ? (
          <div className="space-y-4">
            <KeySecret secret={secret} />
            <div className="flex justify-end">
              <Button onClick={close}>Done</Button>
            </div>
          </div>
        ) : (
          <KeyForm
            isCreate
            canManageAll={canManageAll}
            errors={errors}
            pending={mutation.isPending}
            onSubmit={async (v) => {
              const r = await submit("/keys", "POST", toBody(v, true), "Key created.");
              if (r?.key) setSecret(r.key);
            }}
          />
        )}
      </Dialog>

      <Dialog open={dialog?.type === "edit"} onOpenChange={(o) => !o && close()} title="Edit key">
        {dialog?.type === "edit" ? (
          <KeyForm
            initial={dialog.key}
            canManageAll={canManageAll}
            errors={errors}
            pending={mutation.isPending}
            onSubmit={async (v) => {
              if (await submit(`/keys/${dialog.key.hash}`, "PATCH", toBody(v, false), "Key updated.")) close();
            }}
          />
        ) : null}
      </Dialog>

      <Dialog open={dialog?.type === "delete"} onOpenChange={(o) => !o && close()} title="Delete this key?" description="Applications using it start failing at once. This cannot be undone.">
        {dialog?.type === "delete" ? (
          <div className="space-y-4">
            <p className="text-sm">
              <strong>{dialog.key.name}</strong> <span className="font-mono text-xs text-muted">{dialog.key.label}</span>
            </p>
            {errors.form ? <p className="text-sm text-red-600">{errors.form}</p> : null}
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={close}>
                Cancel
              </Button>
              <Button
                variant="danger"
                data-testid="delete-key-confirm"
                onClick={async () => {
                  if (await submit(`/keys/${dialog.key.hash}`, "DELETE", undefined, "Key deleted.")) close();
                }}
              >
                Delete key
              </Button>
            </div>
          </div>
        ) : null}
      </Dialog>

      {dialog?.type === "rotate" ? <RotationWizard account={account} keyView={dialog.key} open onOpenChange={(o) => !o && close()} /> : null}
    </>
  );
}

function KeyForm({
  initial,
  isCreate = false,
  canManageAll,
  errors,
  pending,
  onSubmit,
}: {
  initial?: KeyView;
  isCreate?: boolean;
  canManageAll: boolean;
  errors: Record<string, string>;
  pending: boolean;
  onSubmit: (v: FormValues) => void;
}) {
  const [v, setV] = useState<FormValues>({
    name: initial?.name ?? "",
    kind: initial?.kind ?? "inference",
    limit: initial?.limit === null || initial?.limit === undefined ? "" : String(initial.limit),
    limit_reset: initial?.limit_reset ?? "",
    include_byok_in_limit: initial?.include_byok_in_limit ?? false,
    expires_at: "",
  });
  const set = (patch: Partial<FormValues>) => setV((old) => ({ ...old, ...patch }));
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(v);
      }}
    >
      <Field label="Name" htmlFor="key-name" error={errors.name}>
        <Input id="key-name" value={v.name} onChange={(e) => set({ name: e.target.value })} autoFocus required maxLength={100} />
      </Field>
      {isCreate && canManageAll ? (
        <Field label="Kind" htmlFor="key-kind" hint={v.kind === "management" ? "Calls the management API (keys, guardrails, members…), never completions." : "Calls the gateway: chat completions, models, GET /key."}>
          <Select id="key-kind" value={v.kind} onChange={(e) => set({ kind: e.target.value as FormValues["kind"] })} className="w-full">
            <option value="inference">Inference</option>
            <option value="management">Management (provisioning)</option>
          </Select>
        </Field>
      ) : null}
      <div className="grid grid-cols-2 gap-3">
        <Field label="Spend limit (USD)" htmlFor="key-limit" error={errors.limit} hint="Empty = no limit">
          <Input id="key-limit" type="number" min="0" step="0.01" value={v.limit} onChange={(e) => set({ limit: e.target.value })} />
        </Field>
        <Field label="Resets" htmlFor="key-reset" error={errors.limit_reset}>
          <Select id="key-reset" value={v.limit_reset} onChange={(e) => set({ limit_reset: e.target.value })} className="w-full" disabled={v.limit === ""}>
            <option value="">Never</option>
            <option value="daily">Daily (UTC)</option>
            <option value="weekly">Weekly (Mon)</option>
            <option value="monthly">Monthly (1st)</option>
          </Select>
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={v.include_byok_in_limit} onChange={(e) => set({ include_byok_in_limit: e.target.checked })} />
        Count spend on your own provider keys (BYOK) toward the limit
      </label>
      {isCreate ? (
        <Field label="Expires (optional)" htmlFor="key-expires" error={errors.expires_at} hint="At 00:00 UTC on that day.">
          <Input id="key-expires" type="date" value={v.expires_at} onChange={(e) => set({ expires_at: e.target.value })} />
        </Field>
      ) : null}
      {errors.form ? (
        <p className="text-sm text-red-600" data-testid="form-error">
          {errors.form}
        </p>
      ) : null}
      <div className="flex justify-end">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : isCreate ? "Create key" : "Save"}
        </Button>
      </div>
    </form>
  );
}
