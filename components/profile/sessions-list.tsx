"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { toast } from "sonner";
import { apiFetch, ApiError } from "@/components/api-client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatDate, formatRelative } from "@/lib/format";

type SessionRow = { id: string; user_agent: string | null; ip: string | null; created_at: string; last_seen_at: string; is_current: boolean };

const BROWSERS: [RegExp, string][] = [[/Edg\//, "Edge"], [/Firefox\//, "Firefox"], [/Chrome\//, "Chrome"], [/Safari\//, "Safari"]];
const SYSTEMS: [RegExp, string][] = [[/Windows/, "Windows"], [/Android/, "Android"], [/iPhone|iPad/, "iOS"], [/Mac OS X/, "macOS"], [/Linux/, "Linux"]];

/** "Chrome on Linux" from a user agent; the raw string when no browser is recognised. */
function describeDevice(ua: string | null): string {
  if (!ua) return "Unknown device";
  const browser = BROWSERS.find(([re]) => re.test(ua))?.[1];
  const system = SYSTEMS.find(([re]) => re.test(ua))?.[1];
  return browser ? `${browser}${system ? ` on ${system}` : ""}` : ua.slice(0, 80);
}

/** Where you are signed in, with per-session sign-out and "Sign out everywhere". */
export function SessionsList() {
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: ["sessions"], queryFn: () => apiFetch<{ data: SessionRow[] }>("personal", "/sessions").then((r) => r.data) });
  const onError = (e: unknown) => toast.error(e instanceof ApiError ? e.message : "Could not sign that session out. Try again.");
  const revoke = useMutation({
    mutationFn: (id: string) => apiFetch("personal", `/sessions/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => {
      toast.success("That session is signed out.");
      void queryClient.invalidateQueries({ queryKey: ["sessions"] });
    },
    onError,
  });
  const everywhere = useMutation({
    mutationFn: () => apiFetch("personal", "/sessions/revoke-all", { method: "POST" }),
    onSuccess: () => signOut({ callbackUrl: "/sign-in" }),
    onError,
  });
  return (
    <Card className="p-5" data-testid="sessions">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h2 className="font-semibold">Sessions</h2>
          <p className="mt-1 text-sm text-muted">The browsers signed in to your account. Signing one out ends it on its next request.</p>
        </div>
        <Button variant="secondary" onClick={() => everywhere.mutate()} disabled={everywhere.isPending} data-testid="sign-out-everywhere">
          Sign out everywhere
        </Button>
      </div>
      <ul className="mt-4 divide-y divide-border">
        {(sessions.data ?? []).map((s) => (
          <li key={s.id} className="flex items-center justify-between gap-4 py-3 text-sm" data-testid="session-row">
            <div className="min-w-0">
              <p className="font-medium">
                {describeDevice(s.user_agent)} {s.is_current ? <span className="ml-1 text-xs text-emerald-600" data-testid="session-current">This session</span> : null}
              </p>
              <p className="text-xs text-muted">
                {s.ip ?? "address unknown"} · signed in {formatDate(new Date(s.created_at))} · last seen {formatRelative(new Date(s.last_seen_at))}
              </p>
            </div>
            {!s.is_current ? (
              <Button variant="secondary" size="sm" onClick={() => revoke.mutate(s.id)} disabled={revoke.isPending} aria-label={`Sign out ${describeDevice(s.user_agent)}`}>
                Sign out
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {sessions.isError ? <p className="mt-2 text-sm text-red-600">Could not load your sessions.</p> : null}
    </Card>
  );
}
