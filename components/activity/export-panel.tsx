"use client";

import { Download, Loader2 } from "lucide-react";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { GROUP_BYS } from "@/lib/charts/activity.prepare";
import { formatCount } from "@/lib/format";

const GROUPINGS: { value: string; label: string }[] = [
  ...Object.entries(GROUP_BYS).map(([value, label]) => ({ value, label })),
  { value: "generation", label: "Each request (CSV)" },
];

type Progress = { format: "csv" | "pdf"; bytes: number; rows: number; done: boolean; error?: string; filename?: string };

const kib = (n: number) => (n >= 1_048_576 ? `${(n / 1_048_576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/**
 * Downloads a CSV or PDF of the period shown. The CSV streams: the reader counts bytes and rows as
 * they arrive (a long export shows its progress), then the file is saved from the collected parts.
 */
export function ExportPanel({ account, query, defaultGroupBy }: { account: string; query: Record<string, string>; defaultGroupBy: string }) {
  const [groupBy, setGroupBy] = useState(GROUPINGS.some((g) => g.value === defaultGroupBy) ? defaultGroupBy : "model");
  const [progress, setProgress] = useState<Progress | null>(null);
  const abort = useRef<AbortController | null>(null);
  const busy = progress !== null && !progress.done;

  async function download(format: "csv" | "pdf") {
    const controller = new AbortController();
    abort.current = controller;
    setProgress({ format, bytes: 0, rows: 0, done: false });
    try {
      // The PDF button is disabled for "generation"; the export route maps it to "model" anyway.
      const params = new URLSearchParams({ ...query, format, group_by: groupBy });
      const res = await fetch(`/api/v1/activity/export?${params}`, { headers: { "x-tollgate-account": account }, signal: controller.signal });
      if (!res.ok || !res.body) {
        const body = await res.json().catch(() => null);
        throw new Error(body?.error?.message ?? `Export failed (${res.status}).`);
      }
      const filename = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? `activity.${format}`;
      const reader = res.body.getReader();
      const parts: Uint8Array[] = [];
      let bytes = 0;
      let rows = 0;
      let lastPaint = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        bytes += value.byteLength;
        if (format === "csv") for (let i = 0; i < value.length; i++) if (value[i] === 10) rows++;
        if (Date.now() - lastPaint > 100) {
          lastPaint = Date.now();
          setProgress({ format, bytes, rows, done: false });
        }
      }
      const blob = new Blob(parts as BlobPart[], { type: format === "csv" ? "text/csv" : "application/pdf" });
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = filename;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      // Header and totals rows are not data rows.
      setProgress({ format, bytes, rows: Math.max(0, rows - 2), done: true, filename });
    } catch (error) {
      if (controller.signal.aborted) setProgress(null);
      else setProgress({ format, bytes: 0, rows: 0, done: true, error: (error as Error).message });
    }
  }

  return (
    <div className="flex flex-col gap-2" data-testid="export-panel">
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-2 text-sm">
          <span className="text-muted">Export by</span>
          <Select className="h-9" value={groupBy} onChange={(e) => setGroupBy(e.target.value)} disabled={busy} data-testid="export-group-by" aria-label="Export grouping">
            {GROUPINGS.map((g) => (
              <option key={g.value} value={g.value}>
                {g.label}
              </option>
            ))}
          </Select>
        </label>
        <Button size="sm" variant="secondary" onClick={() => download("csv")} disabled={busy} data-testid="export-csv">
          <Download className="h-4 w-4" /> CSV
        </Button>
        <Button size="sm" variant="secondary" onClick={() => download("pdf")} disabled={busy || groupBy === "generation"} data-testid="export-pdf" title={groupBy === "generation" ? "The PDF report is grouped" : undefined}>
          <Download className="h-4 w-4" /> PDF
        </Button>
        {busy ? (
          <Button size="sm" variant="ghost" onClick={() => abort.current?.abort()}>
            Cancel
          </Button>
        ) : null}
      </div>
      {progress ? (
        <p className="text-xs text-muted" role="status" data-testid="export-status">
          {progress.error ? (
            <span className="text-red-600">{progress.error}</span>
          ) : !progress.done ? (
            <span className="inline-flex items-center gap-1.5">
              <Loader2 className="h-3 w-3 animate-spin" /> Preparing {progress.format.toUpperCase()}… {progress.bytes ? `${kib(progress.bytes)}${progress.format === "csv" ? `, ${formatCount(progress.rows)} rows` : ""}` : ""}
            </span>
          ) : (
            <>Downloaded {progress.filename} ({kib(progress.bytes)}{progress.format === "csv" ? `, ${formatCount(progress.rows)} rows` : ""}).</>
          )}
        </p>
      ) : null}
    </div>
  );
}
