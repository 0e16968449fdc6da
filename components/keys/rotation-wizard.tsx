"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { CheckCircle2, Loader2, XCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch, ApiError } from "@/components/api-client";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { cn } from "@/components/ui/cn";
import { KeySecret } from "./key-secret";
import { ago, type KeyView } from "./types";

const OVERLAPS = [
  { label: "Revoke the old key now", seconds: 0 },
  { label: "Keep both for 1 hour", seconds: 3600 },
  { label: "Keep both for 24 hours", seconds: 86400 },
  { label: "Keep both for 7 days", seconds: 7 * 86400 },
  { label: "Keep the old key until I revoke it", seconds: null },
] as const;
const STEPS = ["Overlap", "New key", "Test", "Drain", "Revoke"];

type Rotation = { data: KeyView; key: string; previous: KeyView };

/** Zero-downtime rotation: overlap -> reveal the successor once -> live test -> watch the old key drain -> revoke. */
export function RotationWizard({ account, keyView, open, onOpenChange }: { account: string; keyView: KeyView; open: boolean; onOpenChange: (o: boolean) => void }) {
  const router = useRouter();
  const [step, setStep] = useState(0);
  const [overlap, setOverlap] = useState<number | null>(3600);
  const [rotation, setRotation] = useState<Rotation | null>(null);
  const [test, setTest] = useState<{ ok: boolean; text: string } | null>(null);
  const [error, setError] = useState<string>();

  const rotate = useMutation({
    mutationFn: () => apiFetch<Rotation>(account, `/keys/${keyView.hash}/rotate`, { method: "POST", body: { revoke_previous_after_seconds: overlap } }),
    onSuccess: (r) => {
      setRotation(r);
      setStep(1);
      router.refresh();
    },
    onError: (e) => setError(e instanceof ApiError ? e.message : "Rotation failed."),
  });

  const old = useQuery({
    queryKey: ["key", account, keyView.hash],
    queryFn: () => apiFetch<{ data: KeyView }>(account, `/keys/${keyView.hash}`).then((r) => r.data),
    enabled: open && step >= 3,
    refetchInterval: 2000,
  });

  const revoke = useMutation({
    mutationFn: () => apiFetch(account, `/keys/${keyView.hash}`, { method: "PATCH", body: { expires_at: new Date().toISOString() } }),
    onSuccess: () => {
      router.refresh();
      onOpenChange(false);
    },
    onError: (e) => setError(e instanceof ApiError ? e.message : "Could not revoke."),
  });

  async function runTest() {
    setTest(null);
    const res = await fetch("/api/v1/key", { headers: { authorization: `Bearer ${rotation!.key}` }, credentials: "omit" });
    const body = await res.json().catch(() => null);
    setTest(res.ok ? { ok: true, text: `The new key works: ${body.data.label} answered ${res.status}.` } : { ok: false, text: body?.error?.message ?? `Failed with ${res.status}.` });
  }

  const oldKey = old.data ?? rotation?.previous;
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={`Rotate “${keyView.name}”`} description="Replace the key without downtime: both keys work while your applications switch.">
      <ol className="mb-5 flex items-center gap-1 text-xs" aria-label="Progress">
        {STEPS.map((s, i) => (
          <li key={s} className={cn("flex-1 rounded px-1.5 py-1 text-center", i === step ? "bg-brand-600 text-white" : i < step ? "bg-brand-50 text-brand-700 dark:bg-brand-500/15 dark:text-brand-100" : "bg-black/5 text-muted dark:bg-white/10")}>
            {i + 1}. {s}
          </li>
        ))}
      </ol>
      {error ? <p className="mb-3 text-sm text-red-600" data-testid="form-error">{error}</p> : null}

      {step === 0 ? (
        <div className="space-y-3">
          <p className="text-sm text-muted">How long should {keyView.label} keep working after the new key exists?</p>
          <div className="space-y-2">
            {OVERLAPS.map((o) => (
              <label key={o.label} className="flex cursor-pointer items-center gap-2 rounded-md border border-border px-3 py-2 text-sm has-[:checked]:border-brand-500">
                <input type="radio" name="overlap" checked={overlap === o.seconds} onChange={() => setOverlap(o.seconds)} />
                {o.label}
              </label>
            ))}
          </div>
          <div className="flex justify-end">
            <Button onClick={() => rotate.mutate()} disabled={rotate.isPending} data-testid="rotate-confirm">
              {rotate.isPending ? "Rotating…" : "Create the new key"}
            </Button>
          </div>
        </div>
      ) : null}

      {step === 1 && rotation ? (
        <div className="space-y-4">
          <KeySecret secret={rotation.key} />
          <p className="text-sm text-muted">
            Put it in your applications now.{" "}
            {rotation.previous.expires_at ? `The old key stops working at ${new Date(rotation.previous.expires_at).toLocaleString()}.` : "The old key keeps working until you revoke it."}
          </p>
          <div className="flex justify-end">
            <Button onClick={() => setStep(2)}>I saved it</Button>
          </div>
        </div>
      ) : null}

      {step === 2 && rotation ? (
        <div className="space-y-4">
          <p className="text-sm text-muted">Make a live call with the new key before you switch traffic to it.</p>
          <Button variant="secondary" onClick={runTest} data-testid="test-new-key">
            Test the new key
          </Button>
          {test ? (
            <p className={cn("flex items-center gap-2 text-sm", test.ok ? "text-emerald-700 dark:text-emerald-300" : "text-red-600")} data-testid="test-result">
              {test.ok ? <CheckCircle2 className="h-4 w-4" /> : <XCircle className="h-4 w-4" />} {test.text}
            </p>
          ) : null}
          <div className="flex justify-end">
            <Button onClick={() => setStep(3)} disabled={!test?.ok}>
              Next: watch the old key
            </Button>
          </div>
        </div>
      ) : null}

      {step === 3 && oldKey ? (
        <div className="space-y-4">
          <p className="text-sm text-muted">When the old key stops seeing requests, every application has switched.</p>
          <dl className="grid grid-cols-2 gap-3 rounded-md border border-border p-3 text-sm" data-testid="drain">
            <dt className="text-muted">Old key</dt>
            <dd className="font-mono text-xs">{oldKey.label}</dd>
            <dt className="text-muted">Last used</dt>
            <dd data-testid="old-last-used">{ago(oldKey.last_used_at)}</dd>
            <dt className="text-muted">Requests</dt>
            <dd data-testid="old-request-count">{oldKey.request_count}</dd>
            <dt className="text-muted">Status</dt>
            <dd>{oldKey.status === "expired" ? "revoked" : oldKey.expires_at ? `expires ${new Date(oldKey.expires_at).toLocaleString()}` : "active until revoked"}</dd>
          </dl>
          <p className="flex items-center gap-2 text-xs text-muted">
            <Loader2 className="h-3 w-3 animate-spin" /> Refreshing every 2 seconds
          </p>
          <div className="flex justify-end">
            <Button onClick={() => setStep(4)}>Next</Button>
          </div>
        </div>
      ) : null}

      {step === 4 && oldKey ? (
        <div className="space-y-4">
          <p className="text-sm text-muted">
            {oldKey.status === "expired" ? "The old key no longer works. Rotation complete." : "Revoke the old key now, or let it expire on its own."}
          </p>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => onOpenChange(false)}>
              {oldKey.status === "expired" ? "Done" : oldKey.expires_at ? "Let it expire" : "Keep it for now"}
            </Button>
            {oldKey.status !== "expired" ? (
              <Button variant="danger" onClick={() => revoke.mutate()} disabled={revoke.isPending} data-testid="revoke-old">
                Revoke old key now
              </Button>
            ) : null}
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}
