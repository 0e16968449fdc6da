// The reply: the provider's answer (already normalised by its adapter) as the gateway's chat
// completion, JSON or SSE, with usage and cost in it, and the generation record for metering.
// A stream that brings no usage is counted with a tokenizer (content, tool-call arguments,
// reasoning) and its generation flagged as estimated.
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import type { KeyCtx } from "../../services/api-keys/authenticate-api-key";
import { recordGeneration } from "../../metering/queue";
import type { GenerationRecord, HealthSample } from "../../metering/record";
import { microsToUsd } from "../../money";
import type { ChatRequest } from "../../validations/chat";
import type { AccountState } from "../account-state";
import { health } from "../health";
import { tokenCost } from "../pricing";
import type { NormalChunk, NormalCompletion, NormalUsage, StreamDecoder } from "../providers/types";
import { setSticky } from "../sticky";
import type { UpstreamResponse } from "../upstream";
import type { Plan } from "./admission";

export type Attempt = { provider: string; provider_name: string; endpoint_id: string; model: string; status: number | null; latency: number; is_byok: boolean; error?: string };
export type Usage = { promptTokens: number; completionTokens: number; reasoningTokens: number; cachedTokens: number; cacheWriteTokens: number; estimated: boolean };

/**
 * A non-streamed answer as its serialized JSON: the fast path (node-handler.ts) writes it as it is;
 * the App Router route wraps it in a Response (toWebResponse). Building a web Response and reading it
 * back cost ~5% of a request's CPU on the fast path.
 */
export type JsonReply = { status: number; headers: Record<string, string>; json: string };
export type GatewayReply = Response | JsonReply;

export type ReplyContext = {
  ctx: KeyCtx; body: ChatRequest; id: string; base: GenerationRecord; candidate: Plan; attempts: Attempt[];
  healthRecords: HealthSample[]; started: number; attemptStart: number; account: AccountState; zdr: boolean; signal: AbortSignal;
};

const promptText = (body: ChatRequest) => JSON.stringify(body.tools?.length ? [body.messages, body.tools] : body.messages);

/** What the provider reported, or (without usage) what a tokenizer counts in the prompt and the answer. */
export function readUsage(u: NormalUsage | undefined, fallback: { body: ChatRequest; completionText: string }): Usage {
  if (u && (u.prompt_tokens !== undefined || u.completion_tokens !== undefined)) {
    return {
      promptTokens: u.prompt_tokens ?? countTokens(promptText(fallback.body)),
      completionTokens: u.completion_tokens ?? countTokens(fallback.completionText),
      cachedTokens: u.prompt_tokens_details?.cached_tokens ?? 0,
      cacheWriteTokens: u.prompt_tokens_details?.cache_write_tokens ?? 0,
      reasoningTokens: u.completion_tokens_details?.reasoning_tokens ?? 0,
      estimated: u.prompt_tokens === undefined || u.completion_tokens === undefined,
    };
  }
  return { promptTokens: countTokens(promptText(fallback.body)), completionTokens: countTokens(fallback.completionText), cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, estimated: true };
}

export function usageObject(usage: Usage, plan: Plan) {
  const cost = tokenCost(plan.endpoint, usage);
  const charged = plan.isByok ? 0n : cost.totalMicros;
  return {
    cost,
    charged,
    wire: {
      prompt_tokens: usage.promptTokens,
      completion_tokens: usage.completionTokens,
      total_tokens: usage.promptTokens + usage.completionTokens,
      prompt_tokens_details: { cached_tokens: usage.cachedTokens, ...(usage.cacheWriteTokens ? { cache_write_tokens: usage.cacheWriteTokens } : {}) },
      completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
      cost: microsToUsd(charged),
      is_byok: plan.isByok,
      cost_details: {
        upstream_inference_prompt_cost: microsToUsd(cost.promptMicros),
        upstream_inference_completions_cost: microsToUsd(cost.completionMicros),
        upstream_inference_cost: microsToUsd(cost.totalMicros),
      },
    },
  };
}

/** The answer's metering: health of the endpoint that answered, sticky routing, the generation record. */
function finish(c: ReplyContext, usage: Usage, extra: { finishReason: string | null; upstreamId: string | null; ttftMs: number | null; responseBody?: unknown; cancelled?: boolean; status?: number }) {
  const { cost, charged } = usageObject(usage, c.candidate);
  const generationMs = Date.now() - c.attemptStart;
  const stickyKey = c.body.user ?? c.body.session_id;
  if (stickyKey && !extra.cancelled) setSticky(c.ctx.account.id, stickyKey, c.candidate.model.slug, c.candidate.endpoint.id);
  const latency = c.attempts[c.attempts.length - 1].latency;
  health.record(c.candidate.endpoint.id, { ok: true, latencyMs: latency, ttftMs: extra.ttftMs, outputTokens: usage.completionTokens, generationMs, at: Date.now() });
  c.healthRecords.push({ endpointId: c.candidate.endpoint.id, ok: true, latencyMs: latency, ttftMs: extra.ttftMs, outputTokens: usage.completionTokens, generationMs });
  const logBodies = c.account.promptLogging && !c.zdr;
  recordGeneration({
    ...c.base,
    model: c.candidate.model.slug,
    providerSlug: c.candidate.endpoint.provider.slug,
    endpointId: c.candidate.endpoint.id,
    upstreamId: extra.upstreamId,
    status: extra.status ?? 200,
    finishReason: extra.finishReason,
    promptTokens: usage.promptTokens,
    completionTokens: usage.completionTokens,
    reasoningTokens: usage.reasoningTokens,
    cachedTokens: usage.cachedTokens,
    cacheWriteTokens: usage.cacheWriteTokens,
    usageEstimated: usage.estimated,
    costMicros: charged,
    upstreamCostMicros: cost.totalMicros,
    isByok: c.candidate.isByok,
    cancelled: extra.cancelled ?? false,
    latencyMs: Date.now() - c.started - generationMs + (extra.ttftMs ?? latency),
    generationTimeMs: generationMs,
    attempts: c.attempts as never,
    health: c.healthRecords,
    requestBody: logBodies ? (c.body as never) : undefined,
    responseBody: logBodies && extra.responseBody !== undefined ? (extra.responseBody as never) : undefined,
  });
}

/** What the completion's text, tool-call arguments and reasoning add up to (for a tokenizer count). */
function completionText(choices: NormalCompletion["choices"]): string {
  return (choices ?? []).map((ch) => `${typeof ch.message?.content === "string" ? ch.message.content : JSON.stringify(ch.message?.content ?? "")}${ch.message?.reasoning ?? ""}${(ch.message?.tool_calls ?? []).map((t) => `${t.function?.name ?? ""}${t.function?.arguments ?? ""}`).join("")}`).join("");
}

export function jsonReply(upstream: NormalCompletion, c: ReplyContext): JsonReply {
  const usage = readUsage(upstream.usage, { body: c.body, completionText: completionText(upstream.choices) });
  const { wire } = usageObject(usage, c.candidate);
  const response = {
    ...upstream,
    id: c.id,
    object: "chat.completion",
    created: Math.floor(c.started / 1000),
    model: c.candidate.model.slug,
    provider: c.candidate.endpoint.provider.name,
    system_fingerprint: upstream.system_fingerprint ?? null,
    choices: upstream.choices ?? [],
    usage: wire,
  };
  finish(c, usage, { finishReason: upstream.choices?.[0]?.finish_reason ?? null, upstreamId: upstream.id ?? null, ttftMs: null, responseBody: response.choices });
  return { status: 200, headers: { "x-generation-id": c.id }, json: JSON.stringify(response) };
}

export function streamReply(res: UpstreamResponse, decoder: StreamDecoder, c: ReplyContext): Response {
  const encoder = new TextEncoder();
  const reader = res.body.getReader();
  let ttftMs: number | null = null;
  let upstreamUsage: NormalUsage | undefined;
  let upstreamId: string | null = null;
  let finishReason: string | null = null;
  let text = "";
  let done = false;
  const created = Math.floor(c.started / 1000);

  const finalize = (cancelled: boolean) => {
    if (done) return;
    done = true;
    finish(c, readUsage(upstreamUsage, { body: c.body, completionText: text }), { finishReason, upstreamId, ttftMs, responseBody: text, cancelled, status: cancelled ? 499 : 200 });
  };
  const write = (chunks: NormalChunk[]) => {
    let out = "";
    for (const chunk of chunks) {
      upstreamId ??= chunk.id ?? null;
      if (chunk.usage) upstreamUsage = chunk.usage;
      if (!chunk.choices?.length) continue; // the upstream's usage chunk: ours replaces it at the end
      for (const choice of chunk.choices) {
        const d = choice.delta ?? {};
        const piece = `${typeof d.content === "string" ? d.content : ""}${d.reasoning ?? ""}${(d.tool_calls ?? []).map((t) => `${t.function?.name ?? ""}${t.function?.arguments ?? ""}`).join("")}`;
        if (piece) {
          ttftMs ??= Date.now() - c.attemptStart;
          text += piece;
        }
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
      const { system_fingerprint, ...rest } = chunk;
      const rewritten = { ...rest, ...(system_fingerprint ? { system_fingerprint } : {}), id: c.id, object: "chat.completion.chunk", created, model: c.candidate.model.slug, usage: undefined };
      out += `data: ${JSON.stringify(rewritten)}\n\n`;
    }
    return out;
  };

  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done: ended } = await reader.read();
        if (ended) {
          const tail = write(decoder.end());
          if (tail) controller.enqueue(encoder.encode(tail));
          const usage = readUsage(upstreamUsage, { body: c.body, completionText: text });
          controller.enqueue(encoder.encode(`data: ${JSON.stringify({ id: c.id, object: "chat.completion.chunk", created, model: c.candidate.model.slug, choices: [], usage: usageObject(usage, c.candidate).wire })}\n\n`));
          controller.enqueue(encoder.encode("data: [DONE]\n\n"));
          finalize(false);
          controller.close();
          return;
        }
        const out = write(decoder.push(value));
        if (out) controller.enqueue(encoder.encode(out));
      } catch (error) {
        if (c.signal.aborted) {
          finalize(true);
          controller.close();
          return;
        }
        // The provider broke off mid-stream (or said so in it): tell the client in the stream, then end it.
        controller.enqueue(encoder.encode(`data: ${JSON.stringify({ id: c.id, object: "chat.completion.chunk", created, model: c.candidate.model.slug, choices: [], error: { code: 502, message: `The provider stopped mid-stream: ${(error as Error).message}`, metadata: { error_type: "provider_unavailable" } } })}\n\n`));
        controller.enqueue(encoder.encode("data: [DONE]\n\n"));
        finalize(false);
        controller.close();
      }
    },
    cancel() {
      void reader.cancel().catch(() => undefined);
      finalize(true);
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "x-generation-id": c.id, connection: "keep-alive" },
  });
}
