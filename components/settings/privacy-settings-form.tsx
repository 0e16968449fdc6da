"use client";

import { useMutation } from "@tanstack/react-query";
import { Lock } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { apiFetch, ApiError } from "@/components/api-client";
import { Card } from "@/components/ui/card";
import { Switch } from "@/components/ui/switch";
import { Badge } from "@/components/ui/table";

type Settings = { zdr_only: boolean; prompt_logging: boolean };

/** The account's privacy switches. Each change is saved at once; non-Admins see them read-only. */
export function PrivacySettingsForm({ account, initial, canEdit }: { account: string; initial: Settings; canEdit: boolean }) {
  const router = useRouter();
  const [settings, setSettings] = useState(initial);
  const save = useMutation({
    mutationFn: (patch: Partial<Settings>) => apiFetch<{ data: Settings }>(account, "/settings/privacy", { method: "PATCH", body: patch }),
    onSuccess: ({ data }, patch) => {
      setSettings(data);
      const [[field, value]] = Object.entries(patch);
      toast.success(`${field === "zdr_only" ? "ZDR-only routing" : "Prompt logging"} is now ${value ? "on" : "off"}.`);
      router.refresh();
    },
    onError: (error) => {
      toast.error(error instanceof ApiError ? error.message : "Could not save. Try again.");
    },
  });
  const disabled = !canEdit || save.isPending;

  return (
    <div className="space-y-6">
      {!canEdit ? (
        <p className="flex items-center gap-2 rounded-lg border border-border bg-surface px-4 py-3 text-sm text-muted" data-testid="privacy-read-only">
          <Lock className="h-4 w-4" /> Only Admins can change these settings. You see them as they apply to your requests.
        </p>
      ) : null}
      <Card className="p-5">
        <div className="flex items-start justify-between gap-6">
          <div className="min-w-0">
            <div className="flex items-center gap-2">
              <h2 id="zdr-only-label" className="font-semibold">
                ZDR-only routing
              </h2>
              <Badge tone={settings.zdr_only ? "green" : "gray"} data-testid="zdr-only-status">
                {settings.zdr_only ? "On" : "Off"}
              </Badge>
            </div>
            <p className="mt-2 text-sm text-muted">
              Every request of this account, from every API key, is routed only to provider endpoints that retain no data
              (zero data retention, ZDR). A request for a model that has no such endpoint is refused with an error (400) instead of
              being sent to a provider that keeps data, and fallbacks stay within ZDR endpoints.
            </p>
            <p className="mt-2 text-sm text-muted">
              Without it, a single request can still ask for ZDR with <code className="rounded bg-black/5 px-1 dark:bg-white/10">provider: {"{ zdr: true }"}</code>.
              Which providers retain data is listed under{" "}
              <Link className="text-brand-600 hover:underline" href={`/${account}/settings/catalog`}>
                Providers &amp; models
              </Link>
              .
            </p>
          </div>
          <Switch
            aria-labelledby="zdr-only-label"
            data-testid="zdr-only-switch"
            checked={settings.zdr_only}
            disabled={disabled}
            onCheckedChange={(value) => save.mutate({ zdr_only: value })}
          />
        </div>
      </Card>
      <Card className="p-5">
        <div className="flex items-start justify-between gap-6">
          <div className="min-w-0">
            <div className="flex items-center gap-2">
              <h2 id="prompt-logging-label" className="font-semibold">
                Prompt logging
              </h2>
              <Badge tone={settings.prompt_logging ? "amber" : "gray"} data-testid="prompt-logging-status">
                {settings.prompt_logging ? "On" : "Off"}
              </Badge>
            </div>
            <p className="mt-2 text-sm text-muted">
              Off by default. When on, the prompts and responses of this account&apos;s requests are stored so they can be read on the{" "}
              <Link className="text-brand-600 hover:underline" href={`/${account}/logs`}>
                Logs
              </Link>{" "}
              page. When off, only metadata is kept: model, provider, tokens, cost and timing.
            </p>
            <p className="mt-2 text-sm text-muted">
              Never for a ZDR request: the body of a request routed under zero data retention (ZDR-only routing, or{" "}
              <code className="rounded bg-black/5 px-1 dark:bg-white/10">provider.zdr</code>) is not stored, whatever this says.
            </p>
            {settings.prompt_logging && settings.zdr_only ? (
              <p className="mt-2 text-sm text-amber-700 dark:text-amber-300" data-testid="prompt-logging-zdr-note">
                ZDR-only routing is on, so every request is a ZDR request: no prompt or response is stored.
              </p>
            ) : null}
          </div>
          <Switch
            aria-labelledby="prompt-logging-label"
            data-testid="prompt-logging-switch"
            checked={settings.prompt_logging}
            disabled={disabled}
            onCheckedChange={(value) => save.mutate({ prompt_logging: value })}
          />
        </div>
      </Card>
    </div>
  );
}
