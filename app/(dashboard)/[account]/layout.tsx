import { AppShell } from "@/components/shell/app-shell";
import { getPageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/authz/permissions";
import { AREAS } from "@/lib/navigation/areas";
import { listUserAccounts } from "@/lib/services/accounts/list-user-accounts";
import { accountSegment } from "@/lib/services/context";

export default async function AccountLayout({ children, params }: { children: React.ReactNode; params: Promise<{ account: string }> }) {
  const { account } = await params;
  const { user, ctx } = await getPageContext(account);
  const accounts = await listUserAccounts({ ctx: { userId: user.id } });
  const navItems = AREAS.filter((a) => can(ctx.role, a.permission) && (!a.orgOnly || ctx.account.type === "ORGANIZATION")).map(
    ({ id, label, path }) => ({ id, label, path }),
  );
  return (
    <AppShell
      accounts={accounts.map(({ id, name, segment, type, role }) => ({ id, name, segment, type, role }))}
      currentId={ctx.account.id}
      segment={accountSegment(ctx.account)}
      navItems={navItems}
      user={{ name: user.name, email: user.email }}
    >
      {children}
    </AppShell>
  );
}
