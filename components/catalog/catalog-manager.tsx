"use client";

import { useMutation } from "@tanstack/react-query";
import { ChevronDown, ChevronRight, Lock, Pencil, Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { Fragment, useState } from "react";
import { toast } from "sonner";
import { apiFetch, ApiError } from "@/components/api-client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { fieldErrors } from "@/components/ui/field-errors";
import { Switch } from "@/components/ui/switch";
import { Badge, Table, TBody, TD, TH, THead } from "@/components/ui/table";
import type { CatalogEndpointResponse, CatalogProviderResponse } from "@/lib/api/responses";
import { EndpointForm, ProviderForm, type ModelOption } from "./catalog-forms";

type DialogState =
  | { type: "create-provider" }
  | { type: "edit-provider"; provider: CatalogProviderResponse }
  | { type: "delete-provider"; provider: CatalogProviderResponse }
  | { type: "create-endpoint"; provider: CatalogProviderResponse }
  | { type: "edit-endpoint"; provider: CatalogProviderResponse; endpoint: CatalogEndpointResponse }
  | { type: "delete-endpoint"; provider: CatalogProviderResponse; endpoint: CatalogEndpointResponse };

const price = (usd: number | null) => (usd === null ? "—" : `$${usd.toLocaleString("en-US", { maximumFractionDigits: 6 })}`);
const tokens = (n: number) => (n >= 1000 ? `${Math.round(n / 1000)}k` : String(n));

export function KeyStatus({ provider }: { provider: CatalogProviderResponse }) {
  if (provider.is_sandbox) return <span className="text-muted">none needed</span>;
  if (provider.api_key.is_set) {
    return (
      <span className="whitespace-nowrap" data-testid={`key-status-${provider.slug}`}>
        set <span className="font-mono text-xs text-muted">{provider.api_key.hint}</span>
      </span>
    );
  }
  return (
    <span className="text-amber-700 dark:text-amber-300" data-testid={`key-status-${provider.slug}`} title="Without an instance key this provider is used only with an account's own key (BYOK).">
      not set
    </span>
  );
}

export function PrivacyBadges({ provider }: { provider: CatalogProviderResponse }) {
  return (
    <div className="flex flex-wrap gap-1 whitespace-nowrap">
      {provider.zdr ? (
        <Badge tone="green" title="Zero data retention: keeps no prompts or responses">ZDR</Badge>
      ) : (
        <Badge tone="amber" title="Keeps prompts or responses for a while">Retains data</Badge>
      )}
      {provider.trains_on_data ? <Badge tone="red">Trains on data</Badge> : null}
    </div>
  );
}

/** The shared provider catalog: everyone sees it, instance admins edit it. */
export function CatalogManager({ account, providers, canEdit }: { account: string; providers: CatalogProviderResponse[]; canEdit: boolean }) {
  const router = useRouter();
  const [open, setOpen] = useState<Set<string>>(() => new Set(providers.filter((p) => p.is_sandbox).map((p) => p.slug)));
  const [dialog, setDialog] = useState<DialogState | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const mutation = useMutation({ mutationFn: (args: { path: string; method: string; body?: unknown }) => apiFetch(account, args.path, args) });

  const models: ModelOption[] = [];
  for (const p of providers) for (const e of p.endpoints) if (!models.some((m) => m.slug === e.model.slug)) models.push(e.model);
  models.sort((a, b) => a.slug.localeCompare(b.slug));

  async function submit(path: string, method: string, body: unknown, success: string): Promise<boolean> {
    setErrors({});
    try {
      await mutation.mutateAsync({ path, method, body });
      toast.success(success);
      router.refresh();
      return true;
    } catch (error) {
      if (error instanceof ApiError) {
        const byField = fieldErrors(error.body);
        setErrors(Object.keys(byField).length ? byField : { form: error.message });
        if (!dialog) toast.error(error.message);
      } else setErrors({ form: "Something went wrong. Try again." });
      return false;
    }
  }

  const close = () => {
    setDialog(null);
    setErrors({});
  };
  const toggle = (slug: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(slug)) next.delete(slug);
      else next.add(slug);
      return next;
    });
  const allOpen = providers.every((p) => open.has(p.slug));

  return (
    <>
      {!canEdit ? (
        <p className="mb-4 flex items-center gap-2 rounded-lg border border-border bg-surface px-4 py-3 text-sm text-muted" data-testid="catalog-read-only">
          <Lock className="h-4 w-4 shrink-0" /> The catalog is shared by everyone on this Tollgate. Only an instance admin (the first person who signed up) can change it.
        </p>
      ) : null}
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <Button variant="ghost" size="sm" onClick={() => setOpen(allOpen ? new Set() : new Set(providers.map((p) => p.slug)))}>
          {allOpen ? "Collapse all" : "Show all models"}
        </Button>
        {canEdit ? (
          <Button onClick={() => setDialog({ type: "create-provider" })} data-testid="add-provider-open">
            <Plus className="h-4 w-4" /> Add custom provider
          </Button>
        ) : null}
      </div>
      <Card className="overflow-x-auto">
        <Table data-testid="providers-table">
          <THead>
            <tr>
              <TH>Provider</TH>
              <TH>Base URL</TH>
              <TH>Data</TH>
              <TH>Instance key</TH>
              <TH>Models</TH>
              <TH>Enabled</TH>
              {canEdit ? (
                <TH>
                  <span className="sr-only">Actions</span>
                </TH>
              ) : null}
            </tr>
          </THead>
          <TBody>
            {providers.map((p) => (
              <Fragment key={p.slug}>
                <tr data-testid={`provider-row-${p.slug}`} className={p.enabled ? "" : "opacity-60"}>
                  <TD>
                    <div className="font-medium">{p.name}</div>
                    <div className="font-mono text-xs text-muted">{p.slug}</div>
                    {p.is_sandbox ? (
                      <div className="mt-1 whitespace-nowrap">
                        <Badge tone="brand" data-testid={`sandbox-badge-${p.slug}`}>
                          Sandbox · built in, works offline
                        </Badge>
                      </div>
                    ) : null}
                  </TD>
                  <TD className="max-w-56 truncate font-mono text-xs text-muted" title={p.base_url}>
                    {p.is_sandbox ? "built in (loopback)" : p.base_url}
                  </TD>
                  <TD>
                    <PrivacyBadges provider={p} />
                  </TD>
                  <TD className="whitespace-nowrap">
                    <KeyStatus provider={p} />
                  </TD>
                  <TD>
                    <button
                      type="button"
                      className="inline-flex items-center gap-1 whitespace-nowrap text-sm text-brand-600 hover:underline"
                      onClick={() => toggle(p.slug)}
                      aria-expanded={open.has(p.slug)}
                      data-testid={`models-toggle-${p.slug}`}
                    >
                      {open.has(p.slug) ? <ChevronDown className="h-4 w-4" /> : <ChevronRight className="h-4 w-4" />}
                      {p.endpoints.length} model{p.endpoints.length === 1 ? "" : "s"}
                    </button>
                  </TD>
                  <TD>
                    {canEdit ? (
                      <Switch
                        aria-label={`${p.name} enabled`}
                        data-testid={`provider-enabled-${p.slug}`}
                        checked={p.enabled}
                        disabled={mutation.isPending}
                        onCheckedChange={(enabled) => submit(`/catalog/providers/${p.slug}`, "PATCH", { enabled }, `${p.name} ${enabled ? "enabled" : "disabled"}.`)}
                      />
                    ) : (
                      <Badge tone={p.enabled ? "green" : "gray"}>{p.enabled ? "Enabled" : "Disabled"}</Badge>
                    )}
                  </TD>
                  {canEdit ? (
                    <TD className="text-right">
                      <Button variant="ghost" size="sm" onClick={() => setDialog({ type: "edit-provider", provider: p })} aria-label={`Edit ${p.name}`} data-testid={`edit-provider-${p.slug}`}>
                        <Pencil className="h-4 w-4" /> Edit
                      </Button>
                    </TD>
                  ) : null}
                </tr>
                {open.has(p.slug) ? (
                  <tr data-testid={`endpoints-${p.slug}`}>
                    <td colSpan={canEdit ? 7 : 6} className="bg-black/[0.02] px-4 pb-4 pt-1 dark:bg-white/[0.02]">
                      <EndpointsTable provider={p} canEdit={canEdit} onEdit={(endpoint) => setDialog({ type: "edit-endpoint", provider: p, endpoint })} onDelete={(endpoint) => setDialog({ type: "delete-endpoint", provider: p, endpoint })} />
                      {canEdit ? (
                        <Button variant="secondary" size="sm" className="mt-3" onClick={() => setDialog({ type: "create-endpoint", provider: p })} data-testid={`add-endpoint-${p.slug}`}>
                          <Plus className="h-4 w-4" /> Add model to {p.name}
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </TBody>
        </Table>
      </Card>

      <Dialog open={dialog?.type === "create-provider"} onOpenChange={(o) => !o && close()} title="Add a custom provider" description="Any OpenAI-compatible server: vLLM, Ollama, LM Studio, another gateway… Tollgate calls <base URL>/chat/completions.">
        {dialog?.type === "create-provider" ? (
          <ProviderForm
            errors={errors}
            pending={mutation.isPending}
            onSubmit={async (body) => {
              if (await submit("/catalog/providers", "POST", body, "Provider added. Add its models next.")) close();
            }}
          />
        ) : null}
      </Dialog>

      <Dialog open={dialog?.type === "edit-provider"} onOpenChange={(o) => !o && close()} title={dialog?.type === "edit-provider" ? `Edit ${dialog.provider.name}` : ""}>
        {dialog?.type === "edit-provider" ? (
          <ProviderForm
            initial={dialog.provider}
            errors={errors}
            pending={mutation.isPending}
            onSubmit={async (body) => {
              if (await submit(`/catalog/providers/${dialog.provider.slug}`, "PATCH", body, `${dialog.provider.name} saved.`)) close();
            }}
            onDelete={dialog.provider.is_sandbox ? undefined : () => setDialog({ type: "delete-provider", provider: dialog.provider })}
          />
        ) : null}
      </Dialog>

      <Dialog
        open={dialog?.type === "delete-provider"}
        onOpenChange={(o) => !o && close()}
        title="Remove this provider?"
        description="Its endpoints leave the catalog at once, and models that no other provider serves go with them."
      >
        {dialog?.type === "delete-provider" ? (
          <ConfirmDelete
            what={`${dialog.provider.name} (${dialog.provider.slug})`}
            error={errors.form}
            label="Remove provider"
            onCancel={close}
            onConfirm={async () => {
              if (await submit(`/catalog/providers/${dialog.provider.slug}`, "DELETE", undefined, `${dialog.provider.name} removed.`)) close();
            }}
          />
        ) : null}
      </Dialog>

      <Dialog
        open={dialog?.type === "create-endpoint" || dialog?.type === "edit-endpoint"}
        onOpenChange={(o) => !o && close()}
        title={dialog?.type === "edit-endpoint" ? `${dialog.endpoint.model.slug} on ${dialog.provider.name}` : dialog?.type === "create-endpoint" ? `Add a model to ${dialog.provider.name}` : ""}
        description={dialog?.type === "create-endpoint" ? "Pick a model of the catalog, or type a new author/model slug to create it. Prices are USD per million tokens." : "Prices are USD per million tokens."}
      >
        {dialog?.type === "create-endpoint" || dialog?.type === "edit-endpoint" ? (
          <EndpointForm
            key={dialog.type === "edit-endpoint" ? dialog.endpoint.id : dialog.provider.slug}
            initial={dialog.type === "edit-endpoint" ? dialog.endpoint : undefined}
            models={models}
            errors={errors}
            pending={mutation.isPending}
            onSubmit={async (body) => {
              const ok =
                dialog.type === "edit-endpoint"
                  ? await submit(`/catalog/endpoints/${dialog.endpoint.id}`, "PATCH", body, "Endpoint saved.")
                  : await submit(`/catalog/providers/${dialog.provider.slug}/endpoints`, "POST", body, "Model added.");
              if (ok) close();
            }}
          />
        ) : null}
      </Dialog>

      <Dialog open={dialog?.type === "delete-endpoint"} onOpenChange={(o) => !o && close()} title="Remove this endpoint?" description="Requests for the model stop going to this provider at once.">
        {dialog?.type === "delete-endpoint" ? (
          <ConfirmDelete
            what={`${dialog.endpoint.model.slug} on ${dialog.provider.name}`}
            error={errors.form}
            label="Remove endpoint"
            onCancel={close}
            onConfirm={async () => {
              if (await submit(`/catalog/endpoints/${dialog.endpoint.id}`, "DELETE", undefined, "Endpoint removed.")) close();
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}

function EndpointsTable({ provider, canEdit, onEdit, onDelete }: { provider: CatalogProviderResponse; canEdit: boolean; onEdit: (e: CatalogEndpointResponse) => void; onDelete: (e: CatalogEndpointResponse) => void }) {
  if (!provider.endpoints.length) return <p className="py-3 text-sm text-muted">No models yet.</p>;
  return (
    <Table className="text-xs sm:text-sm">
      <THead>
        <tr className="whitespace-nowrap">
          <TH>Model</TH>
          <TH>Upstream id</TH>
          <TH className="text-right" title="USD per million prompt tokens">Prompt $/M</TH>
          <TH className="text-right" title="USD per million completion tokens">Completion $/M</TH>
          <TH className="text-right" title="USD per million cached prompt tokens">Cached $/M</TH>
          <TH className="text-right">Context</TH>
          <TH>Tools</TH>
          <TH>Status</TH>
          {canEdit ? (
            <TH>
              <span className="sr-only">Actions</span>
            </TH>
          ) : null}
        </tr>
      </THead>
      <TBody>
        {provider.endpoints.map((e) => (
          <tr key={e.id} data-testid={`endpoint-row-${provider.slug}-${e.model.slug}`}>
            <TD>
              <div className="font-medium">{e.model.name}</div>
              <div className="font-mono text-xs text-muted">{e.model.slug}</div>
            </TD>
            <TD className="font-mono text-xs text-muted">{e.upstream_model}</TD>
            <TD className="text-right tabular-nums">{price(e.pricing.prompt)}</TD>
            <TD className="text-right tabular-nums">{price(e.pricing.completion)}</TD>
            <TD className="text-right tabular-nums text-muted">{price(e.pricing.cached)}</TD>
            <TD className="text-right tabular-nums text-muted">{tokens(e.context_length)}</TD>
            <TD className="text-muted">{e.supports_tools ? "yes" : "no"}</TD>
            <TD>
              <Badge tone={e.enabled ? "green" : "gray"}>{e.enabled ? "Enabled" : "Disabled"}</Badge>
            </TD>
            {canEdit ? (
              <TD className="whitespace-nowrap text-right">
                <button type="button" className="rounded-md p-1.5 text-muted hover:bg-black/5 hover:text-fg dark:hover:bg-white/10" aria-label={`Edit ${e.model.slug} on ${provider.name}`} onClick={() => onEdit(e)}>
                  <Pencil className="h-4 w-4" />
                </button>
                <button type="button" className="rounded-md p-1.5 text-muted hover:bg-black/5 hover:text-red-600 dark:hover:bg-white/10" aria-label={`Remove ${e.model.slug} from ${provider.name}`} onClick={() => onDelete(e)}>
                  <Trash2 className="h-4 w-4" />
                </button>
              </TD>
            ) : null}
          </tr>
        ))}
      </TBody>
    </Table>
  );
}

function ConfirmDelete({ what, error, label, onCancel, onConfirm }: { what: string; error?: string; label: string; onCancel: () => void; onConfirm: () => void }) {
  return (
    <div className="space-y-4">
      <p className="text-sm font-medium">{what}</p>
      {error ? <p className="text-sm text-red-600">{error}</p> : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button variant="danger" onClick={onConfirm} data-testid="confirm-delete">
          {label}
        </Button>
      </div>
    </div>
  );
}
