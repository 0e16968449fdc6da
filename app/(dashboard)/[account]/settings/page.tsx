import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui/card";
import { getPageContext } from "@/lib/auth/page-context";
import { can, ROLE_LABELS } from "@/lib/authz/permissions";
import { OrganizationSettings } from "@/components/settings/organization-settings";
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
      <PageHeader title="Settings" description="Account details and organization management." />
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
      {isOrg && (can(ctx.role, "account.write") || can(ctx.role, "account.delete")) ? (
        <div className="mt-6">
          <OrganizationSettings
            account={accountSegment(ctx.account)}
            name={ctx.account.name}
            canRename={can(ctx.role, "account.write")}
            canDelete={can(ctx.role, "account.delete")}
          />
        </div>
      ) : null}
    </>
  );
}
