"use client";

import Link from "next/link";
import { useState } from "react";
import { ArrowDown, ArrowUp } from "lucide-react";
import { Table, TBody, TD, TH, THead } from "@/components/ui/table";
import { formatCount, formatMs } from "@/lib/format";
import { formatUsd } from "@/lib/money";
import { averageLatency, sortGroups, totalTokens, type Group, type SortKey } from "@/lib/charts/activity.prepare";

export type GroupRow = { key: string; label: string; color: string | null; filterHref: string; totals: Omit<Group["totals"], "costMicros" | "byokCostMicros"> & { costMicros: string; byokCostMicros: string } };

const COLUMNS: { key: SortKey; label: string; align?: "right" }[] = [
  { key: "label", label: "Group" },
  { key: "requests", label: "Requests", align: "right" },
  { key: "tokens", label: "Tokens", align: "right" },
  { key: "spend", label: "Spend", align: "right" },
  { key: "errors", label: "Errors", align: "right" },
  { key: "latency", label: "Avg latency", align: "right" },
];

/** The groups of the period with their totals, sortable by any column; a row filters the page to it. */
export function GroupsTable({ rows, groupLabel }: { rows: GroupRow[]; groupLabel: string }) {
  const [sort, setSort] = useState<{ key: SortKey; dir: "asc" | "desc" }>({ key: "spend", dir: "desc" });
  const groups = rows.map((r) => ({ key: r.key, label: r.label, totals: { ...r.totals, costMicros: BigInt(r.totals.costMicros), byokCostMicros: BigInt(r.totals.byokCostMicros) } }));
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const sorted = sortGroups(groups, sort.key, sort.dir);
  return (
    <Table data-testid="activity-table">
      <THead>
        <tr>
          {COLUMNS.map((c) => (
            <TH key={c.key} className={c.align === "right" ? "text-right" : undefined} aria-sort={sort.key === c.key ? (sort.dir === "asc" ? "ascending" : "descending") : "none"}>
              <button
                type="button"
                className="inline-flex items-center gap-1 uppercase hover:text-fg"
                onClick={() => setSort((s) => ({ key: c.key, dir: s.key === c.key && s.dir === "desc" ? "asc" : c.key === "label" && s.key !== c.key ? "asc" : "desc" }))}
              >
                {c.key === "label" ? groupLabel : c.label}
                {sort.key === c.key ? sort.dir === "asc" ? <ArrowUp className="h-3 w-3" /> : <ArrowDown className="h-3 w-3" /> : null}
              </button>
            </TH>
          ))}
        </tr>
      </THead>
      <TBody>
        {sorted.map((g) => {
          const row = byKey.get(g.key)!;
          const avg = averageLatency(g.totals);
          return (
            <tr key={g.key} data-testid="activity-row">
              <TD className="max-w-80">
                <Link href={row.filterHref} scroll={false} className="flex items-center gap-2 hover:underline" title={`Show only ${g.label}`}>
                  <span className="h-2.5 w-2.5 shrink-0 rounded-sm" style={{ background: row.color ?? "var(--border)" }} aria-hidden />
                  <span className="truncate">{g.label}</span>
                </Link>
              </TD>
              <TD className="text-right tabular-nums">{formatCount(g.totals.requests)}</TD>
              <TD className="text-right tabular-nums">{formatCount(totalTokens(g.totals))}</TD>
              <TD className="text-right tabular-nums" data-testid="activity-row-spend">
                {formatUsd(g.totals.costMicros)}
                {g.totals.byokCostMicros > 0n ? <span className="block text-xs text-muted">+ {formatUsd(g.totals.byokCostMicros)} BYOK</span> : null}
              </TD>
              <TD className="text-right tabular-nums">{formatCount(g.totals.errors)}</TD>
              <TD className="text-right tabular-nums">{formatMs(avg)}</TD>
            </tr>
          );
        })}
      </TBody>
    </Table>
  );
}
