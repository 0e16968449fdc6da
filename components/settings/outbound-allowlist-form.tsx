"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { apiFetch, ApiError } from "@/components/api-client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

type Response = { data: { allowlist: string[]; env_allowlist: string[] } };

const toLines = (list: string[]) => list.join("\n");
const fromLines = (text: string) => text.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);

/** The instance admin's outbound allowlist: one host, host:port, address or CIDR range a line. */
export function OutboundAllowlistForm({ account, initial, envAllowlist }: { account: string; initial: string[]; envAllowlist: string[] }) {
  const router = useRouter();
  const [text, setText] = useState(toLines(initial));
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (allowlist: string[]) => apiFetch<Response>(account, "/settings/outbound", { method: "PATCH", body: { allowlist } }),
    onSuccess: ({ data }) => {
      setText(toLines(data.allowlist));
      setError(null);
      toast.success(data.allowlist.length ? `Allowlist saved (${data.allowlist.length} ${data.allowlist.length === 1 ? "entry" : "entries"}).` : "Allowlist cleared.");
      router.refresh();
    },
    onError: (e) => setError(e instanceof ApiError ? e.message : "Could not save. Try again."),
  });

  return (
    <div className="space-y-6">
      <Card className="p-5">
        <h2 className="font-semibold">Allowlist</h2>
        <p className="mt-2 text-sm text-muted">
          By default Tollgate refuses to call loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local, CGNAT and
          cloud metadata addresses, after resolving the host and on every redirect. List here what your destinations and
          providers may reach inside your network: one entry a line, as a host (<code>collector.internal</code>,{" "}
          <code>*.corp.example</code>), a host and port (<code>collector.internal:4318</code>), an address or a CIDR range
          (<code>10.20.0.0/16</code>). The built-in Sandbox providers need no entry.
        </p>
        <form
          className="mt-4 space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(fromLines(text));
          }}
        >
          <label htmlFor="outbound-allowlist" className="sr-only">
            Allowlist entries
          </label>
          <textarea
            id="outbound-allowlist"
            data-testid="outbound-allowlist"
            className="min-h-32 w-full rounded-md border border-border bg-surface px-3 py-2 font-mono text-sm"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={"10.20.0.0/16\ncollector.internal:4318"}
            spellCheck={false}
          />
          {error ? (
            <p className="text-sm text-red-600 dark:text-red-400" role="status" data-testid="outbound-allowlist-error">
              {error}
            </p>
          ) : null}
          <Button type="submit" disabled={save.isPending} data-testid="outbound-allowlist-save">
            {save.isPending ? "Saving…" : "Save"}
          </Button>
        </form>
      </Card>
      <Card className="p-5">
        <h2 className="font-semibold">From the environment</h2>
        <p className="mt-2 text-sm text-muted">
          <code>TOLLGATE_OUTBOUND_ALLOW</code> (comma-separated, set by whoever runs the server) applies too and is not editable here.
        </p>
        {envAllowlist.length ? (
          <ul className="mt-3 space-y-1 font-mono text-sm" data-testid="outbound-env-allowlist">
            {envAllowlist.map((entry) => (
              <li key={entry}>{entry}</li>
            ))}
          </ul>
        ) : (
          <p className="mt-3 text-sm text-muted" data-testid="outbound-env-allowlist">Not set.</p>
        )}
      </Card>
    </div>
  );
}
