import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/card";
import { AreaGate } from "@/components/shell/area-gate";
import { ByokManager } from "@/components/byok/byok-manager";
import { getPageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/authz/permissions";
import { formatDate } from "@/lib/format";
import { listByokKeys } from "@/lib/services/byok/list-byok-keys";
import { accountSegment } from "@/lib/services/context";

export const metadata: Metadata = { title: "Provider keys" };

function restrictions(k: { allowedModels: unknown; allowedApiKeyHashes: unknown; allowedUserIds: unknown }): string | null {
  const parts = [
    Array.isArray(k.allowedModels) ? `models: ${k.allowedModels.join(", ") || "none"}` : null,
    Array.isArray(k.allowedApiKeyHashes) ? `${k.allowedApiKeyHashes.length} API key(s)` : null,
    Array.isArray(k.allowedUserIds) ? `${k.allowedUserIds.length} member(s)` : null,
  ].filter(Boolean);
  return parts.length ? `Only for ${parts.join("; ")}` : null;
}

export default async function ProvidersPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  const { ctx } = await getPageContext(account);
  if (!can(ctx.role, "providers.read")) return <AreaGate segment={account} permission="providers.read">{null}</AreaGate>;
  const segment = accountSegment(ctx.account);
  const { keys } = await listByokKeys({ ctx, input: { limit: 500 } });
  return (
    <>
      <Link href={`/${segment}/settings`} className="mb-3 inline-flex items-center gap-1 text-sm text-muted hover:text-fg">
        <ArrowLeft className="h-4 w-4" /> Settings
      </Link>
      <PageHeader
        title="Provider keys"
        description="Bring your own keys for upstream providers. Requests use them first, in order; fallback keys only after the others. Keys are encrypted at rest and only their last four characters are shown."
      />
      <ByokManager
        account={segment}
        canManage={can(ctx.role, "providers.write")}
        keys={keys.map((k) => ({
          id: k.id,
          provider: k.provider,
          name: k.name,
          label: k.label,
          sortOrder: k.sortOrder,
          disabled: k.disabled,
          isFallback: k.isFallback,
          isByokOnly: k.isByokOnly,
          isRequired: k.isRequired,
          restrictions: restrictions(k),
          createdAt: formatDate(k.createdAt),
        }))}
      />
    </>
  );
}
