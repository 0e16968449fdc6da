import { ChevronRight, Coins, Globe, KeyRound, Server, ShieldCheck, UserCog, Users } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { getPageContext } from "@/lib/auth/page-context";
import { can, ROLE_LABELS } from "@/lib/authz/permissions";
import { isInstanceAdmin } from "@/lib/authz/instance-admin";
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
  const segment = accountSegment(ctx.account);
  const operator = await isInstanceAdmin(ctx);
  const sections = [
    {
      href: "/personal/settings/profile",
      icon: UserCog,
      title: "Your profile",
      testId: "settings-link-profile",
      text: "Your name and password, and where you are signed in.",
    },
    ...((await isInstanceAdmin(ctx))
      ? [{
          href: `/${segment}/settings/instance`,
          icon: Users,
          title: "Instance",
          testId: "settings-link-instance",
          text: "For the operator: who may sign up (open, invite-only, or email domains) and password reset links.",
        }]
      : []),
    {
      href: `/${segment}/settings/privacy`,
      icon: ShieldCheck,
      title: "Privacy",
      testId: "settings-link-privacy",
      text: "ZDR-only routing for every request of this account, and prompt logging (off by default).",
    },
    {
      href: `/${segment}/settings/catalog`,
      icon: Server,
      title: "Providers & models",
      testId: "settings-link-catalog",
      text: "The provider catalog this instance routes to: endpoints, prices, data retention, provider keys.",
    },
    ...(can(ctx.role, "providers.read")
      ? [{
          href: `/${segment}/settings/providers`,
          icon: KeyRound,
          title: "Your provider keys (BYOK)",
          testId: "settings-providers",
          text: "Bring your own provider keys (OpenAI, Anthropic, Groq…): order, fallbacks, and whether shared capacity may be used.",
        }]
      : []),
    ...(operator
      ? [{
          href: `/${segment}/settings/instance-credits`,
          icon: Coins,
          title: "Instance credits",
          testId: "settings-link-instance-credits",
          text: "As the operator: grant credits to any account, the sign-up grant, and whether paid models need credits.",
        }]
      : []),
    ...(operator
      ? [{
          href: `/${segment}/settings/outbound`,
          icon: Globe,
          title: "Outbound requests",
          testId: "settings-link-outbound",
          text: "Instance admins: which private hosts and networks destinations and custom providers may call.",
        }]
      : []),
  ];
  return (
    <>
      <PageHeader title="Settings" description="Account details, privacy, the provider catalog and organization management." />
      <div className="mb-6 grid gap-4 sm:grid-cols-2">
        {sections.map(({ href, icon: Icon, title, text, testId }) => (
          <Link key={href} href={href} data-testid={testId} className="group">
            <Card className="flex h-full items-start gap-4 p-5 transition-colors group-hover:border-brand-500">
              <div className="rounded-lg bg-brand-50 p-2.5 text-brand-600 dark:bg-brand-500/10">
                <Icon className="h-5 w-5" />
              </div>
              <div className="min-w-0 flex-1">
                <h2 className="flex items-center justify-between font-semibold">
                  {title} <ChevronRight className="h-4 w-4 text-muted" />
                </h2>
                <p className="mt-1 text-sm text-muted">{text}</p>
              </div>
            </Card>
          </Link>
        ))}
      </div>
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
