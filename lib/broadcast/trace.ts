// Pure: from a metering record to the trace a destination receives, and the sampling decision.
import { createHash } from "node:crypto";
import { microsToUsd } from "../money";
import type { Trace } from "./types";

export type TraceSource = {
  id: string;
  createdAt: Date;
  model: string;
  providerSlug?: string | null;
  status: number;
  finishReason?: string | null;
  errorMessage?: string | null;
  promptTokens?: number;
  completionTokens?: number;
  reasoningTokens?: number;
  cachedTokens?: number;
  costMicros: bigint;
  latencyMs?: number | null;
  generationTimeMs?: number | null;
  streamed?: boolean;
  cancelled?: boolean;
  isByok?: boolean;
  zdr?: boolean;
  endUser?: string | null;
  requestBody?: unknown;
  responseBody?: unknown;
};

export const idempotencyKey = (destinationId: string, generationId: string) => `${destinationId}:${generationId}`;

/**
 * Whether a destination samples a generation: a hash of (destination, generation) against the rate,
 * so the decision is the same on every retry, replay and app instance.
 */
export function isSampled(destinationId: string, generationId: string, rate: number): boolean {
  if (rate >= 1) return true;
  const h = createHash("sha256").update(`${destinationId}:${generationId}`).digest().readUInt32BE(0);
  return h / 2 ** 32 < rate;
}

/**
 * Bodies go out only when the record stored them (prompt logging on and not ZDR: the metering record
 * carries requestBody only then) and the destination is not in privacy mode.
 */
export function buildTrace(
  record: TraceSource,
  destination: { id: string; privacyMode: boolean },
  apiKey: { id: string; name: string; label: string } | null,
): Trace {
  const withBodies = !destination.privacyMode && !record.zdr && record.requestBody !== undefined && record.requestBody !== null;
  const prompt = record.promptTokens ?? 0;
  const completion = record.completionTokens ?? 0;
  const end = record.createdAt.getTime() + (record.latencyMs ?? 0) + (record.generationTimeMs ?? 0);
  const request = withBodies ? (record.requestBody as { messages?: unknown }) : null;
  return {
    id: record.id,
    idempotency_key: idempotencyKey(destination.id, record.id),
    timestamp: record.createdAt.toISOString(),
    end_time: new Date(end).toISOString(),
    model: record.model,
    provider: record.providerSlug ?? null,
    status: record.status,
    ok: record.status < 400,
    finish_reason: record.finishReason ?? null,
    error: record.errorMessage ?? null,
    usage: { prompt_tokens: prompt, completion_tokens: completion, reasoning_tokens: record.reasoningTokens ?? 0, cached_tokens: record.cachedTokens ?? 0, total_tokens: prompt + completion },
    cost_usd: microsToUsd(record.costMicros),
    latency_ms: record.latencyMs ?? null,
    generation_time_ms: record.generationTimeMs ?? null,
    streamed: record.streamed ?? false,
    cancelled: record.cancelled ?? false,
    byok: record.isByok ?? false,
    zdr: record.zdr ?? false,
    user: record.endUser ?? null,
    api_key: apiKey,
    metadata_only: !withBodies,
    input: request ? (request.messages ?? request) : null,
    output: withBodies ? outputText(record.responseBody) : null,
  };
}

/** The completion as text: a streamed answer is stored as its text, a JSON one as its choices. */
function outputText(body: unknown): string | null {
  if (body === undefined || body === null) return null;
  if (typeof body === "string") return body;
  if (Array.isArray(body)) {
    const texts = body.map((c) => (c as { message?: { content?: unknown } })?.message?.content).filter((t) => typeof t === "string");
    if (texts.length) return texts.join("\n");
  }
  return JSON.stringify(body);
}

/** The chat messages of a trace's input as [{ role, content }] (for platforms that want messages). */
export function inputMessages(trace: Trace): { role: string; content: string }[] {
  if (!Array.isArray(trace.input)) return [];
  return trace.input.map((m) => {
    const msg = m as { role?: unknown; content?: unknown };
    return { role: typeof msg.role === "string" ? msg.role : "user", content: typeof msg.content === "string" ? msg.content : JSON.stringify(msg.content ?? "") };
  });
}

/** A stable 128-bit hex id from a string (trace ids, span ids, UUIDs for platforms that demand them). */
export function stableHex(value: string, bytes = 16): string {
  return createHash("sha256").update(value).digest("hex").slice(0, bytes * 2);
}

export function stableUuid(value: string): string {
  const h = stableHex(value).split("");
  h[12] = "5"; // version 5-style (name-based)
  h[16] = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  const s = h.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}
