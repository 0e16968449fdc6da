"use client";

// "Effective policy" of a key or a member: what the gateway enforces (the merged allowlists, every
// budget with used / remaining / next reset, ZDR) and which guardrail contributes which restriction.
// Reads GET /api/v1/guardrails/effective, the same merge the gateway uses.
import { useQuery } from "@tanstack/react-query";
import { ShieldCheck } from "lucide-react";
import { useState } from "react";
import { apiFetch } from "@/components/api-client";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Badge } from "@/components/ui/table";
import type { EffectivePolicyResponse } from "@/lib/services/guardrails/get-effective-policy";

type Ref = { id: string; name: string };

const usd = (n: number) => new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: n !== 0 && Math.abs(n) < 0.01 ? 6 : 2 }).format(n);
const from = (refs: Ref[]) => (refs.length ? <span className="text-xs text-muted"> — from {refs.map((r) => `“${r.name}”`).join(", ")}</span> : null);

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[9rem_1fr] gap-2 py-1.5 text-sm">
      <dt className="text-muted">{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function EffectivePolicyView({ policy }: { policy: EffectivePolicyResponse }) {
  const list = (values: string[] | null, none: string) => (values === null ? <span className="text-muted">{none}</span> : values.length ? values.join(", ") : <strong className="text-red-600">nothing</strong>);
  return (
    <div className="space-y-4" data-testid="effective-policy">
      <div className="text-sm">
        {policy.guardrails.length ? (
          <>
            Guardrails that apply:{" "}
            {policy.guardrails.map((g) => (
              <Badge key={`${g.id}-${g.source}`} tone="brand" className="mr-1">
                {g.name} ({g.source === "key" ? "on the key" : "on the member"})
              </Badge>
            ))}
          </>
        ) : (
          <span className="text-muted">No guardrail applies.</span>
        )}
      </div>
      <dl className="divide-y divide-border">
        <Row label="Allowed models">{list(policy.allowed_models.values, "every model")}{from(policy.allowed_models.from)}</Row>
        <Row label="Ignored models">{list(policy.ignored_models.values.length ? policy.ignored_models.values : null, "none")}{from(policy.ignored_models.from)}</Row>
        <Row label="Allowed providers">{list(policy.allowed_providers.values, "every provider")}{from(policy.allowed_providers.from)}</Row>
        <Row label="Ignored providers">{list(policy.ignored_providers.values.length ? policy.ignored_providers.values : null, "none")}{from(policy.ignored_providers.from)}</Row>
        <Row label="Zero data retention">{policy.zdr.required ? <strong>required</strong> : <span className="text-muted">not required</span>}{from(policy.zdr.from)}</Row>
      </dl>
      <div>
        <h3 className="mb-2 text-sm font-semibold">Budgets</h3>
        {policy.budgets.length === 0 ? (
          <p className="text-sm text-muted">No budget applies (the account&apos;s credit pool still does).</p>
        ) : (
          <ul className="space-y-2">
            {policy.budgets.map((b) => {
              const used = b.used_usd + b.reserved_usd;
              const pct = b.limit_usd > 0 ? Math.min(100, (used / b.limit_usd) * 100) : 100;
              return (
                <li key={`${b.kind}-${b.guardrail_id}-${b.entity}`} className="rounded-lg border border-border p-3 text-sm" data-testid="effective-budget">
                  <div className="flex items-baseline justify-between gap-2">
                    <span className="font-medium">{b.kind === "key_limit" ? "The key's own limit" : `“${b.guardrail_name}” (per ${b.entity})`}</span>
                    <span className="tabular-nums">
                      {usd(b.used_usd)} used of {usd(b.limit_usd)}
                      {b.reset_interval ? ` / ${b.reset_interval === "daily" ? "day" : b.reset_interval === "weekly" ? "week" : "month"}` : ""}
                    </span>
                  </div>
                  <div className="mt-2 h-1.5 overflow-hidden rounded bg-black/10 dark:bg-white/10">
                    <div className={`h-full ${b.remaining_usd <= 0 ? "bg-red-600" : "bg-brand-600"}`} style={{ width: `${pct}%` }} />
                  </div>
                  <div className="mt-1 flex justify-between text-xs text-muted">
                    <span>
                      {usd(b.remaining_usd)} remaining{b.reserved_usd > 0 ? ` · ${usd(b.reserved_usd)} held by requests in flight` : ""}
                      {b.counts_byok ? " · counts BYOK" : ""}
                    </span>
                    <span>{b.resets_at ? `resets ${new Date(b.resets_at).toISOString().replace("T", " ").slice(0, 16)} UTC` : "never resets"}</span>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </div>
  );
}

/** A button that opens the effective policy of a key (`key_hash=`) or a member (`user_id=`). */
export function EffectivePolicyButton({ account, query, subject }: { account: string; query: string; subject: string }) {
  const [open, setOpen] = useState(false);
  const { data, error, isLoading } = useQuery({
    queryKey: ["effective-policy", account, query],
    queryFn: () => apiFetch<{ data: EffectivePolicyResponse }>(account, `/guardrails/effective?${query}`),
    enabled: open,
  });
  return (
    <>
      <Button size="sm" variant="ghost" onClick={() => setOpen(true)} aria-label={`Effective policy of ${subject}`}>
        <ShieldCheck className="h-4 w-4" /> Policy
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title={`Effective policy: ${subject}`} description="What the gateway enforces, and which guardrail asks for it. Stricter always wins.">
        <div className="max-h-[70vh] overflow-y-auto">
          {isLoading ? <p className="text-sm text-muted">Loading…</p> : error ? <p className="text-sm text-red-600">{(error as Error).message}</p> : data ? <EffectivePolicyView policy={data.data} /> : null}
        </div>
      </Dialog>
    </>
  );
}
