import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/card";
import { CatalogManager } from "@/components/catalog/catalog-manager";
import { toCatalogProviderResponse } from "@/lib/api/responses";
import { getPageContext } from "@/lib/auth/page-context";
import { isInstanceAdmin } from "@/lib/authz/instance-admin";
import { listCatalog } from "@/lib/services/catalog/list-catalog";
import { accountSegment } from "@/lib/services/context";

export const metadata: Metadata = { title: "Providers & models" };

export default async function CatalogPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  const { ctx } = await getPageContext(account);
  const [providers, canEdit] = await Promise.all([listCatalog({ ctx }), isInstanceAdmin(ctx)]);
  const segment = accountSegment(ctx.account);
  return (
    <>
      <Link href={`/${segment}/settings`} className="mb-3 inline-flex items-center gap-1 text-sm text-muted hover:text-fg">
        <ArrowLeft className="h-4 w-4" /> Settings
      </Link>
      <PageHeader
        title="Providers & models"
        description="The provider catalog of this Tollgate, shared by every account: where the gateway may send a request, at which price, and whether the provider keeps data (ZDR)."
      />
      <CatalogManager account={segment} providers={providers.map(toCatalogProviderResponse)} canEdit={canEdit} />
    </>
  );
}
