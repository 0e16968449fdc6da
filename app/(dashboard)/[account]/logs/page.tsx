import { ScrollText } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { LogsTable } from "@/components/logs/logs-table";
import { AreaGate } from "@/components/shell/area-gate";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { toGenerationListItemResponse } from "@/lib/api/activity-responses";
import { getPageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/authz/permissions";
import { accountSegment } from "@/lib/services/context";
import { listGenerations } from "@/lib/services/activity/list-generations";
import { listUsageDimensions } from "@/lib/services/activity/list-usage-dimensions";
import { generationsQuerySchema } from "@/lib/validations/activity";

export const metadata: Metadata = { title: "Logs" };

const FILTERS = ["api_key", "model", "provider", "user", "status"] as const;

export default async function LogsPage({ params, searchParams }: { params: Promise<{ account: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { account } = await params;
  const { ctx } = await getPageContext(account);
  if (!can(ctx.role, "activity.read")) return <AreaGate segment={account} permission="activity.read">{null}</AreaGate>;
  const sp = await searchParams;
  const segment = accountSegment(ctx.account);
  const raw = Object.fromEntries(Object.entries(sp).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""));
  const parsed = generationsQuerySchema.safeParse({ ...raw, limit: 50 });
  const query = parsed.success ? parsed.data : generationsQuerySchema.parse({ limit: 50 });
  const [page, dims] = await Promise.all([listGenerations({ ctx, query }), listUsageDimensions({ ctx })]);
  const active = Object.fromEntries(FILTERS.filter((f) => query[f] !== undefined).map((f) => [f, String(query[f])]));
  const base = `/${segment}/logs`;
  const hasFilters = Object.keys(active).length > 0;

  return (
    <>
      <PageHeader
        title="Logs"
        description={can(ctx.role, "activity.read_all") ? "Every generation of the organization, newest first. Click one for its attempts and timing." : "Every generation of your API keys, newest first."}
      />
      <Card className="mb-4 p-4">
        <form method="get" action={base} className="grid gap-3 text-sm sm:grid-cols-3 lg:grid-cols-6" data-testid="logs-filters">
          <FilterSelect name="api_key" label="API key" value={active.api_key} options={dims.apiKeys} />
          <FilterSelect name="model" label="Model" value={active.model} options={dims.models} />
          <FilterSelect name="provider" label="Provider" value={active.provider} options={dims.providers} />
          <FilterSelect name="user" label="End user" value={active.user} options={dims.users} />
          <FilterSelect name="status" label="Status" value={active.status} options={[{ value: "success", label: "Succeeded" }, { value: "error", label: "Failed" }]} />
          <div className="flex items-end gap-2">
            <button type="submit" className="h-9 rounded-md bg-brand-600 px-4 font-medium text-white hover:bg-brand-700" data-testid="logs-apply">
              Filter
            </button>
            {hasFilters ? (
              <Link href={base} className="h-9 rounded-md px-3 py-2 text-muted hover:text-fg">
                Clear
              </Link>
            ) : null}
          </div>
        </form>
      </Card>
      {page.items.length === 0 ? (
        <EmptyState icon={<ScrollText className="h-5 w-5" />} title={hasFilters || query.cursor ? "No generations match" : "No generations yet"}>
          {hasFilters ? "Try other filters." : "Requests appear here as soon as an API key calls the gateway."}
        </EmptyState>
      ) : (
        <Card className="overflow-x-auto">
          <LogsTable account={segment} rows={page.items.map(toGenerationListItemResponse)} />
          <div className="flex items-center justify-between border-t border-border px-4 py-3 text-sm">
            {query.cursor ? (
              <Link className="text-brand-600 hover:underline" href={`${base}?${new URLSearchParams(active)}`}>
                ← Newest
              </Link>
            ) : (
              <span />
            )}
            {page.nextCursor ? (
              <Link className="text-brand-600 hover:underline" href={`${base}?${new URLSearchParams({ ...active, cursor: page.nextCursor })}`} data-testid="logs-older">
                Older →
              </Link>
            ) : (
              <span className="text-xs text-muted">End of the log</span>
            )}
          </div>
        </Card>
      )}
    </>
  );
}

function FilterSelect({ name, label, value, options }: { name: string; label: string; value?: string; options: { value: string; label: string }[] }) {
  return (
    <label className="flex flex-col gap-1">
      <span className="text-xs text-muted">{label}</span>
      <select name={name} defaultValue={value ?? ""} className="h-9 rounded-md border border-border bg-surface px-2 text-sm text-fg" data-testid={`logs-filter-${name}`}>
        <option value="">All</option>
        {value !== undefined && !options.some((o) => o.value === value) ? <option value={value}>{value}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
