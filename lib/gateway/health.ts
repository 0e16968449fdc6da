// What this process knows about each endpoint's health, for routing: recent outcomes, latency and
// throughput, and a circuit breaker. An endpoint that keeps failing is skipped for COOLDOWN_MS,
// then given one trial request (half-open): success closes the circuit, failure opens it again.
// The same outcomes are written to 5-minute buckets in the database by the metering flush.
export const WINDOW = 50;
export const CONSECUTIVE_FAILURES_TO_OPEN = 5;
export const COOLDOWN_MS = 30_000;

export type Outcome = { ok: boolean; latencyMs: number; ttftMs?: number | null; outputTokens?: number; generationMs?: number | null; at: number };

type EndpointHealth = {
  outcomes: Outcome[];
  consecutiveFailures: number;
  openUntil: number; // 0 = closed
  trialInFlight: boolean;
};

export class HealthTracker {
  private readonly byEndpoint = new Map<string, EndpointHealth>();

  private get(id: string): EndpointHealth {
    let h = this.byEndpoint.get(id);
    if (!h) this.byEndpoint.set(id, (h = { outcomes: [], consecutiveFailures: 0, openUntil: 0, trialInFlight: false }));
    return h;
  }

  record(endpointId: string, outcome: Outcome): void {
    const h = this.get(endpointId);
    h.outcomes.push(outcome);
    if (h.outcomes.length > WINDOW) h.outcomes.shift();
    h.trialInFlight = false;
    if (outcome.ok) {
      h.consecutiveFailures = 0;
      h.openUntil = 0;
    } else if (++h.consecutiveFailures >= CONSECUTIVE_FAILURES_TO_OPEN || h.openUntil) {
      h.openUntil = outcome.at + COOLDOWN_MS;
    }
  }

  /** Whether the router may send a request now; claims the half-open trial when it is due. */
  isAvailable(endpointId: string, now = Date.now()): boolean {
    const h = this.byEndpoint.get(endpointId);
    if (!h || !h.openUntil) return true;
    if (now < h.openUntil || h.trialInFlight) return false;
    h.trialInFlight = true;
    return true;
  }

  isOpen(endpointId: string, now = Date.now()): boolean {
    const h = this.byEndpoint.get(endpointId);
    return Boolean(h && h.openUntil && (now < h.openUntil || h.trialInFlight));
  }

  errorRate(endpointId: string): number {
    const o = this.byEndpoint.get(endpointId)?.outcomes ?? [];
    return o.length ? o.filter((x) => !x.ok).length / o.length : 0;
  }

  latencyP50(endpointId: string): number | null {
    const ok = (this.byEndpoint.get(endpointId)?.outcomes ?? []).filter((x) => x.ok).map((x) => x.latencyMs).sort((a, b) => a - b);
    return ok.length ? ok[Math.floor(ok.length / 2)] : null;
  }

  /** Output tokens per second over recent successes. */
  throughput(endpointId: string): number | null {
    const ok = (this.byEndpoint.get(endpointId)?.outcomes ?? []).filter((x) => x.ok && x.generationMs && x.outputTokens);
    const ms = ok.reduce((n, x) => n + (x.generationMs ?? 0), 0);
    return ms ? ok.reduce((n, x) => n + (x.outputTokens ?? 0), 0) / (ms / 1000) : null;
  }

  reset(): void {
    this.byEndpoint.clear();
  }
}

const g = globalThis as unknown as { __tollgateHealth?: HealthTracker };
export const health: HealthTracker = (g.__tollgateHealth ??= new HealthTracker());
