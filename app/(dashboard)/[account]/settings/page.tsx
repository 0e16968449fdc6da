import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui/card";
import { getPageContext } from "@/lib/auth/page-context";
import { ROLE_LABELS } from "@/lib/authz/permissions";
import { accountSegment } from "@/lib/services/context";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  const { ctx } = await getPageContext(account);
  const isOrg = ctx.account.type === "ORGANIZATION";
  const rows = [
    ["Name", isOrg ? ctx.account.name : "Personal"],
    ["Type", isOrg ? "Organization" : "Personal account"],
    ["URL", `/${accountSegment(ctx.account)}`],
    ["Account ID", ctx.account.id],
    ["Your role", ROLE_LABELS[ctx.role]],
  ];
  return (
    <>
      <PageHeader title="Settings" description="Account details. Privacy, providers and organization management follow." />
      <Card>
        <dl className="divide-y divide-border" data-testid="account-details">
          {rows.map(([label, value]) => (
            <div key={label} className="grid grid-cols-3 gap-4 px-5 py-3 text-sm">
              <dt className="text-muted">{label}</dt>
              <dd className="col-span-2 break-all font-medium">{value}</dd>
            </div>
          ))}
        </dl>
      </Card>
    </>
  );
}
