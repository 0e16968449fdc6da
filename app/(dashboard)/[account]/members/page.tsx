import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui/card";
import { AreaGate } from "@/components/shell/area-gate";
import { getPageContext } from "@/lib/auth/page-context";
import { ROLE_LABELS } from "@/lib/authz/permissions";
import { listMembers } from "@/lib/services/accounts/list-members";
import { formatDate, formatRelative } from "@/lib/format";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  const { ctx } = await getPageContext(account);
  return (
    <AreaGate segment={account} permission="members.read">
      <MembersTable ctx={ctx} />
    </AreaGate>
  );
}

async function MembersTable({ ctx }: { ctx: Awaited<ReturnType<typeof getPageContext>>["ctx"] }) {
  const { members, total } = await listMembers({ ctx, limit: 200 });
  return (
    <>
      <PageHeader title="Members" description={`${total} member${total === 1 ? "" : "s"} of ${ctx.account.name}.`} />
      <Card className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="members-table">
          <thead className="border-b border-border text-xs uppercase tracking-wide text-muted">
            <tr>
              <th className="px-4 py-3 font-medium">Name</th>
              <th className="px-4 py-3 font-medium">Email</th>
              <th className="px-4 py-3 font-medium">Role</th>
              <th className="px-4 py-3 font-medium">Joined</th>
              <th className="px-4 py-3 font-medium">Last active</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {members.map((m) => (
              <tr key={m.id}>
                <td className="px-4 py-3 font-medium">{m.name ?? "—"}</td>
                <td className="px-4 py-3 text-muted">{m.email}</td>
                <td className="px-4 py-3">
                  <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700 dark:bg-brand-500/15 dark:text-brand-100">
                    {ROLE_LABELS[m.role]}
                  </span>
                </td>
                <td className="px-4 py-3 text-muted">{formatDate(m.joinedAt)}</td>
                <td className="px-4 py-3 text-muted">{m.lastActiveAt ? formatRelative(m.lastActiveAt) : "Never"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </>
  );
}
