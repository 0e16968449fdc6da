// The PDF usage report: account, period (UTC), grouping, totals with the change against the previous
// period, a stacked bar chart of spend drawn with pdfkit's vector primitives, the table of groups
// (continued across pages with its header) and "Page i of n" on every page. Built-in Helvetica only:
// nothing is downloaded.
import PDFDocument from "pdfkit";
import { averageLatency, change, GROUP_BYS, toStackedSeries, totalTokens, type ActivityPeriod, type GroupBy, type Totals } from "../../charts/activity.prepare";
import { usdString } from "../../money";
import { assertCan, type Ctx } from "../context";
import { getActivityReport } from "./get-activity-report";
import type { UsageFilters } from "./usage-query";

const COLORS = ["#6366f1", "#10b981", "#f59e0b", "#f43f5e", "#0ea5e9", "#d946ef", "#94a3b8"];
const MARGIN = 48;
const INT = new Intl.NumberFormat("en");
/** "$1,234.50", keeping sub-cent digits when there are any: "$0.003126". */
const USD = (micros: bigint) => {
  const [whole, frac] = usdString(micros).split(".");
  return `$${INT.format(BigInt(whole))}.${frac.slice(0, 2)}${frac.slice(2).replace(/0+$/, "")}`;
};
const UTC = new Intl.DateTimeFormat("en", { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });
const DAY = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone: "UTC" });
const HOUR = new Intl.DateTimeFormat("en", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });

function changeText(current: number, previous: number): string {
  const c = change(current, previous);
  if (c === null) return "new vs previous period";
  if (c === 0) return "no change vs previous period";
  return `${c > 0 ? "+" : ""}${(c * 100).toFixed(1)}% vs previous period`;
}

export async function activityPdf({ ctx, query, now = new Date() }: { ctx: Ctx; query: { period: ActivityPeriod; from?: string; to?: string; groupBy: GroupBy; filters?: UsageFilters }; now?: Date }): Promise<Buffer> {
  assertCan(ctx, "activity.export");
  const report = await getActivityReport({ ctx, query: { ...query, metric: "spend" }, now });
  const doc = new PDFDocument({ size: "A4", margin: MARGIN, bufferPages: true, info: { Title: `Usage report: ${ctx.account.name}`, Author: "Tollgate" } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  const { window, totals, previousTotals } = report;

  // Header
  doc.font("Helvetica-Bold").fontSize(18).fillColor("#111827").text("Usage report", MARGIN, MARGIN);
  doc.font("Helvetica").fontSize(10).fillColor("#4b5563");
  doc.text(`Account: ${ctx.account.name}${ctx.account.slug ? ` (${ctx.account.slug})` : " (personal)"}`);
  doc.text(`Period: ${UTC.format(window.from)} to ${UTC.format(window.to)} UTC (${window.granularity === "h" ? "hourly" : "daily"} buckets)`);
  doc.text(`Grouped by: ${GROUP_BYS[report.groupBy]}${report.scope === "own" ? " · your own keys only" : ""}`);
  const filters = Object.entries(report.filters).filter(([, v]) => v !== undefined);
  if (filters.length) doc.text(`Filters: ${filters.map(([k, v]) => `${k} = ${v}`).join(", ")}`);
  doc.text(`Generated: ${UTC.format(now)} UTC`);
  doc.moveDown(0.8);

  // Totals
  const boxes: [string, string, string][] = [
    ["Spend (credits)", USD(totals.costMicros), changeText(Number(totals.costMicros), Number(previousTotals.costMicros))],
    ["BYOK spend", USD(totals.byokCostMicros), changeText(Number(totals.byokCostMicros), Number(previousTotals.byokCostMicros))],
    ["Requests", INT.format(totals.requests), changeText(totals.requests, previousTotals.requests)],
    ["Tokens", INT.format(totalTokens(totals)), changeText(totalTokens(totals), totalTokens(previousTotals))],
  ];
  const boxW = (width - 3 * 8) / 4;
  const boxY = doc.y;
  boxes.forEach(([label, value, delta], i) => {
    const x = MARGIN + i * (boxW + 8);
    doc.roundedRect(x, boxY, boxW, 58, 4).lineWidth(0.6).strokeColor("#d1d5db").stroke();
    doc.font("Helvetica").fontSize(8).fillColor("#6b7280").text(label, x + 8, boxY + 8, { width: boxW - 16 });
    doc.font("Helvetica-Bold").fontSize(13).fillColor("#111827").text(value, x + 8, boxY + 21, { width: boxW - 16 });
    doc.font("Helvetica").fontSize(7).fillColor("#6b7280").text(delta, x + 8, boxY + 41, { width: boxW - 16 });
  });
  doc.x = MARGIN;
  doc.y = boxY + 72;
  const avgLatency = averageLatency(totals);
  doc.font("Helvetica").fontSize(8).fillColor("#6b7280").text(`Errors: ${INT.format(totals.errors)} · average latency: ${avgLatency === null ? "n/a" : `${Math.round(avgLatency)} ms`} · prompt ${INT.format(totals.promptTokens)} / completion ${INT.format(totals.completionTokens)} tokens`, MARGIN);
  doc.moveDown(1);

  // Chart: stacked bars of spend per bucket, top 6 groups + Other
  drawChart(doc, report, MARGIN, doc.y, width, 190);
  doc.x = MARGIN;
  doc.moveDown(1);

  // Table
  drawTable(doc, report.groups.map((g) => ({ label: g.label, totals: g.totals })), totals, width, GROUP_BYS[report.groupBy]);

  // Page numbers
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Text below the bottom margin would make pdfkit start a new page: the footer lives in the margin.
    doc.page.margins.bottom = 0;
    doc.font("Helvetica").fontSize(8).fillColor("#9ca3af");
    doc.text(`Page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN + 16, { width, align: "right", lineBreak: false });
    doc.text(`Tollgate · ${ctx.account.name}`, MARGIN, doc.page.height - MARGIN + 16, { width, align: "left", lineBreak: false });
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

type Doc = InstanceType<typeof PDFDocument>;

function drawChart(doc: Doc, report: Awaited<ReturnType<typeof getActivityReport>>, x: number, y: number, width: number, height: number) {
  const { series, rows } = toStackedSeries(report.cells, report.window, report.labels, "spend", 6);
  doc.font("Helvetica-Bold").fontSize(11).fillColor("#111827").text(`Spend per ${report.window.granularity === "h" ? "hour" : "day"} (USD), by ${GROUP_BYS[report.groupBy].toLowerCase()}`, x, y);
  const top = y + 18;
  const axisW = 44;
  const plotX = x + axisW;
  const plotW = width - axisW;
  const plotH = height - 48;
  const max = Math.max(0, ...rows.map((r) => series.reduce((s, sp) => s + (r[sp.dataKey] ?? 0), 0)));
  const niceMax = max > 0 ? niceCeil(max) : 1;
  doc.font("Helvetica").fontSize(7).fillColor("#6b7280");
  for (let i = 0; i <= 4; i++) {
    const v = (niceMax * i) / 4;
    const ly = top + plotH - (plotH * i) / 4;
    doc.moveTo(plotX, ly).lineTo(plotX + plotW, ly).lineWidth(0.4).strokeColor(i === 0 ? "#9ca3af" : "#e5e7eb").stroke();
    doc.fillColor("#6b7280").text(`$${v < 10 ? v.toFixed(2) : INT.format(Math.round(v))}`, x, ly - 4, { width: axisW - 4, align: "right", lineBreak: false });
  }
  const slot = plotW / Math.max(1, rows.length);
  const barW = Math.max(1, slot * 0.75);
  const labelEvery = Math.max(1, Math.ceil(rows.length / 10));
  rows.forEach((r, i) => {
    let acc = 0;
    const bx = plotX + i * slot + (slot - barW) / 2;
    series.forEach((s, si) => {
      const v = r[s.dataKey] ?? 0;
      if (v <= 0) return;
      const h = (v / niceMax) * plotH;
      doc.rect(bx, top + plotH - ((acc / niceMax) * plotH) - h, barW, h).fillColor(COLORS[Math.min(si, COLORS.length - 1)]).fill();
      acc += v;
    });
    if (i % labelEvery === 0) {
      doc.font("Helvetica").fontSize(6.5).fillColor("#6b7280").text(report.window.granularity === "h" ? HOUR.format(r.t) : DAY.format(r.t), plotX + i * slot - 10, top + plotH + 3, { width: slot + 20, align: "center", lineBreak: false });
    }
  });
  if (series.length === 0) doc.font("Helvetica").fontSize(9).fillColor("#9ca3af").text("No spend in this period.", plotX, top + plotH / 2 - 5, { width: plotW, align: "center" });
  // Legend
  let lx = plotX;
  const ly = top + plotH + 16;
  doc.font("Helvetica").fontSize(7.5);
  series.forEach((s, si) => {
    const label = s.label.length > 28 ? `${s.label.slice(0, 27)}…` : s.label;
    const w = doc.widthOfString(label) + 18;
    if (lx + w > plotX + plotW) return;
    doc.rect(lx, ly + 1, 7, 7).fillColor(COLORS[Math.min(si, COLORS.length - 1)]).fill();
    doc.fillColor("#374151").text(label, lx + 10, ly, { lineBreak: false });
    lx += w;
  });
  doc.y = top + height - 18;
}

function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  const n = v / p;
  return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 2.5 ? 2.5 : n <= 5 ? 5 : 10) * p;
}

function drawTable(doc: Doc, groups: { label: string; totals: Totals }[], totals: Totals, width: number, groupLabel: string) {
  const cols = [
    { title: groupLabel, w: 0.34, align: "left" as const, value: (g: { label: string; totals: Totals }) => g.label },
    { title: "Requests", w: 0.1, align: "right" as const, value: (g: { totals: Totals }) => INT.format(g.totals.requests) },
    { title: "Errors", w: 0.08, align: "right" as const, value: (g: { totals: Totals }) => INT.format(g.totals.errors) },
    { title: "Prompt tok.", w: 0.12, align: "right" as const, value: (g: { totals: Totals }) => INT.format(g.totals.promptTokens) },
    { title: "Compl. tok.", w: 0.12, align: "right" as const, value: (g: { totals: Totals }) => INT.format(g.totals.completionTokens) },
    { title: "Spend", w: 0.12, align: "right" as const, value: (g: { totals: Totals }) => USD(g.totals.costMicros) },
    { title: "BYOK", w: 0.12, align: "right" as const, value: (g: { totals: Totals }) => USD(g.totals.byokCostMicros) },
  ];
  const rowH = 16;
  const bottom = () => doc.page.height - MARGIN - 10;
  const header = () => {
    let x = MARGIN;
    const y = doc.y;
    doc.rect(MARGIN, y, width, rowH).fillColor("#f3f4f6").fill();
    doc.font("Helvetica-Bold").fontSize(8).fillColor("#374151");
    for (const c of cols) {
      doc.text(c.title, x + 4, y + 4, { width: c.w * width - 8, align: c.align, lineBreak: false });
      x += c.w * width;
    }
    doc.y = y + rowH;
  };
  const row = (g: { label: string; totals: Totals }, bold = false) => {
    if (doc.y + rowH > bottom()) {
      doc.addPage();
      header();
    }
    let x = MARGIN;
    const y = doc.y;
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(8).fillColor("#111827");
    for (const c of cols) {
      const text = c.value(g);
      doc.text(c.w > 0.3 && text.length > 48 ? `${text.slice(0, 47)}…` : text, x + 4, y + 4, { width: c.w * width - 8, align: c.align, lineBreak: false });
      x += c.w * width;
    }
    doc.moveTo(MARGIN, y + rowH).lineTo(MARGIN + width, y + rowH).lineWidth(0.3).strokeColor("#e5e7eb").stroke();
    doc.y = y + rowH;
  };
  doc.font("Helvetica-Bold").fontSize(11).fillColor("#111827").text(`By ${groupLabel.toLowerCase()}`, MARGIN, doc.y);
  doc.moveDown(0.4);
  if (doc.y + 3 * rowH > bottom()) doc.addPage();
  header();
  if (groups.length === 0) {
    doc.font("Helvetica").fontSize(9).fillColor("#6b7280").text("No usage in this period.", MARGIN + 4, doc.y + 4);
    doc.y += rowH;
  }
  for (const g of groups) row(g);
  row({ label: "Total", totals }, true);
}
