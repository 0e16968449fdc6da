// Routing as a pure function: which endpoints may serve a request, and in which order.
// Candidates = enabled endpoints of each requested model that pass the account's and the request's
// policies; ordered by provider.order, else provider.sort, else price weighted by health. The
// sticky endpoint of an end user goes first while it is healthy.
import type { CatalogEndpoint, CatalogModel } from "./catalog";
import type { HealthTracker } from "./health";

export type ProviderPreferences = {
  order?: string[] | null;
  only?: string[] | null;
  ignore?: string[] | null;
  allow_fallbacks?: boolean | null;
  require_parameters?: boolean | null;
  data_collection?: "allow" | "deny" | null;
  zdr?: boolean | null;
  sort?: "price" | "throughput" | "latency" | "exacto" | { by?: "price" | "throughput" | "latency" | "exacto" | null; partition?: "model" | "none" | null } | null;
  max_price?: { prompt?: string; completion?: string; request?: string; image?: string; audio?: string };
};

export type Policy = {
  zdr: boolean; // the request, the account or a guardrail requires zero data retention
  denyDataCollection: boolean;
  usesTools: boolean;
  /** The guardrails' verdict on an endpoint (allowlists, ignore lists, ZDR): null = allowed. */
  guardrail?: ((e: CatalogEndpoint) => { guardrail: { id: string; name: string }; reason: string } | null) | null;
};

export type Exclusion = { model: string; provider: string; reason: string; guardrail_id?: string; guardrail_name?: string };
export type Candidate = { model: CatalogModel; endpoint: CatalogEndpoint };

const matches = (endpoint: CatalogEndpoint, names: string[]) =>
  names.some((n) => {
    const x = n.toLowerCase();
    return x === endpoint.provider.slug || x === endpoint.provider.name.toLowerCase();
  });

function maxPriceExcludes(endpoint: CatalogEndpoint, maxPrice: ProviderPreferences["max_price"]): string | null {
  if (!maxPrice) return null;
  const perMillion = (micros: bigint) => Number(micros) / 1e6;
  if (maxPrice.prompt !== undefined && perMillion(endpoint.promptPriceMicros) > Number(maxPrice.prompt)) return `prompt price above max_price.prompt (${maxPrice.prompt}/M)`;
  if (maxPrice.completion !== undefined && perMillion(endpoint.completionPriceMicros) > Number(maxPrice.completion)) return `completion price above max_price.completion (${maxPrice.completion}/M)`;
  return null;
}

export function filterEndpoints(model: CatalogModel, prefs: ProviderPreferences, policy: Policy, hasCredentials: (e: CatalogEndpoint) => boolean) {
  const allowed: CatalogEndpoint[] = [];
  const excluded: Exclusion[] = [];
  const exclude = (e: CatalogEndpoint, reason: string) => excluded.push({ model: model.slug, provider: e.provider.slug, reason });
  for (const e of model.endpoints) {
    if (!e.enabled || !e.provider.enabled) exclude(e, "disabled");
    else if (prefs.only?.length && !matches(e, prefs.only)) exclude(e, "not in provider.only");
    else if (prefs.ignore?.length && matches(e, prefs.ignore)) exclude(e, "in provider.ignore");
    else if (policy.guardrail?.(e)) {
      const { guardrail, reason } = policy.guardrail(e)!;
      excluded.push({ model: model.slug, provider: e.provider.slug, reason, guardrail_id: guardrail.id, guardrail_name: guardrail.name });
    }
    else if (policy.zdr && e.provider.retainsData) exclude(e, "retains data (zero data retention required)");
    else if (policy.denyDataCollection && e.provider.trainsOnData) exclude(e, "collects data (data_collection: deny)");
    else if (maxPriceExcludes(e, prefs.max_price)) exclude(e, maxPriceExcludes(e, prefs.max_price)!);
    else if (prefs.require_parameters && policy.usesTools && !e.supportsTools) exclude(e, "does not support tools");
    else if (!hasCredentials(e)) exclude(e, "no provider key configured");
    else allowed.push(e);
  }
  return { allowed, excluded };
}

function sortBy(prefs: ProviderPreferences): "price" | "throughput" | "latency" | null {
  const s = typeof prefs.sort === "object" && prefs.sort ? prefs.sort.by : prefs.sort;
  return s === "price" || s === "throughput" || s === "latency" ? s : null;
}

const price = (e: CatalogEndpoint) => Number(e.promptPriceMicros + e.completionPriceMicros);

export function orderEndpoints(endpoints: CatalogEndpoint[], prefs: ProviderPreferences, health: HealthTracker, stickyEndpointId?: string | null): CatalogEndpoint[] {
  const by = sortBy(prefs);
  const score = (e: CatalogEndpoint) => {
    if (by === "price") return price(e);
    if (by === "latency") return health.latencyP50(e.id) ?? Number.MAX_SAFE_INTEGER;
    if (by === "throughput") return -(health.throughput(e.id) ?? 0);
    return (price(e) + 1) * (1 + 4 * health.errorRate(e.id)); // default: price weighted by health
  };
  const sorted = [...endpoints].sort((a, b) => score(a) - score(b) || a.provider.slug.localeCompare(b.provider.slug));
  const order = (prefs.order ?? []).map((o) => o.toLowerCase());
  const rank = (e: CatalogEndpoint) => {
    const i = order.findIndex((o) => o === e.provider.slug || o === e.provider.name.toLowerCase());
    return i === -1 ? order.length : i;
  };
  const ordered = order.length ? [...sorted].sort((a, b) => rank(a) - rank(b)) : sorted;
  // Healthy endpoints first; an open circuit goes last (still tried if nothing else is left).
  const healthy = ordered.filter((e) => !health.isOpen(e.id));
  const unhealthy = ordered.filter((e) => health.isOpen(e.id));
  const result = [...healthy, ...unhealthy];
  if (stickyEndpointId && !order.length) {
    const i = result.findIndex((e) => e.id === stickyEndpointId && !health.isOpen(e.id));
    if (i > 0) result.unshift(...result.splice(i, 1));
  }
  return result;
}
