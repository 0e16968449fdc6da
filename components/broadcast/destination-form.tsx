"use client";

import { useMutation } from "@tanstack/react-query";
import { CheckCircle2, PlugZap, XCircle } from "lucide-react";
import { useState } from "react";
import { apiFetch, ApiError } from "@/components/api-client";
import { Button } from "@/components/ui/button";
import { CheckboxField } from "@/components/ui/checkbox";
import { Field, Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { CONFIG_FIELDS } from "@/lib/broadcast/form-fields";
import { SUPPORTED_TYPES, TYPE_LABELS, type SupportedType } from "@/lib/broadcast/types";
import type { DestinationView, KeyOption } from "./broadcast-manager";

export type DestinationPayload = { name: string; config: Record<string, string>; sampling_rate: number; privacy_mode: boolean; api_key_hashes: string[] | null };
type TestResult = { ok: boolean; error: string | null; latency_ms: number };

const newSecret = () => `whsec_${Array.from(crypto.getRandomValues(new Uint8Array(24)), (b) => b.toString(16).padStart(2, "0")).join("")}`;

/** Issues of a 400 keyed by their full path ("config.apiKey", "sampling_rate"), else the message under "form". */
function errorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return { form: "Something went wrong. Try again." };
  const out: Record<string, string> = {};
  for (const issue of (error.body.metadata?.issues ?? []) as { path: (string | number)[]; message: string }[]) out[issue.path.join(".")] ??= issue.message;
  return Object.keys(out).length ? out : { form: error.message };
}

/**
 * Add or edit a destination. Saving runs Test Connection first (a real test trace) and saves only if
 * it passes; a failure keeps the form open with the platform's answer.
 */
export function DestinationForm({ account, editing, apiKeys, onSaved }: { account: string; editing: DestinationView | null; apiKeys: KeyOption[]; onSaved: (payload: DestinationPayload) => void }) {
  const [type, setType] = useState<SupportedType>((editing?.type as SupportedType) ?? "webhook");
  const [name, setName] = useState(editing?.name ?? "");
  const [config, setConfig] = useState<Record<string, string>>(() => initialConfig(editing, (editing?.type as SupportedType) ?? "webhook"));
  const [samplingPercent, setSamplingPercent] = useState(String(+((editing?.sampling_rate ?? 1) * 100).toFixed(4)));
  const [privacyMode, setPrivacyMode] = useState(editing?.privacy_mode ?? false);
  const [onlyKeys, setOnlyKeys] = useState<string[] | null>(editing?.api_key_hashes ?? null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [test, setTest] = useState<TestResult | null>(null);

  const payload = (): DestinationPayload => ({
    name: name.trim(),
    config: Object.fromEntries(Object.entries(config).filter(([, v]) => v.trim() !== "").map(([k, v]) => [k, v.trim()])),
    sampling_rate: Number(samplingPercent) / 100,
    privacy_mode: privacyMode,
    api_key_hashes: onlyKeys,
  });
  const runTest = async (p: DestinationPayload) => {
    const { data } = await apiFetch<{ data: TestResult }>(account, "/observability/destinations/test", { method: "POST", body: { type, config: p.config, ...(editing ? { destination_id: editing.id } : {}) } });
    setTest(data);
    return data;
  };

  const testOnly = useMutation({
    mutationFn: () => runTest(payload()),
    onMutate: () => {
      setErrors({});
      setTest(null);
    },
    onError: (error) => setErrors(errorsOf(error)),
  });
  const save = useMutation({
    mutationFn: async () => {
      const p = payload();
      const result = await runTest(p);
      if (!result.ok) return null;
      if (editing) await apiFetch(account, `/observability/destinations/${editing.id}`, { method: "PATCH", body: p });
      else await apiFetch(account, "/observability/destinations", { method: "POST", body: { type, ...p } });
      return p;
    },
    onMutate: () => {
      setErrors({});
      setTest(null);
    },
    onSuccess: (p) => p && onSaved(p),
    onError: (error) => setErrors(errorsOf(error)),
  });
  const pending = save.isPending || testOnly.isPending;
  const fields = CONFIG_FIELDS[type];

  return (
    <form
      className="max-h-[70vh] space-y-4 overflow-y-auto pr-1"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Field label="Type" htmlFor="destination-type" error={errors.type}>
        <Select
          id="destination-type"
          className="w-full"
          value={type}
          disabled={!!editing}
          onChange={(e) => {
            const next = e.target.value as SupportedType;
            setType(next);
            setConfig(initialConfig(null, next));
            setTest(null);
          }}
        >
          {SUPPORTED_TYPES.map((t) => (
            <option key={t} value={t}>
              {TYPE_LABELS[t]}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Name" htmlFor="destination-name" error={errors.name}>
        <Input id="destination-name" value={name} maxLength={100} required onChange={(e) => setName(e.target.value)} placeholder={`${TYPE_LABELS[type]} production`} />
      </Field>
      {fields.map((f) => {
        const stored = editing && f.secret ? String(editing.config[f.key] ?? "") : "";
        return (
          <Field
            key={`${type}-${f.key}`}
            label={f.label}
            htmlFor={`destination-${f.key}`}
            error={errors[`config.${f.key}`]}
            hint={stored ? `Leave empty to keep the current one (${stored}).` : f.hint}
          >
            <Input
              id={`destination-${f.key}`}
              type={f.secret && !(type === "webhook" && !editing) ? "password" : "text"}
              autoComplete="off"
              spellCheck={false}
              required={f.required && !stored}
              placeholder={f.placeholder}
              value={config[f.key] ?? ""}
              onChange={(e) => setConfig((c) => ({ ...c, [f.key]: e.target.value }))}
            />
          </Field>
        );
      })}
      <Field label="Sampling rate (%)" htmlFor="destination-sampling" error={errors.sampling_rate} hint="100 sends every trace; 10 sends about one in ten (the same ones on every retry).">
        <Input id="destination-sampling" type="number" min={0.01} max={100} step="any" value={samplingPercent} onChange={(e) => setSamplingPercent(e.target.value)} />
      </Field>
      <CheckboxField
        id="destination-privacy"
        label="Privacy mode"
        hint="Metadata only: never send prompts and completions, even when prompt logging is on."
        checked={privacyMode}
        onChange={(e) => setPrivacyMode(e.target.checked)}
      />
      <fieldset className="space-y-2" data-testid="destination-keys">
        <legend className="text-sm font-medium">API keys</legend>
        <CheckboxField id="destination-all-keys" label="All API keys" checked={onlyKeys === null} onChange={(e) => setOnlyKeys(e.target.checked ? null : [])} />
        {onlyKeys !== null ? (
          apiKeys.length === 0 ? (
            <p className="text-xs text-muted">This account has no inference keys yet.</p>
          ) : (
            apiKeys.map((k) => (
              <CheckboxField
                key={k.hash}
                id={`destination-key-${k.hash.slice(0, 12)}`}
                label={`${k.name} (${k.label})`}
                checked={onlyKeys.includes(k.hash)}
                onChange={(e) => setOnlyKeys((list) => (e.target.checked ? [...(list ?? []), k.hash] : (list ?? []).filter((h) => h !== k.hash)))}
                className="pl-6"
              />
            ))
          )
        ) : null}
        {errors.api_key_hashes ? <p className="text-sm text-red-600 dark:text-red-400">{errors.api_key_hashes}</p> : null}
      </fieldset>

      {test ? (
        <div
          data-testid="test-result"
          data-ok={test.ok}
          className={`flex items-start gap-2 rounded-md border p-3 text-sm ${test.ok ? "border-green-600/30 text-green-700 dark:text-green-400" : "border-red-600/30 text-red-700 dark:text-red-400"}`}
        >
          {test.ok ? <CheckCircle2 className="mt-0.5 h-4 w-4 shrink-0" /> : <XCircle className="mt-0.5 h-4 w-4 shrink-0" />}
          <span className="break-all">{test.ok ? `Connection works: the test trace was accepted (${test.latency_ms} ms).` : `Test failed: ${test.error}`}</span>
        </div>
      ) : null}
      {errors.form ? (
        <p className="text-sm text-red-600 dark:text-red-400" data-testid="form-error">
          {errors.form}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button type="button" variant="secondary" disabled={pending} onClick={() => testOnly.mutate()} data-testid="destination-test">
          <PlugZap className="h-4 w-4" /> {testOnly.isPending ? "Testing…" : "Test connection"}
        </Button>
        <Button type="submit" disabled={pending} data-testid="destination-save">
          {save.isPending ? "Testing and saving…" : editing ? "Save" : "Add destination"}
        </Button>
      </div>
    </form>
  );
}

function initialConfig(editing: DestinationView | null, type: SupportedType): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of CONFIG_FIELDS[type]) {
    if (editing && !f.secret && typeof editing.config[f.key] === "string") out[f.key] = editing.config[f.key] as string;
  }
  if (!editing && type === "webhook") out.signingSecret = newSecret();
  return out;
}
