"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { CatalogEndpointResponse, CatalogProviderResponse } from "@/lib/api/responses";
import { API_FORMATS, type ApiFormat } from "@/lib/gateway/providers/types";

const FORMAT_LABELS: Record<ApiFormat, string> = { openai: "OpenAI-compatible", anthropic: "Anthropic (Messages API)", "azure-openai": "Azure OpenAI", gemini: "Google Gemini API", bedrock: "AWS Bedrock (Converse)" };
const FORMAT_HINTS: Record<string, string> = {
  openai: "OpenAI, vLLM, Ollama, Groq, Together, another gateway: POST <base URL>/chat/completions with a Bearer key.",
  anthropic: "Claude: POST <base URL>/messages with x-api-key and anthropic-version.",
  "azure-openai": "An Azure OpenAI resource: deployments, api-version and the api-key header.",
  gemini: "Gemini: POST <base URL>/models/<model>:generateContent with x-goog-api-key.",
  bedrock: 'Bedrock Converse, signed with SigV4. The API key is JSON: {"accessKeyId","secretAccessKey","sessionToken"?,"region"?}.',
};
const BASE_URL_HINTS: Record<string, string> = {
  openai: "Usually ending in /v1, e.g. http://127.0.0.1:8000/v1",
  anthropic: "https://api.anthropic.com/v1",
  "azure-openai": "The resource endpoint, e.g. https://my-resource.openai.azure.com",
  gemini: "https://generativelanguage.googleapis.com/v1beta",
  bedrock: "https://bedrock-runtime.us-east-1.amazonaws.com",
};

export type ModelOption = { slug: string; name: string; context_length: number };

function Check({ id, label, hint, checked, onChange, disabled }: { id: string; label: string; hint?: string; checked: boolean; onChange: (v: boolean) => void; disabled?: boolean }) {
  return (
    <label htmlFor={id} className="flex items-start gap-2 text-sm">
      <input id={id} type="checkbox" className="mt-0.5" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      <span>
        {label}
        {hint ? <span className="block text-xs text-muted">{hint}</span> : null}
      </span>
    </label>
  );
}

function FormError({ message }: { message?: string }) {
  return message ? (
    <p className="text-sm text-red-600" data-testid="form-error">
      {message}
    </p>
  ) : null;
}

/** Create (no initial) or edit a provider. The API key is write-only: set, replace or clear. */
export function ProviderForm({
  initial,
  errors,
  pending,
  onSubmit,
  onDelete,
}: {
  initial?: CatalogProviderResponse;
  errors: Record<string, string>;
  pending: boolean;
  onSubmit: (body: Record<string, unknown>) => void;
  onDelete?: () => void;
}) {
  const isSandbox = initial?.is_sandbox ?? false;
  const [v, setV] = useState({
    slug: "",
    name: initial?.name ?? "",
    base_url: initial?.base_url ?? "",
    api_format: initial?.api_format ?? "openai",
    api_version: initial?.api_version ?? "",
    timeout_ms: String(initial?.timeout_ms ?? 60000),
    zdr: initial?.zdr ?? false,
    trains_on_data: initial?.trains_on_data ?? false,
    enabled: initial?.enabled ?? true,
    api_key: "",
    clear_key: false,
  });
  const set = (patch: Partial<typeof v>) => setV((old) => ({ ...old, ...patch }));
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const body: Record<string, unknown> = {
          name: v.name,
          timeout_ms: Number(v.timeout_ms),
          retains_data: !v.zdr,
          trains_on_data: v.trains_on_data,
          enabled: v.enabled,
        };
        if (!initial) body.slug = v.slug;
        if (!isSandbox) body.base_url = v.base_url;
        if (!isSandbox) body.api_format = v.api_format;
        if (!isSandbox && v.api_format === "azure-openai") body.api_version = v.api_version.trim() || null;
        if (!isSandbox && v.api_key.trim()) body.api_key = v.api_key.trim();
        else if (!isSandbox && v.clear_key) body.api_key = null;
        onSubmit(body);
      }}
    >
      {isSandbox ? (
        <p className="rounded-md bg-brand-50 px-3 py-2 text-sm text-brand-700 dark:bg-brand-500/10 dark:text-brand-100">
          A Sandbox provider is built in: it echoes requests from inside Tollgate and works offline, so it needs no URL or key.
        </p>
      ) : null}
      <div className="grid grid-cols-2 gap-3">
        <Field label="Name" htmlFor="provider-name" error={errors.name}>
          <Input id="provider-name" value={v.name} onChange={(e) => set({ name: e.target.value })} required maxLength={80} autoFocus />
        </Field>
        {initial ? (
          <Field label="Slug" htmlFor="provider-slug" hint="Used in provider.order / only.">
            <Input id="provider-slug" value={initial.slug} disabled />
          </Field>
        ) : (
          <Field label="Slug" htmlFor="provider-slug" error={errors.slug} hint="e.g. my-vllm">
            <Input id="provider-slug" value={v.slug} onChange={(e) => set({ slug: e.target.value })} required maxLength={40} />
          </Field>
        )}
      </div>
      {!isSandbox ? (
        <Field label="API format" htmlFor="provider-api-format" error={errors.api_format} hint={FORMAT_HINTS[v.api_format]}>
          <Select id="provider-api-format" value={v.api_format} onChange={(e) => set({ api_format: e.target.value })}>
            {API_FORMATS.map((f) => (
              <option key={f} value={f}>{FORMAT_LABELS[f]}</option>
            ))}
          </Select>
        </Field>
      ) : null}
      {!isSandbox ? (
        <Field label="Base URL" htmlFor="provider-base-url" error={errors.base_url} hint={BASE_URL_HINTS[v.api_format]}>
          <Input id="provider-base-url" value={v.base_url} onChange={(e) => set({ base_url: e.target.value })} required placeholder="https://…" />
        </Field>
      ) : null}
      {!isSandbox && v.api_format === "azure-openai" ? (
        <Field label="API version" htmlFor="provider-api-version" error={errors.api_version} hint="Azure's api-version, e.g. 2024-10-21; v1 for the v1 route. The model's upstream id is the deployment name.">
          <Input id="provider-api-version" value={v.api_version} onChange={(e) => set({ api_version: e.target.value })} placeholder="2024-10-21" />
        </Field>
      ) : null}
      {!isSandbox ? (
        <Field
          label={initial?.api_key.is_set ? "Replace API key" : "API key"}
          htmlFor="provider-api-key"
          error={errors.api_key}
          hint={
            initial?.api_key.is_set
              ? `Current key ${initial.api_key.hint}. Leave empty to keep it.`
              : "Optional. Stored encrypted, never shown again. Without a key, only accounts' own keys (BYOK) reach this provider."
          }
        >
          <Input id="provider-api-key" type="password" autoComplete="off" value={v.api_key} onChange={(e) => set({ api_key: e.target.value, clear_key: false })} placeholder={initial?.api_key.is_set ? "Leave empty to keep the current key" : ""} />
        </Field>
      ) : null}
      {initial?.api_key.is_set ? <Check id="provider-clear-key" label="Remove the stored key" checked={v.clear_key} onChange={(clear_key) => set({ clear_key, api_key: "" })} /> : null}
      <Field label="Timeout (ms)" htmlFor="provider-timeout" error={errors.timeout_ms} hint="Time to the first byte before the gateway falls back to another provider.">
        <Input id="provider-timeout" type="number" min={1000} max={600000} step={1000} value={v.timeout_ms} onChange={(e) => set({ timeout_ms: e.target.value })} required />
      </Field>
      <div className="space-y-2">
        <Check id="provider-zdr" label="Zero data retention (ZDR)" hint="The provider keeps no prompts or responses. Only ZDR providers serve ZDR requests." checked={v.zdr} onChange={(zdr) => set({ zdr })} />
        <Check id="provider-trains" label="Trains on data" hint="Excluded for requests with data_collection: deny." checked={v.trains_on_data} onChange={(trains_on_data) => set({ trains_on_data })} />
        <Check id="provider-enabled" label="Enabled" hint="A disabled provider receives no requests." checked={v.enabled} onChange={(enabled) => set({ enabled })} />
      </div>
      <FormError message={errors.form} />
      <div className="flex items-center justify-between gap-2">
        {onDelete ? (
          <Button type="button" variant="ghost" className="text-red-600" onClick={onDelete}>
            Remove provider…
          </Button>
        ) : (
          <span />
        )}
        <Button type="submit" disabled={pending} data-testid="provider-submit">
          {pending ? "Saving…" : initial ? "Save" : "Add provider"}
        </Button>
      </div>
    </form>
  );
}

const priceText = (usd: number | null | undefined) => (usd === null || usd === undefined ? "" : String(usd));

/** Create (no initial) or edit an endpoint: which model, the provider's id for it, prices per million tokens. */
export function EndpointForm({
  initial,
  models,
  errors,
  pending,
  onSubmit,
}: {
  initial?: CatalogEndpointResponse;
  models: ModelOption[];
  errors: Record<string, string>;
  pending: boolean;
  onSubmit: (body: Record<string, unknown>) => void;
}) {
  const [v, setV] = useState({
    model_slug: initial?.model.slug ?? "",
    model_name: "",
    upstream_model: initial?.upstream_model ?? "",
    prompt_price: priceText(initial?.pricing.prompt),
    completion_price: priceText(initial?.pricing.completion),
    cached_price: priceText(initial?.pricing.cached),
    context_length: initial ? String(initial.context_length) : "",
    enabled: initial?.enabled ?? true,
    supports_tools: initial?.supports_tools ?? true,
  });
  const set = (patch: Partial<typeof v>) => setV((old) => ({ ...old, ...patch }));
  const known = models.find((m) => m.slug === v.model_slug.trim().toLowerCase());
  const isNewModel = !initial && v.model_slug.trim() !== "" && !known;
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const body: Record<string, unknown> = {
          upstream_model: v.upstream_model,
          prompt_price: Number(v.prompt_price),
          completion_price: Number(v.completion_price),
          cached_price: v.cached_price.trim() === "" ? null : Number(v.cached_price),
          enabled: v.enabled,
          supports_tools: v.supports_tools,
        };
        if (v.context_length.trim() !== "") body.context_length = Number(v.context_length);
        if (!initial) {
          body.model_slug = v.model_slug;
          if (isNewModel) body.model_name = v.model_name;
        }
        onSubmit(body);
      }}
    >
      {initial ? null : (
        <>
          <Field label="Model" htmlFor="endpoint-model" error={errors.model_slug} hint={known ? known.name : isNewModel ? "A new model: it is added to the catalog." : "author/model"}>
            <Input id="endpoint-model" list="catalog-models" value={v.model_slug} onChange={(e) => set({ model_slug: e.target.value })} required placeholder="meta-llama/llama-3.1-8b-instruct" autoFocus />
            <datalist id="catalog-models">
              {models.map((m) => (
                <option key={m.slug} value={m.slug}>
                  {m.name}
                </option>
              ))}
            </datalist>
          </Field>
          {isNewModel ? (
            <Field label="Model name" htmlFor="endpoint-model-name" error={errors.model_name}>
              <Input id="endpoint-model-name" value={v.model_name} onChange={(e) => set({ model_name: e.target.value })} required maxLength={120} placeholder="Meta: Llama 3.1 8B Instruct" />
            </Field>
          ) : null}
        </>
      )}
      <Field label="Upstream model id" htmlFor="endpoint-upstream" error={errors.upstream_model} hint="The model name this provider expects in its requests.">
        <Input id="endpoint-upstream" value={v.upstream_model} onChange={(e) => set({ upstream_model: e.target.value })} required maxLength={200} />
      </Field>
      <div className="grid grid-cols-3 gap-3">
        <Field label="Prompt $/M" htmlFor="endpoint-prompt" error={errors.prompt_price}>
          <Input id="endpoint-prompt" type="number" min={0} step="any" value={v.prompt_price} onChange={(e) => set({ prompt_price: e.target.value })} required />
        </Field>
        <Field label="Completion $/M" htmlFor="endpoint-completion" error={errors.completion_price}>
          <Input id="endpoint-completion" type="number" min={0} step="any" value={v.completion_price} onChange={(e) => set({ completion_price: e.target.value })} required />
        </Field>
        <Field label="Cached $/M" htmlFor="endpoint-cached" error={errors.cached_price} hint="Optional">
          <Input id="endpoint-cached" type="number" min={0} step="any" value={v.cached_price} onChange={(e) => set({ cached_price: e.target.value })} />
        </Field>
      </div>
      <Field
        label="Context length (tokens)"
        htmlFor="endpoint-context"
        error={errors.context_length}
        hint={isNewModel ? "Also the new model's context length." : known && !initial ? `Empty = the model's ${known.context_length.toLocaleString("en-US")}.` : undefined}
      >
        <Input id="endpoint-context" type="number" min={1} step={1} value={v.context_length} onChange={(e) => set({ context_length: e.target.value })} required={isNewModel || Boolean(initial)} />
      </Field>
      <div className="space-y-2">
        <Check id="endpoint-enabled" label="Enabled" checked={v.enabled} onChange={(enabled) => set({ enabled })} />
        <Check id="endpoint-tools" label="Supports tools (function calling)" checked={v.supports_tools} onChange={(supports_tools) => set({ supports_tools })} />
      </div>
      <FormError message={errors.form} />
      <div className="flex justify-end">
        <Button type="submit" disabled={pending} data-testid="endpoint-submit">
          {pending ? "Saving…" : initial ? "Save" : "Add model"}
        </Button>
      </div>
    </form>
  );
}
