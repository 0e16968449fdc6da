"use client";

// The Guardrails page: the list, create/edit with model and provider pickers from the catalog, bulk
// assignment to members and keys, and the assignments. Writes go through /api/v1/guardrails.
import { useMutation } from "@tanstack/react-query";
import { Plus, ShieldCheck } from "lucide-react";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
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
import type { toGuardrailResponse } from "@/lib/api/responses";

export type GuardrailView = ReturnType<typeof toGuardrailResponse>;
export type Option = { value: string; label: string };
export type AssignableKey = { hash: string; name: string; label: string; owner: string | null };
export type AssignableMember = { id: string; email: string; name: string | null };

type Props = {
  account: string;
  canWrite: boolean;
  guardrails: GuardrailView[];
  models: Option[];
  providers: Option[];
  keys: AssignableKey[];
  members: AssignableMember[];
  keyAssignments: { guardrail_id: string; key_hash: string }[];
  memberAssignments: { guardrail_id: string; user_id: string }[];
};

const usd = (n: number) => new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: n !== 0 && n < 0.01 ? 6 : 2 }).format(n);
const PER = { daily: "day", weekly: "week", monthly: "month" } as Record<string, string>;

export function GuardrailsManager(props: Props) {
  const { account, canWrite, guardrails } = props;
  const router = useRouter();
  const [dialog, setDialog] = useState<{ type: "create" } | { type: "edit" | "assign" | "delete"; guardrail: GuardrailView } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const mutation = useMutation({ mutationFn: (args: { path: string; method: string; body?: unknown }) => apiFetch(account, args.path, args) });

  async function submit(calls: { path: string; method: string; body?: unknown }[], success: string) {
    setErrors({});
    try {
      for (const call of calls) await mutation.mutateAsync(call);
      toast.success(success);
      setDialog(null);
      router.refresh();
    } catch (error) {
      if (error instanceof ApiError) {
        const byField = fieldErrors(error.body);
        setErrors(Object.keys(byField).length ? byField : { form: error.message });
      } else setErrors({ form: "Something went wrong. Try again." });
    }
  }

  const keysOf = (id: string) => props.keyAssignments.filter((a) => a.guardrail_id === id);
  const membersOf = (id: string) => props.memberAssignments.filter((a) => a.guardrail_id === id);
  const close = () => {
    setDialog(null);
    setErrors({});
  };

  return (
    <>
      {canWrite ? (
        <div className="mb-4 flex justify-end">
          <Button onClick={() => setDialog({ type: "create" })} data-testid="create-guardrail-open">
            <Plus className="h-4 w-4" /> Create guardrail
          </Button>
        </div>
      ) : null}
      {guardrails.length === 0 ? (
        <EmptyState icon={<ShieldCheck className="h-5 w-5" />} title="No guardrails yet">
          {canWrite ? "Create one, then assign it to members (the baseline of all their keys) or to keys. It enforces nothing until assigned." : "No guardrail applies to you or your keys."}
        </EmptyState>
      ) : (
        <Card className="overflow-x-auto">
          <Table data-testid="guardrails-table">
            <THead>
              <tr>
                <TH>Guardrail</TH>
                <TH>Budget</TH>
                <TH>Restrictions</TH>
                <TH>Assigned to</TH>
                <TH>
                  <span className="sr-only">Actions</span>
                </TH>
              </tr>
            </THead>
            <TBody>
              {guardrails.map((g) => (
                <tr key={g.id} data-testid={`guardrail-row-${g.name}`}>
                  <TD>
                    <div className="font-medium">{g.name}</div>
                    {g.description ? <div className="text-xs text-muted">{g.description}</div> : null}
                  </TD>
                  <TD className="whitespace-nowrap tabular-nums">
                    {g.limit_usd === null ? <span className="text-muted">No budget</span> : `${usd(g.limit_usd)}${g.reset_interval ? ` / ${PER[g.reset_interval]}` : " (never resets)"}`}
                    {g.limit_usd !== null && g.include_byok_in_budgets ? <div className="text-xs text-muted">includes BYOK</div> : null}
                  </TD>
                  <TD>
                    <div className="flex flex-wrap gap-1">
                      {g.allowed_models ? <Badge tone="brand">models: {g.allowed_models.length ? g.allowed_models.join(", ") : "none"}</Badge> : null}
                      {g.ignored_models?.length ? <Badge tone="amber">not: {g.ignored_models.join(", ")}</Badge> : null}
                      {g.allowed_providers ? <Badge tone="brand">providers: {g.allowed_providers.length ? g.allowed_providers.join(", ") : "none"}</Badge> : null}
                      {g.ignored_providers?.length ? <Badge tone="amber">not: {g.ignored_providers.join(", ")}</Badge> : null}
                      {g.enforce_zdr ? <Badge tone="green">ZDR</Badge> : null}
                      {!g.allowed_models && !g.ignored_models?.length && !g.allowed_providers && !g.ignored_providers?.length && !g.enforce_zdr ? <span className="text-xs text-muted">none</span> : null}
                    </div>
                  </TD>
                  <TD className="whitespace-nowrap text-muted">
                    {keysOf(g.id).length} key{keysOf(g.id).length === 1 ? "" : "s"} · {membersOf(g.id).length} member{membersOf(g.id).length === 1 ? "" : "s"}
                  </TD>
                  <TD className="whitespace-nowrap text-right">
                    {canWrite ? (
                      <>
                        <Button size="sm" variant="ghost" onClick={() => setDialog({ type: "assign", guardrail: g })} aria-label={`Assign ${g.name}`}>
                          Assign…
                        </Button>
                        <Button size="sm" variant="ghost" onClick={() => setDialog({ type: "edit", guardrail: g })} aria-label={`Edit ${g.name}`}>
                          Edit
                        </Button>
                        <Button size="sm" variant="ghost" className="text-red-600" onClick={() => setDialog({ type: "delete", guardrail: g })} aria-label={`Delete ${g.name}`}>
                          Delete
                        </Button>
                      </>
                    ) : null}
                  </TD>
                </tr>
              ))}
            </TBody>
          </Table>
        </Card>
      )}

      <Dialog open={dialog?.type === "create" || dialog?.type === "edit"} onOpenChange={(o) => !o && close()} title={dialog?.type === "edit" ? "Edit guardrail" : "Create a guardrail"}>
        {dialog?.type === "create" || dialog?.type === "edit" ? (
          <GuardrailForm
            initial={dialog.type === "edit" ? dialog.guardrail : undefined}
            models={props.models}
            providers={props.providers}
            errors={errors}
            pending={mutation.isPending}
            onSubmit={(body) =>
              dialog.type === "edit"
                ? submit([{ path: `/guardrails/${dialog.guardrail.id}`, method: "PATCH", body }], "Guardrail saved.")
                : submit([{ path: "/guardrails", method: "POST", body }], "Guardrail created. Assign it to members or keys to enforce it.")
            }
          />
        ) : null}
      </Dialog>

      <Dialog open={dialog?.type === "assign"} onOpenChange={(o) => !o && close()} title={dialog?.type === "assign" ? `Assign “${dialog.guardrail.name}”` : "Assign"} description="Members: the baseline of all their keys. Keys: a key holds one guardrail, so assigning replaces its current one.">
        {dialog?.type === "assign" ? (
          <AssignForm
            guardrail={dialog.guardrail}
            keys={props.keys}
            members={props.members}
            keyAssignments={props.keyAssignments}
            memberAssignments={props.memberAssignments}
            guardrailName={(id) => guardrails.find((g) => g.id === id)?.name ?? "another guardrail"}
            error={errors.form}
            pending={mutation.isPending}
            onSubmit={(calls) => submit(calls, "Assignments saved.")}
          />
        ) : null}
      </Dialog>

      <Dialog open={dialog?.type === "delete"} onOpenChange={(o) => !o && close()} title="Delete this guardrail?" description="Its keys and members are no longer restricted by it.">
        {dialog?.type === "delete" ? (
          <div className="space-y-4">
            <p className="text-sm font-medium">{dialog.guardrail.name}</p>
            {errors.form ? <p className="text-sm text-red-600">{errors.form}</p> : null}
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={close}>
                Cancel
              </Button>
              <Button variant="danger" onClick={() => submit([{ path: `/guardrails/${dialog.guardrail.id}`, method: "DELETE" }], "Guardrail deleted.")}>
                Delete guardrail
              </Button>
            </div>
          </div>
        ) : null}
      </Dialog>
    </>
  );
}

/** A checkbox list with a filter. `restrictable`: unchecked "Restrict" = null (everything allowed). */
function SlugPicker({ id, label, options, value, onChange, restrictable, hint }: { id: string; label: string; options: Option[]; value: string[] | null; onChange: (v: string[] | null) => void; restrictable: boolean; hint: string }) {
  const [filter, setFilter] = useState("");
  const shown = useMemo(() => options.filter((o) => `${o.value} ${o.label}`.toLowerCase().includes(filter.toLowerCase())), [options, filter]);
  const selected = value ?? [];
  return (
    <fieldset className="rounded-lg border border-border p-3" data-testid={`picker-${id}`}>
      <legend className="px-1 text-sm font-medium">{label}</legend>
      {restrictable ? (
        <CheckboxField id={`${id}-on`} label="Restrict to a list" hint={hint} checked={value !== null} onChange={(e) => onChange(e.target.checked ? [] : null)} />
      ) : (
        <p className="text-xs text-muted">{hint}</p>
      )}
      {!restrictable || value !== null ? (
        <div className="mt-2 space-y-2">
          <Input placeholder="Filter" aria-label={`Filter ${label}`} value={filter} onChange={(e) => setFilter(e.target.value)} className="h-8" />
          <div className="max-h-36 space-y-1 overflow-y-auto">
            {shown.map((o) => (
              <label key={o.value} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={selected.includes(o.value)}
                  onChange={(e) => onChange(e.target.checked ? [...selected, o.value] : selected.filter((s) => s !== o.value))}
                  aria-label={`${label}: ${o.value}`}
                />
                <span className="font-mono text-xs">{o.value}</span>
                {o.label !== o.value ? <span className="truncate text-xs text-muted">{o.label}</span> : null}
              </label>
            ))}
          </div>
        </div>
      ) : null}
    </fieldset>
  );
}

type FormState = {
  name: string; description: string; limit: string; reset: string; byok: boolean; zdr: boolean;
  allowedModels: string[] | null; ignoredModels: string[]; allowedProviders: string[] | null; ignoredProviders: string[];
};

function GuardrailForm({ initial, models, providers, errors, pending, onSubmit }: { initial?: GuardrailView; models: Option[]; providers: Option[]; errors: Record<string, string>; pending: boolean; onSubmit: (body: unknown) => void }) {
  const [v, setV] = useState<FormState>({
    name: initial?.name ?? "",
    description: initial?.description ?? "",
    limit: initial?.limit_usd === null || initial?.limit_usd === undefined ? "" : String(initial.limit_usd),
    reset: initial?.reset_interval ?? "daily",
    byok: initial?.include_byok_in_budgets ?? false,
    zdr: initial?.enforce_zdr ?? false,
    allowedModels: initial?.allowed_models ?? null,
    ignoredModels: initial?.ignored_models ?? [],
    allowedProviders: initial?.allowed_providers ?? null,
    ignoredProviders: initial?.ignored_providers ?? [],
  });
  const set = (patch: Partial<FormState>) => setV((old) => ({ ...old, ...patch }));
  return (
    <form
      className="max-h-[70vh] space-y-4 overflow-y-auto pr-1"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({
          name: v.name,
          description: v.description || null,
          limit_usd: v.limit === "" ? null : Number(v.limit),
          reset_interval: v.limit === "" || v.reset === "" ? null : v.reset,
          include_byok_in_budgets: v.byok,
          enforce_zdr: v.zdr,
          allowed_models: v.allowedModels,
          ignored_models: v.ignoredModels.length ? v.ignoredModels : null,
          allowed_providers: v.allowedProviders,
          ignored_providers: v.ignoredProviders.length ? v.ignoredProviders : null,
        });
      }}
    >
      <Field label="Name" htmlFor="guardrail-name" error={errors.name}>
        <Input id="guardrail-name" value={v.name} onChange={(e) => set({ name: e.target.value })} required maxLength={100} autoFocus />
      </Field>
      <Field label="Description" htmlFor="guardrail-description" error={errors.description}>
        <Input id="guardrail-description" value={v.description} onChange={(e) => set({ description: e.target.value })} maxLength={1000} />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field label="Budget (USD)" htmlFor="guardrail-limit" error={errors.limit_usd} hint="Per key or per member. Empty = none">
          <Input id="guardrail-limit" type="number" min="0" step="0.01" value={v.limit} onChange={(e) => set({ limit: e.target.value })} />
        </Field>
        <Field label="Resets" htmlFor="guardrail-reset" error={errors.reset_interval}>
          <Select id="guardrail-reset" value={v.reset} onChange={(e) => set({ reset: e.target.value })} className="w-full" disabled={v.limit === ""}>
            <option value="daily">Daily (00:00 UTC)</option>
            <option value="weekly">Weekly (Monday)</option>
            <option value="monthly">Monthly (the 1st)</option>
            <option value="">Never</option>
          </Select>
        </Field>
      </div>
      <CheckboxField id="guardrail-byok" label="Count BYOK spend toward the budget" checked={v.byok} onChange={(e) => set({ byok: e.target.checked })} />
      <CheckboxField id="guardrail-zdr" label="Require zero data retention" hint="Only providers that retain no data serve these requests." checked={v.zdr} onChange={(e) => set({ zdr: e.target.checked })} />
      <SlugPicker id="allowed-models" label="Allowed models" options={models} value={v.allowedModels} onChange={(x) => set({ allowedModels: x })} restrictable hint="Unchecked: every model." />
      <SlugPicker id="ignored-models" label="Ignored models" options={models} value={v.ignoredModels} onChange={(x) => set({ ignoredModels: x ?? [] })} restrictable={false} hint="Never used, even if allowed." />
      <SlugPicker id="allowed-providers" label="Allowed providers" options={providers} value={v.allowedProviders} onChange={(x) => set({ allowedProviders: x })} restrictable hint="Unchecked: every provider." />
      <SlugPicker id="ignored-providers" label="Ignored providers" options={providers} value={v.ignoredProviders} onChange={(x) => set({ ignoredProviders: x ?? [] })} restrictable={false} hint="Never used." />
      {errors.form ? (
        <p className="text-sm text-red-600" data-testid="form-error">
          {errors.form}
        </p>
      ) : null}
      <div className="flex justify-end">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : initial ? "Save" : "Create guardrail"}
        </Button>
      </div>
    </form>
  );
}

function AssignForm({
  guardrail, keys, members, keyAssignments, memberAssignments, guardrailName, error, pending, onSubmit,
}: {
  guardrail: GuardrailView; keys: AssignableKey[]; members: AssignableMember[];
  keyAssignments: Props["keyAssignments"]; memberAssignments: Props["memberAssignments"];
  guardrailName: (id: string) => string; error?: string; pending: boolean;
  onSubmit: (calls: { path: string; method: string; body?: unknown }[]) => void;
}) {
  const initialKeys = keyAssignments.filter((a) => a.guardrail_id === guardrail.id).map((a) => a.key_hash);
  const initialMembers = memberAssignments.filter((a) => a.guardrail_id === guardrail.id).map((a) => a.user_id);
  const [selectedKeys, setKeys] = useState<string[]>(initialKeys);
  const [selectedMembers, setMembers] = useState<string[]>(initialMembers);
  const toggle = (list: string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((x) => x !== value));
  const base = `/guardrails/${guardrail.id}/assignments`;
  return (
    <form
      className="max-h-[70vh] space-y-4 overflow-y-auto pr-1"
      onSubmit={(e) => {
        e.preventDefault();
        const add = (now: string[], before: string[]) => now.filter((x) => !before.includes(x));
        const calls = [
          ...(add(selectedMembers, initialMembers).length ? [{ path: `${base}/members`, method: "POST", body: { member_user_ids: add(selectedMembers, initialMembers) } }] : []),
          ...(add(initialMembers, selectedMembers).length ? [{ path: `${base}/members/remove`, method: "POST", body: { member_user_ids: add(initialMembers, selectedMembers) } }] : []),
          ...(add(selectedKeys, initialKeys).length ? [{ path: `${base}/keys`, method: "POST", body: { key_hashes: add(selectedKeys, initialKeys) } }] : []),
          ...(add(initialKeys, selectedKeys).length ? [{ path: `${base}/keys/remove`, method: "POST", body: { key_hashes: add(initialKeys, selectedKeys) } }] : []),
        ];
        onSubmit(calls);
      }}
    >
      <fieldset className="rounded-lg border border-border p-3">
        <legend className="px-1 text-sm font-medium">Members</legend>
        <div className="max-h-40 space-y-1 overflow-y-auto">
          {members.map((m) => (
            <label key={m.id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={selectedMembers.includes(m.id)} onChange={(e) => setMembers(toggle(selectedMembers, m.id, e.target.checked))} aria-label={`Member ${m.email}`} />
              {m.name ?? m.email} <span className="text-xs text-muted">{m.name ? m.email : ""}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="rounded-lg border border-border p-3">
        <legend className="px-1 text-sm font-medium">Keys</legend>
        {keys.length === 0 ? <p className="text-xs text-muted">No inference keys yet.</p> : null}
        <div className="max-h-40 space-y-1 overflow-y-auto">
          {keys.map((k) => {
            const current = keyAssignments.find((a) => a.key_hash === k.hash);
            const replaces = current && current.guardrail_id !== guardrail.id && selectedKeys.includes(k.hash);
            return (
              <label key={k.hash} className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={selectedKeys.includes(k.hash)} onChange={(e) => setKeys(toggle(selectedKeys, k.hash, e.target.checked))} aria-label={`Key ${k.name}`} />
                {k.name} <span className="font-mono text-xs text-muted">{k.label}</span>
                {current && current.guardrail_id !== guardrail.id ? <span className={`text-xs ${replaces ? "text-amber-600" : "text-muted"}`}>{replaces ? "replaces" : "has"} “{guardrailName(current.guardrail_id)}”</span> : null}
              </label>
            );
          })}
        </div>
      </fieldset>
      {error ? <p className="text-sm text-red-600">{error}</p> : null}
      <div className="flex justify-end">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save assignments"}
        </Button>
      </div>
    </form>
  );
}
