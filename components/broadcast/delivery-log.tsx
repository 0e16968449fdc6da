"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { History, RotateCw } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { apiFetch, ApiError } from "@/components/api-client";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/input";
import { Badge, Table, TBody, TD, TH, THead } from "@/components/ui/table";

type Delivery = { id: string; generation_id: string; status: string; attempts: number; last_error: string | null; latency_ms: number | null; trace_at: string; next_attempt_at: string | null };
type Log = { data: Delivery[]; total_count: number; summary: { delivered: number; retrying: number; pending: number; failed: number } };

const TONE: Record<string, "green" | "amber" | "red" | "gray"> = { delivered: "green", retrying: "amber", pending: "gray", failed: "red" };
const localInput = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

/** A destination's latest deliveries (refreshed every few seconds), with "retry now" and "replay from". */
export function DeliveryLog({ account, destinationId, canManage }: { account: string; destinationId: string; canManage: boolean }) {
  const [since, setSince] = useState(() => localInput(new Date(Date.now() - 60 * 60_000)));
  const log = useQuery({
    queryKey: ["deliveries", account, destinationId],
    queryFn: () => apiFetch<Log>(account, `/observability/destinations/${destinationId}/deliveries?limit=50`),
    refetchInterval: 2000,
  });
  const action = useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown; label: string }) => apiFetch<{ data: Record<string, number> }>(account, path, { method: "POST", body }),
    onSuccess: (res, request) => {
      toast.success(`${request.label}: ${Object.values(res.data)[0]} trace(s) queued.`);
      void log.refetch();
    },
    onError: (error) => toast.error(error instanceof ApiError ? error.message : "Something went wrong. Try again."),
  });

  const summary = log.data?.summary;
  return (
    <div className="space-y-4" data-testid="delivery-log">
      {summary ? (
        <div className="flex flex-wrap gap-1 text-sm">
          <Badge tone="green">{summary.delivered} delivered</Badge>
          <Badge tone="amber">{summary.retrying} retrying</Badge>
          <Badge tone="gray">{summary.pending} pending</Badge>
          <Badge tone="red">{summary.failed} failed</Badge>
        </div>
      ) : null}
      <div className="max-h-72 overflow-y-auto">
        {log.isLoading ? (
          <p className="text-sm text-muted">Loading…</p>
        ) : !log.data?.data.length ? (
          <p className="text-sm text-muted" data-testid="delivery-log-empty">
            No traces yet. Send a request with one of the account&apos;s API keys.
          </p>
        ) : (
          <Table>
            <THead>
              <tr>
                <TH>Trace</TH>
                <TH>Status</TH>
                <TH>Latency</TH>
              </tr>
            </THead>
            <TBody>
              {log.data.data.map((d) => (
                <tr key={d.id} data-testid="delivery-row" data-generation={d.generation_id} data-status={d.status}>
                  <TD className="text-xs">
                    <code>{d.generation_id}</code>
                    <div className="text-muted">{new Date(d.trace_at).toLocaleString()}</div>
                  </TD>
                  <TD className="text-xs">
                    <Badge tone={TONE[d.status] ?? "gray"}>{d.status}</Badge>
                    {d.attempts > 1 ? <span className="ml-1 text-muted">{d.attempts} attempts</span> : null}
                    {d.last_error ? <div className="mt-1 max-w-[14rem] break-all text-red-600 dark:text-red-400">{d.last_error}</div> : null}
                  </TD>
                  <TD className="whitespace-nowrap text-xs tabular-nums">{d.latency_ms === null ? "—" : `${d.latency_ms} ms`}</TD>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
      </div>
      {canManage ? (
        <div className="flex flex-wrap items-end justify-between gap-3 border-t border-border pt-4">
          <Button variant="secondary" size="sm" disabled={action.isPending} onClick={() => action.mutate({ path: `/observability/destinations/${destinationId}/retry`, label: "Retry now" })}>
            <RotateCw className="h-4 w-4" /> Retry now
          </Button>
          <div className="flex items-end gap-2">
            <Field label="Replay from" htmlFor="replay-since">
              <Input id="replay-since" type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} className="h-9" />
            </Field>
            <Button
              variant="secondary"
              size="sm"
              disabled={action.isPending || !since}
              onClick={() => action.mutate({ path: `/observability/destinations/${destinationId}/replay`, body: { since: new Date(since).toISOString() }, label: "Replay" })}
            >
              <History className="h-4 w-4" /> Replay
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
