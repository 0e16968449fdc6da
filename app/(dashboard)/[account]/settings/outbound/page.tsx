import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/card";
import { OutboundAllowlistForm } from "@/components/settings/outbound-allowlist-form";
import { getPageContext } from "@/lib/auth/page-context";
import { isInstanceAdmin } from "@/lib/authz/instance-admin";
import { accountSegment } from "@/lib/services/context";
import { getOutboundAllowlist } from "@/lib/services/settings/get-outbound-allowlist";

export const metadata: Metadata = { title: "Outbound requests" };

export default async function OutboundPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  const { ctx } = await getPageContext(account);
  if (!(await isInstanceAdmin(ctx))) notFound();
  const view = await getOutboundAllowlist({ ctx });
  const segment = accountSegment(ctx.account);
  return (
    <>
      <Link href={`/${segment}/settings`} className="mb-3 inline-flex items-center gap-1 text-sm text-muted hover:text-fg">
        <ArrowLeft className="h-4 w-4" /> Settings
      </Link>
      <PageHeader
        title="Outbound requests"
        description="Which private hosts and networks Tollgate may call: Broadcast destinations, webhooks, S3 endpoints and custom provider base URLs. Instance-wide."
      />
      <OutboundAllowlistForm account={segment} initial={view.allowlist} envAllowlist={view.envAllowlist} />
    </>
  );
}
