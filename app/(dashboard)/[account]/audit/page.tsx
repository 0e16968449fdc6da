import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { AreaGate } from "@/components/shell/area-gate";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { Table, TBody, TD, TH, THead } from "@/components/ui/table";
import { getPageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/authz/permissions";
import { listAuditEvents } from "@/lib/services/audit/list-audit-events";
import { listMembers } from "@/lib/services/accounts/list-members";
import { accountSegment } from "@/lib/services/context";
import { auditQuerySchema } from "@/lib/validations/members";

export const metadata: Metadata = { title: "Audit log" };

const PAGE_SIZE = 25;
const DATETIME = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

// Scalars as "key: value"; a change { from, to } as "key: from → to"; a "changes" object field by field.
function describe(e: { action: string; metadata: unknown }): string {
  const parts: string[] = [];
  const shown = (v: unknown) => (v === null || v === undefined ? "none" : String(v));
  const add = (k: string, v: unknown) => {
    if (v === null || v === undefined) return;
    const label = k.replace(/_/g, " ");
    if (typeof v !== "object") parts.push(`${label}: ${v}`);
    else if (!Array.isArray(v) && "from" in v && "to" in v) parts.push(`${label}: ${shown(v.from)} → ${shown(v.to)}`);
    else if (k === "changes" && !Array.isArray(v)) for (const [ck, cv] of Object.entries(v)) add(ck, cv);
  };
  for (const [k, v] of Object.entries((e.metadata ?? {}) as Record<string, unknown>)) add(k, v);
  return parts.join(" · ");
}

export default async function AuditPage({ params, searchParams }: { params: Promise<{ account: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { account } = await params;
  const { ctx } = await getPageContext(account);
  if (!can(ctx.role, "audit.read")) return <AreaGate segment={account} permission="audit.read">{null}</AreaGate>;
  const sp = await searchParams;
  const page = Math.max(1, Number.parseInt(sp.page ?? "1", 10) || 1);
  const parsed = auditQuerySchema.safeParse({ actor: sp.actor || undefined, action: sp.action || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const query = parsed.success ? parsed.data : { limit: PAGE_SIZE, offset: 0 };
  const seesAll = can(ctx.role, "audit.read_all");
  const [{ events, total, actions }, members] = await Promise.all([
    listAuditEvents({ ctx, query }),
    seesAll && can(ctx.role, "members.read") ? listMembers({ ctx, limit: 500 }).then((r) => r.members) : Promise.resolve([]),
  ]);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const base = `/${accountSegment(ctx.account)}/audit`;
  const link = (p: number) => `${base}?${new URLSearchParams({ ...(query.actor ? { actor: query.actor } : {}), ...(query.action ? { action: query.action } : {}), page: String(p) })}`;

  return (
    <>
      <PageHeader title="Audit log" description={seesAll ? "Who did what in this account, and when (UTC)." : "What you did in this account, and when (UTC)."} />
      <form className="mb-4 flex flex-wrap items-end gap-3" method="GET" action={base}>
        {seesAll ? (
          <label className="text-sm">
            <span className="mb-1 block text-muted">Member</span>
            <Select name="actor" defaultValue={query.actor ?? ""}>
              <option value="">Everyone</option>
              {members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name ?? m.email}
                </option>
              ))}
            </Select>
          </label>
        ) : null}
        <label className="text-sm">
          <span className="mb-1 block text-muted">Action</span>
          <Select name="action" defaultValue={query.action ?? ""} data-testid="audit-action-filter">
            <option value="">All actions</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </Select>
        </label>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
      </form>
      <Card className="overflow-x-auto">
        {events.length === 0 ? (
          <p className="px-4 py-6 text-sm text-muted">No events match.</p>
        ) : (
          <Table data-testid="audit-table">
            <THead>
              <tr>
                <TH>When</TH>
                <TH>Who</TH>
                <TH>Action</TH>
                <TH>Details</TH>
              </tr>
            </THead>
            <TBody>
              {events.map((e) => (
                <tr key={e.id}>
                  <TD className="whitespace-nowrap text-muted">{DATETIME.format(e.createdAt)}</TD>
                  <TD>{e.actor?.name ?? e.actor?.email ?? (e.actorKeyId ? "Management key" : "System")}</TD>
                  <TD>
                    <code className="rounded bg-black/5 px-1.5 py-0.5 text-xs dark:bg-white/10">{e.action}</code>
                  </TD>
                  <TD className="max-w-md truncate text-muted">{describe(e)}</TD>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
      <div className="mt-4 flex items-center justify-between text-sm text-muted">
        <span>
          {total} event{total === 1 ? "" : "s"} · page {Math.min(page, pages)} of {pages}
        </span>
        <span className="space-x-3">
          {page > 1 ? <Link className="text-brand-600 hover:underline" href={link(page - 1)}>Newer</Link> : null}
          {page < pages ? <Link className="text-brand-600 hover:underline" href={link(page + 1)}>Older</Link> : null}
        </span>
      </div>
    </>
  );
}
