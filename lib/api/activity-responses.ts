// Wire shapes of activity: GET /activity items (API_CONTRACT §7), the chart report and Logs rows.
import { microsToUsd } from "../money";
import { averageLatency, change, toStackedSeries, totalTokens, type Metric, type Totals } from "../charts/activity.prepare";
import type { ActivityItem } from "../services/activity/list-activity";
import type { ActivityReport } from "../services/activity/get-activity-report";
import type { GenerationListItem } from "../services/activity/list-generations";

export function toActivityItemResponse(i: ActivityItem, workspaceId?: string) {
  return {
    date: i.date,
    model: i.model,
    model_permaslug: i.modelPermaslug,
    endpoint_id: i.endpointId,
    provider_name: i.providerName,
    requests: i.requests,
    prompt_tokens: i.promptTokens,
    completion_tokens: i.completionTokens,
    reasoning_tokens: i.reasoningTokens,
    usage: microsToUsd(i.usageMicros),
    byok_usage_inference: microsToUsd(i.byokUsageMicros),
    ...(workspaceId !== undefined ? { workspace_id: workspaceId } : {}),
  };
}

export function toTotalsResponse(t: Totals) {
  return {
    requests: t.requests,
    errors: t.errors,
    prompt_tokens: t.promptTokens,
    completion_tokens: t.completionTokens,
    reasoning_tokens: t.reasoningTokens,
    cached_tokens: t.cachedTokens,
    total_tokens: totalTokens(t),
    usage: microsToUsd(t.costMicros),
    byok_usage: microsToUsd(t.byokCostMicros),
    avg_latency_ms: averageLatency(t),
  };
}

/** The Activity chart data: totals and change, ranked groups, and stacked series of one metric. */
export function toActivityReportResponse(r: ActivityReport, metric: Metric) {
  const stacked = toStackedSeries(r.cells, r.window, r.labels, metric);
  return {
    period: r.window.period,
    from: r.window.from.toISOString(),
    to: r.window.to.toISOString(),
    step: r.window.granularity === "h" ? "hour" : "day",
    group_by: r.groupBy,
    scope: r.scope,
    totals: toTotalsResponse(r.totals),
    previous: { from: r.previous.from.toISOString(), to: r.previous.to.toISOString(), totals: toTotalsResponse(r.previousTotals) },
    change: {
      usage: change(Number(r.totals.costMicros), Number(r.previousTotals.costMicros)),
      requests: change(r.totals.requests, r.previousTotals.requests),
      tokens: change(totalTokens(r.totals), totalTokens(r.previousTotals)),
    },
    groups: r.groups.map((g) => ({ key: g.key, label: g.label, ...toTotalsResponse(g.totals) })),
    metric,
    series: stacked.series.map((s) => ({ key: s.key, label: s.label, data_key: s.dataKey })),
    rows: stacked.rows.map((row) => ({ ...row, t: new Date(row.t).toISOString() })),
  };
}

export function toGenerationListItemResponse(g: GenerationListItem) {
  return {
    id: g.id,
    created_at: g.createdAt.toISOString(),
    model: g.model,
    provider: g.providerSlug,
    api_key_id: g.apiKeyId,
    api_key_name: g.apiKeyName,
    user: g.endUser,
    status: g.status,
    prompt_tokens: g.promptTokens,
    completion_tokens: g.completionTokens,
    usage: microsToUsd(g.costMicros),
    byok_usage: g.isByok ? microsToUsd(g.upstreamCostMicros) : 0,
    is_byok: g.isByok,
    latency_ms: g.latencyMs,
    generation_time_ms: g.generationTimeMs,
    streamed: g.streamed,
  };
}
