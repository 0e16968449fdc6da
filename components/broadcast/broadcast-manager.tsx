"use client";

import { useMutation } from "@tanstack/react-query";
import { Pencil, Plus, Power, Radio, ScrollText, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { apiFetch, ApiError } from "@/components/api-client";
import { Button } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Badge, Table, TBody, TD, TH, THead } from "@/components/ui/table";
import { TYPE_LABELS, type SupportedType } from "@/lib/broadcast/types";
import { DeliveryLog } from "./delivery-log";
import { DestinationForm, type DestinationPayload } from "./destination-form";

export type DestinationView = {
  id: string;
  type: string;
  name: string | null;
  enabled: boolean;
  privacy_mode: boolean;
  sampling_rate: number;
  api_key_hashes: string[] | null;
  config: Record<string, unknown>;
  summary: { delivered: number; retrying: number; pending: number; failed: number; lastError: string | null };
};
export type KeyOption = { hash: string; name: string; label: string };

type DialogState = { kind: "add" } | { kind: "edit"; destination: DestinationView } | { kind: "delete"; destination: DestinationView } | { kind: "log"; destination: DestinationView } | null;
const typeLabel = (t: string) => TYPE_LABELS[t as SupportedType] ?? t;
const title = (d: DestinationView) => d.name ?? typeLabel(d.type);

/** Broadcast destinations with their delivery status; add (after a passing test), edit, toggle, delete, and each one's delivery log. */
export function BroadcastManager({ account, canManage, destinations, apiKeys }: { account: string; canManage: boolean; destinations: DestinationView[]; apiKeys: KeyOption[] }) {
  const router = useRouter();
  const [dialog, setDialog] = useState<DialogState>(null);

  const mutation = useMutation({
    mutationFn: ({ path, method, body }: { path: string; method: string; body?: unknown; success: string }) => apiFetch(account, path, { method, body }),
    onSuccess: (_data, request) => saved(request.success),
    onError: (error) => toast.error(error instanceof ApiError ? error.message : "Something went wrong. Try again."),
  });

  const saved = (message: string) => {
    toast.success(message);
    setDialog(null);
    router.refresh();
  };

  return (
    <div className="space-y-6">
      {canManage ? (
        <div className="flex justify-end">
          <Button onClick={() => setDialog({ kind: "add" })} data-testid="broadcast-add-open">
            <Plus className="h-4 w-4" /> Add destination
          </Button>
        </div>
      ) : null}

      {destinations.length === 0 ? (
        <EmptyState icon={<Radio className="h-5 w-5" />} title="No destinations yet">
          Add a destination and every request&apos;s trace (model, provider, tokens, cost, latency, user, key, status; prompts and completions only when prompt
          logging allows) is sent there. Up to 5 destinations of each type.
        </EmptyState>
      ) : (
        <Card className="overflow-x-auto">
          <Table>
            <THead>
              <tr>
                <TH>Destination</TH>
                <TH>Status</TH>
                <TH>Sends</TH>
                <TH>Deliveries</TH>
                <TH className="text-right">
                  <span className="sr-only">Actions</span>
                </TH>
              </tr>
            </THead>
            <TBody>
              {destinations.map((d) => (
                <tr key={d.id} data-testid={`destination-${d.id}`} data-name={d.name ?? ""} className={d.enabled ? undefined : "opacity-60"}>
                  <TD>
                    <div className="font-medium">{title(d)}</div>
                    <div className="text-xs text-muted">{typeLabel(d.type)}</div>
                  </TD>
                  <TD>
                    <div className="flex flex-wrap gap-1">
                      {d.enabled ? <Badge tone="green">Enabled</Badge> : <Badge tone="gray">Disabled</Badge>}
                      {d.privacy_mode ? <Badge tone="brand">Privacy mode</Badge> : null}
                    </div>
                  </TD>
                  <TD className="text-sm">
                    <div>{d.sampling_rate >= 1 ? "Every trace" : `${+(d.sampling_rate * 100).toFixed(2)}% of traces`}</div>
                    <div className="text-xs text-muted">{d.api_key_hashes ? `${d.api_key_hashes.length} API key(s)` : "All API keys"}</div>
                  </TD>
                  <TD className="text-sm" data-testid="destination-summary">
                    <div className="flex flex-wrap gap-1">
                      <Badge tone="green">{d.summary.delivered} delivered</Badge>
                      {d.summary.retrying + d.summary.pending ? <Badge tone="amber">{d.summary.retrying + d.summary.pending} queued</Badge> : null}
                      {d.summary.failed ? <Badge tone="red">{d.summary.failed} failed</Badge> : null}
                    </div>
                    {d.summary.lastError ? <div className="mt-1 max-w-xs truncate text-xs text-red-600 dark:text-red-400" title={d.summary.lastError}>{d.summary.lastError}</div> : null}
                  </TD>
                  <TD className="whitespace-nowrap text-right">
                    <Button size="sm" variant="ghost" aria-label={`Delivery log of ${title(d)}`} onClick={() => setDialog({ kind: "log", destination: d })}>
                      <ScrollText className="h-4 w-4" /> Log
                    </Button>
                    {canManage ? (
                      <>
                        <Button size="sm" variant="ghost" aria-label={`Edit ${title(d)}`} onClick={() => setDialog({ kind: "edit", destination: d })}>
                          <Pencil className="h-4 w-4" /> Edit
                        </Button>
                        <Button
                          size="sm"
                          variant="ghost"
                          aria-label={`${d.enabled ? "Disable" : "Enable"} ${title(d)}`}
                          disabled={mutation.isPending}
                          onClick={() => mutation.mutate({ path: `/observability/destinations/${d.id}`, method: "PATCH", body: { enabled: !d.enabled }, success: `${title(d)} ${d.enabled ? "disabled" : "enabled"}.` })}
                        >
                          <Power className="h-4 w-4" /> {d.enabled ? "Disable" : "Enable"}
                        </Button>
                        <Button size="sm" variant="ghost" aria-label={`Delete ${title(d)}`} onClick={() => setDialog({ kind: "delete", destination: d })}>
                          <Trash2 className="h-4 w-4" /> Delete
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

      <Dialog
        open={dialog?.kind === "add" || dialog?.kind === "edit"}
        onOpenChange={(o) => !o && setDialog(null)}
        title={dialog?.kind === "edit" ? `Edit ${title(dialog.destination)}` : "Add a destination"}
        description="Saving first sends a test trace; the destination is saved only if the platform accepts it. Credentials are encrypted at rest and never shown again."
      >
        {dialog?.kind === "add" || dialog?.kind === "edit" ? (
          <DestinationForm
            key={dialog.kind === "edit" ? dialog.destination.id : "add"}
            account={account}
            editing={dialog.kind === "edit" ? dialog.destination : null}
            apiKeys={apiKeys}
            onSaved={(payload: DestinationPayload) => saved(dialog.kind === "edit" ? "Destination saved." : `${payload.name} added.`)}
          />
        ) : null}
      </Dialog>

      <Dialog open={dialog?.kind === "log"} onOpenChange={(o) => !o && setDialog(null)} title={dialog?.kind === "log" ? `Delivery log: ${title(dialog.destination)}` : "Delivery log"}>
        {dialog?.kind === "log" ? <DeliveryLog account={account} destinationId={dialog.destination.id} canManage={canManage} /> : null}
      </Dialog>

      <Dialog
        open={dialog?.kind === "delete"}
        onOpenChange={(o) => !o && setDialog(null)}
        title="Delete this destination?"
        description={dialog?.kind === "delete" ? `${title(dialog.destination)} stops receiving traces at once; its credentials and delivery log are deleted, and traces not yet delivered are dropped.` : undefined}
      >
        {dialog?.kind === "delete" ? (
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setDialog(null)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              data-testid="destination-delete-confirm"
              disabled={mutation.isPending}
              onClick={() => mutation.mutate({ path: `/observability/destinations/${dialog.destination.id}`, method: "DELETE", success: `${title(dialog.destination)} deleted.` })}
            >
              <Trash2 className="h-4 w-4" /> Delete destination
            </Button>
          </div>
        ) : null}
      </Dialog>
    </div>
  );
}
