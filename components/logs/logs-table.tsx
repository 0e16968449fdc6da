"use client";

import * as RadixDialog from "@radix-ui/react-dialog";
import { useQuery } from "@tanstack/react-query";
import { Loader2, X } from "lucide-react";
import { useState } from "react";
import { apiFetch } from "@/components/api-client";
import { Badge, Table, TBody, TD, TH, THead } from "@/components/ui/table";
import { formatCount, formatMs } from "@/lib/format";

export type LogRow = {
  id: string; created_at: string; model: string; provider: string | null; api_key_name: string | null; user: string | null; status: number;
  prompt_tokens: number; completion_tokens: number; usage: number; byok_usage: number; is_byok: boolean; latency_ms: number | null; generation_time_ms: number | null; streamed: boolean;
};

type Attempt = { status: number | null; provider_name?: string; endpoint_id?: string; latency?: number; is_byok?: boolean; model_permaslug?: string };
type Detail = {
  id: string; model: string; created_at: string; status: number; error: string | null; provider_name: string | null; provider: string | null; finish_reason: string | null;
  tokens_prompt: number; tokens_completion: number; native_tokens_reasoning: number; native_tokens_cached: number; usage: number; upstream_inference_cost: number; is_byok: boolean;
  latency: number | null; generation_time: number | null; streamed: boolean; zdr: boolean; external_user: string | null; provider_responses: Attempt[];
  request_body: unknown; response_body: unknown;
};

const TIME = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZone: "UTC" });
const usd = (v: number) => (v === 0 ? "$0" : `$${v.toFixed(v < 0.01 ? 6 : 4)}`);

export function StatusBadge({ status }: { status: number }) {
  return <Badge tone={status < 400 ? "green" : status === 499 ? "amber" : "red"}>{status}</Badge>;
}

/** Generations, newest first; a row opens a drawer with its attempts, tokens, cost and stored bodies. */
export function LogsTable({ account, rows }: { account: string; rows: LogRow[] }) {
  const [openId, setOpenId] = useState<string | null>(null);
  return (
    <>
      <Table data-testid="logs-table">
        <THead>
          <tr>
            <TH>Time (UTC)</TH>
            <TH>Model</TH>
            <TH>Provider</TH>
            <TH>Key</TH>
            <TH>User</TH>
            <TH>Status</TH>
            <TH className="text-right">Tokens</TH>
            <TH className="text-right">Cost</TH>
            <TH className="text-right">Latency</TH>
          </tr>
        </THead>
        <TBody>
          {rows.map((r) => (
            <tr key={r.id} data-testid="log-row" className="cursor-pointer hover:bg-black/[0.03] dark:hover:bg-white/[0.03]" onClick={() => setOpenId(r.id)}>
              <TD className="whitespace-nowrap tabular-nums">
                <button type="button" className="hover:underline" onClick={() => setOpenId(r.id)} aria-label={`Details of ${r.id}`}>
                  {TIME.format(new Date(r.created_at))}
                </button>
              </TD>
              <TD className="max-w-56 truncate font-mono text-xs">{r.model}</TD>
              <TD className="whitespace-nowrap">{r.provider ?? "—"}</TD>
              <TD className="max-w-40 truncate">{r.api_key_name ?? "—"}</TD>
              <TD className="max-w-32 truncate">{r.user ?? "—"}</TD>
              <TD>
                <StatusBadge status={r.status} />
              </TD>
              <TD className="text-right tabular-nums">{formatCount(r.prompt_tokens + r.completion_tokens)}</TD>
              <TD className="text-right tabular-nums">{r.is_byok ? <span title="BYOK: billed by the provider">{usd(r.byok_usage)} BYOK</span> : usd(r.usage)}</TD>
              <TD className="text-right tabular-nums">{formatMs(r.latency_ms)}</TD>
            </tr>
          ))}
        </TBody>
      </Table>
      <GenerationDrawer account={account} id={openId} onClose={() => setOpenId(null)} />
    </>
  );
}

function GenerationDrawer({ account, id, onClose }: { account: string; id: string | null; onClose: () => void }) {
  const query = useQuery({
    queryKey: ["generation", account, id],
    enabled: id !== null,
    queryFn: () => apiFetch<{ data: Detail }>(account, `/activity/generations/${encodeURIComponent(id!)}`).then((r) => r.data),
  });
  const g = query.data;
  return (
    <RadixDialog.Root open={id !== null} onOpenChange={(open) => (open ? null : onClose())}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/30" />
        <RadixDialog.Content className="fixed inset-y-0 right-0 z-50 flex w-full max-w-xl flex-col overflow-y-auto border-l border-border bg-surface p-6 text-fg shadow-xl" data-testid="log-drawer">
          <div className="mb-4 flex items-start justify-between gap-4">
            <div className="min-w-0">
              <RadixDialog.Title className="text-lg font-semibold">Generation</RadixDialog.Title>
              <RadixDialog.Description className="truncate font-mono text-xs text-muted">{id}</RadixDialog.Description>
            </div>
            <RadixDialog.Close className="rounded-md p-1 text-muted hover:bg-black/5 dark:hover:bg-white/10" aria-label="Close">
              <X className="h-4 w-4" />
            </RadixDialog.Close>
          </div>
          {query.isLoading ? (
            <p className="flex items-center gap-2 text-sm text-muted">
              <Loader2 className="h-4 w-4 animate-spin" /> Loading…
            </p>
          ) : query.error ? (
            <p className="text-sm text-red-600">{(query.error as Error).message}</p>
          ) : g ? (
            <div className="space-y-5 text-sm">
              <dl className="grid grid-cols-2 gap-x-4 gap-y-2">
                <Item label="Time (UTC)">{TIME.format(new Date(g.created_at))}</Item>
                <Item label="Status">
                  <StatusBadge status={g.status} />
                </Item>
                <Item label="Model">
                  <span className="font-mono text-xs">{g.model}</span>
                </Item>
                <Item label="Provider">{g.provider_name ?? g.provider ?? "—"}</Item>
                <Item label="Prompt tokens">{formatCount(g.tokens_prompt)}</Item>
                <Item label="Completion tokens">{formatCount(g.tokens_completion)}</Item>
                <Item label="Reasoning / cached">
                  {formatCount(g.native_tokens_reasoning)} / {formatCount(g.native_tokens_cached)}
                </Item>
                <Item label="Cost">{g.is_byok ? `${usd(g.upstream_inference_cost)} (BYOK)` : usd(g.usage)}</Item>
                <Item label="Latency">{formatMs(g.latency)}</Item>
                <Item label="Generation time">{formatMs(g.generation_time)}</Item>
                <Item label="End user">{g.external_user ?? "—"}</Item>
                <Item label="Streamed · ZDR">
                  {g.streamed ? "yes" : "no"} · {g.zdr ? "yes" : "no"}
                </Item>
              </dl>
              {g.error ? <p className="rounded-md bg-red-50 p-3 text-xs text-red-700 dark:bg-red-500/10 dark:text-red-300">{g.error}</p> : null}
              <section>
                <h3 className="mb-2 font-semibold">Attempts</h3>
                {g.provider_responses.length === 0 ? (
                  <p className="text-xs text-muted">None: refused before any provider was called.</p>
                ) : (
                  <ol className="space-y-2" data-testid="log-attempts">
                    {g.provider_responses.map((a, i) => (
                      <li key={i} className="rounded-md border border-border px-3 py-2">
                        <div className="flex items-center justify-between gap-2">
                          <span className="font-medium">
                            {i + 1}. {a.provider_name ?? "?"} {a.is_byok ? <Badge tone="brand">BYOK</Badge> : null}
                          </span>
                          <span className="flex items-center gap-2 tabular-nums">
                            {a.status === null ? <Badge tone="red">no response</Badge> : <StatusBadge status={a.status} />}
                            {formatMs(a.latency ?? null)}
                          </span>
                        </div>
                        <AttemptBar latency={a.latency ?? 0} max={Math.max(...g.provider_responses.map((x) => x.latency ?? 0), 1)} ok={a.status !== null && a.status < 400} />
                      </li>
                    ))}
                  </ol>
                )}
              </section>
              <section>
                <h3 className="mb-2 font-semibold">Prompt and response</h3>
                {g.request_body === null && g.response_body === null ? (
                  <p className="text-xs text-muted" data-testid="log-bodies-absent">
                    Not stored: only metadata is kept {g.zdr ? "for ZDR requests" : "unless prompt logging is on (Settings → Privacy)"}.
                  </p>
                ) : (
                  <div className="space-y-2" data-testid="log-bodies">
                    <Body label="Request" value={g.request_body} />
                    <Body label="Response" value={g.response_body} />
                  </div>
                )}
              </section>
            </div>
          ) : null}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="truncate">{children}</dd>
    </div>
  );
}

function AttemptBar({ latency, max, ok }: { latency: number; max: number; ok: boolean }) {
  return (
    <div className="mt-1.5 h-1.5 w-full rounded-full bg-black/5 dark:bg-white/10">
      <div className={ok ? "h-1.5 rounded-full bg-emerald-500" : "h-1.5 rounded-full bg-red-500"} style={{ width: `${Math.max(2, (latency / max) * 100)}%` }} />
    </div>
  );
}

function Body({ label, value }: { label: string; value: unknown }) {
  return (
    <details className="rounded-md border border-border" open>
      <summary className="cursor-pointer px-3 py-1.5 text-xs font-medium">{label}</summary>
      <pre className="max-h-64 overflow-auto border-t border-border bg-bg p-3 text-xs">{value === null ? "—" : JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}
