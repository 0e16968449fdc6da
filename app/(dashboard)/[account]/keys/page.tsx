import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { AreaGate } from "@/components/shell/area-gate";
import { KeysManager } from "@/components/keys/keys-manager";
import type { KeyView } from "@/components/keys/types";
import { getPageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/authz/permissions";
import { toKeyResponse } from "@/lib/api/responses";
import { listApiKeys } from "@/lib/services/api-keys/list-api-keys";
import { accountSegment } from "@/lib/services/context";

export const metadata: Metadata = { title: "API Keys" };

export default async function KeysPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  const { ctx, user } = await getPageContext(account);
  if (!can(ctx.role, "keys.read")) return <AreaGate segment={account} permission="keys.read">{null}</AreaGate>;
  const canManageAll = can(ctx.role, "keys.manage_all");
  const keys = (await listApiKeys({ ctx, includeDisabled: true, limit: 1000 })).map(toKeyResponse) as KeyView[];
  return (
    <>
      <PageHeader
        title="API Keys"
        description={
          canManageAll
            ? "Every key in this account. Inference keys call the gateway; management keys call the provisioning API."
            : "Your keys in this account. Inference keys call the gateway at /api/v1."
        }
      />
      <KeysManager account={accountSegment(ctx.account)} keys={keys} canManageAll={canManageAll} currentUserId={user.id} />
    </>
  );
}
