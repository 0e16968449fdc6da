// AWS Bedrock's Converse API (POST /model/{modelId}/converse and /converse-stream), signed with
// SigV4 by the AWS SDK's signer (@smithy/signature-v4), its stream decoded with the SDK's event-stream
// codec (@smithy/eventstream-codec). Credentials: the provider's (or BYOK) key is a JSON object
// {"accessKeyId","secretAccessKey","sessionToken"?,"region"?}; the region may also come from the
// provider's config or its base URL (https://bedrock-runtime.<region>.amazonaws.com).
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import type { ChatRequest } from "../../../validations/chat";
import { errorMessage, isRetryableStatus, reasoningOf, retryAfterSeconds } from "../common";
import type { BuildInput, NormalChunk, NormalCompletion, NormalMessage, NormalToolCall, NormalUsage, ProviderAdapter, UpstreamRequest } from "../types";

export const BEDROCK_PARAMETERS = ["max_tokens", "max_completion_tokens", "temperature", "top_p", "stop", "tools", "tool_choice", "reasoning", "reasoning_effort"] as const;

export type AwsCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string; region?: string };

/** The stored secret of a Bedrock provider or BYOK key, validated. */
export function parseAwsCredentials(secret: string | null): AwsCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secret ?? "");
  } catch {
    throw new Error('the Bedrock key must be JSON: {"accessKeyId","secretAccessKey","sessionToken"?,"region"?}');
  }
  const c = parsed as Partial<AwsCredentials>;
  if (typeof c?.accessKeyId !== "string" || typeof c.secretAccessKey !== "string") throw new Error("the Bedrock key needs accessKeyId and secretAccessKey");
  return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}), ...(c.region ? { region: c.region } : {}) };
}

type Block = Record<string, unknown>;
type InMessage = { role: string; content?: unknown; tool_calls?: { id?: string; function?: { name?: string; arguments?: string } }[]; tool_call_id?: string };

function blocks(content: unknown): Block[] {
  if (typeof content === "string") return content ? [{ text: content }] : [];
  if (!Array.isArray(content)) return [];
  const out: Block[] = [];
  for (const p of content as { type?: string; text?: string; image_url?: { url?: string } | string }[]) {
    if (p.type === "text" && p.text) out.push({ text: p.text });
    else if (p.type === "image_url") {
      const url = typeof p.image_url === "string" ? p.image_url : p.image_url?.url;
      const m = url ? /^data:image\/([a-z]+);base64,(.*)$/s.exec(url) : null;
      if (m) out.push({ image: { format: m[1] === "jpg" ? "jpeg" : m[1], source: { bytes: m[2] } } });
      // Converse takes images as bytes only: a remote URL is left out.
    }
  }
  return out;
}

export function converseBody(body: ChatRequest, maxOutputTokens: number): Record<string, unknown> {
  const b = body as ChatRequest & { temperature?: number; top_p?: number; stop?: string | string[]; tool_choice?: unknown };
  const system: Block[] = [];
  const messages: { role: "user" | "assistant"; content: Block[] }[] = [];
  const push = (role: "user" | "assistant", content: Block[]) => {
    if (!content.length) return;
    const last = messages[messages.length - 1];
    if (last && last.role === role) last.content.push(...content);
    else messages.push({ role, content });
  };
  for (const m of body.messages as InMessage[]) {
    if (m.role === "system" || m.role === "developer") system.push(...blocks(m.content));
    else if (m.role === "assistant") {
      const content = blocks(m.content);
      for (const call of m.tool_calls ?? []) {
        let input: unknown = {};
        try {
          input = call.function?.arguments ? JSON.parse(call.function.arguments) : {};
        } catch {
          input = { _raw: call.function?.arguments };
        }
        content.push({ toolUse: { toolUseId: call.id, name: call.function?.name, input } });
      }
      push("assistant", content);
    } else if (m.role === "tool") {
      const text = typeof m.content === "string" ? m.content : JSON.stringify(m.content ?? "");
      push("user", [{ toolResult: { toolUseId: m.tool_call_id, content: [{ text }] } }]);
    } else push("user", blocks(m.content));
  }
  const inferenceConfig: Record<string, unknown> = { maxTokens: body.max_tokens ?? body.max_completion_tokens ?? maxOutputTokens };
  if (b.temperature !== undefined) inferenceConfig.temperature = b.temperature;
  if (b.top_p !== undefined) inferenceConfig.topP = b.top_p;
  if (b.stop !== undefined && b.stop !== null) inferenceConfig.stopSequences = Array.isArray(b.stop) ? b.stop : [b.stop];
  const out: Record<string, unknown> = { messages, inferenceConfig };
  if (system.length) out.system = system;
  if (body.tools?.length) {
    const tools = (body.tools as { function?: { name?: string; description?: string; parameters?: unknown } }[]).map((t) => ({ toolSpec: { name: t.function?.name, ...(t.function?.description ? { description: t.function.description } : {}), inputSchema: { json: t.function?.parameters ?? { type: "object", properties: {} } } } }));
    const choice = b.tool_choice;
    const named = (choice as { function?: { name?: string } } | undefined)?.function?.name;
    const toolChoice = choice === "required" ? { any: {} } : named ? { tool: { name: named } } : choice === "auto" ? { auto: {} } : undefined;
    if (choice !== "none") out.toolConfig = { tools, ...(toolChoice ? { toolChoice } : {}) };
  }
  // Claude on Bedrock: extended thinking through the model's own request fields.
  const reasoning = reasoningOf(body);
  if (reasoning) {
    const budget = Math.max(1024, Math.min(reasoning.max_tokens ?? Math.floor((inferenceConfig.maxTokens as number) * 0.5), 32_000));
    if (budget < (inferenceConfig.maxTokens as number)) {
      out.additionalModelRequestFields = { thinking: { type: "enabled", budget_tokens: budget } };
      delete inferenceConfig.temperature;
      delete inferenceConfig.topP;
    }
  }
  return out;
}

const STOP: Record<string, string> = { end_turn: "stop", stop_sequence: "stop", max_tokens: "length", tool_use: "tool_calls", guardrail_intervened: "content_filter", content_filtered: "content_filter", model_context_window_exceeded: "length" };
type ConverseUsage = { inputTokens?: number; outputTokens?: number; cacheReadInputTokens?: number; cacheWriteInputTokens?: number };

export function converseUsage(u: ConverseUsage): NormalUsage {
  const read = u.cacheReadInputTokens ?? 0;
  const write = u.cacheWriteInputTokens ?? 0;
  return { prompt_tokens: (u.inputTokens ?? 0) + read + write, completion_tokens: u.outputTokens ?? 0, prompt_tokens_details: { cached_tokens: read, cache_write_tokens: write } };
}

export function parseConverse(json: unknown, { excludeReasoning }: { excludeReasoning: boolean }): NormalCompletion {
  const r = json as { output?: { message?: { content?: Block[] } }; stopReason?: string; usage?: ConverseUsage };
  if (!r || typeof r !== "object" || !r.output?.message) throw new Error("not a Converse response");
  let text = "";
  let reasoning = "";
  const calls: NormalToolCall[] = [];
  for (const c of r.output.message.content ?? []) {
    if (typeof c.text === "string") text += c.text;
    const use = c.toolUse as { toolUseId?: string; name?: string; input?: unknown } | undefined;
    if (use) calls.push({ id: use.toolUseId, type: "function", function: { name: use.name, arguments: JSON.stringify(use.input ?? {}) } });
    const thought = (c.reasoningContent as { reasoningText?: { text?: string } } | undefined)?.reasoningText?.text;
    if (thought) reasoning += thought;
  }
  const message: NormalMessage = { role: "assistant", content: text || (calls.length ? null : "") };
  if (calls.length) message.tool_calls = calls;
  if (reasoning && !excludeReasoning) message.reasoning = reasoning;
  return { choices: [{ index: 0, message, finish_reason: r.stopReason ? (STOP[r.stopReason] ?? "stop") : null }], usage: r.usage ? converseUsage(r.usage) : undefined };
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** ConverseStream's binary event stream: length-prefixed messages, split across chunks anywhere. */
export function converseStreamDecoder({ excludeReasoning }: { excludeReasoning: boolean }) {
  let buffer = new Uint8Array(0);
  const toolIndex = new Map<number, number>();
  const chunk = (delta: NormalMessage, finish: string | null = null): NormalChunk => ({ choices: [{ index: 0, delta, finish_reason: finish }] });
  const decode = (): NormalChunk[] => {
    const out: NormalChunk[] = [];
    while (buffer.length >= 4) {
      const total = new DataView(buffer.buffer, buffer.byteOffset, 4).getUint32(0);
      if (buffer.length < total) break;
      const message = codec.decode(buffer.subarray(0, total));
      buffer = buffer.slice(total);
      const type = message.headers[":event-type"]?.value ?? message.headers[":exception-type"]?.value;
      const payload = JSON.parse(toUtf8(message.body) || "{}") as Record<string, never>;
      if (message.headers[":message-type"]?.value === "exception") throw new Error(`${String(type)}: ${(payload as { message?: string }).message ?? "the provider reported an error in the stream"}`);
      if (type === "messageStart") out.push(chunk({ role: "assistant", content: "" }));
      else if (type === "contentBlockStart") {
        const start = (payload as { contentBlockIndex?: number; start?: { toolUse?: { toolUseId?: string; name?: string } } }).start?.toolUse;
        if (start) {
          const index = toolIndex.size;
          toolIndex.set((payload as { contentBlockIndex?: number }).contentBlockIndex ?? 0, index);
          out.push(chunk({ tool_calls: [{ index, id: start.toolUseId, type: "function", function: { name: start.name, arguments: "" } }] }));
        }
      } else if (type === "contentBlockDelta") {
        const p = payload as { contentBlockIndex?: number; delta?: { text?: string; toolUse?: { input?: string }; reasoningContent?: { text?: string } } };
        if (p.delta?.text) out.push(chunk({ content: p.delta.text }));
        else if (p.delta?.toolUse) out.push(chunk({ tool_calls: [{ index: toolIndex.get(p.contentBlockIndex ?? 0) ?? 0, function: { arguments: p.delta.toolUse.input ?? "" } }] }));
        else if (p.delta?.reasoningContent?.text && !excludeReasoning) out.push(chunk({ reasoning: p.delta.reasoningContent.text }));
      } else if (type === "messageStop") {
        const stop = (payload as { stopReason?: string }).stopReason;
        out.push(chunk({}, stop ? (STOP[stop] ?? "stop") : "stop"));
      } else if (type === "metadata") {
        const usage = (payload as { usage?: ConverseUsage }).usage;
        if (usage) out.push({ choices: [], usage: converseUsage(usage) });
      }
    }
    return out;
  };
  return {
    push(bytes: Uint8Array) {
      const next = new Uint8Array(buffer.length + bytes.length);
      next.set(buffer);
      next.set(bytes, buffer.length);
      buffer = next;
      return decode();
    },
    end: () => decode(),
  };
}

function regionOf(input: BuildInput, creds: AwsCredentials): string {
  const config = (input.endpoint.provider.config ?? {}) as { region?: string };
  return creds.region ?? config.region ?? /bedrock-runtime[.-]([a-z0-9-]+)\.amazonaws\.com/.exec(input.baseUrl)?.[1] ?? "us-east-1";
}

export const bedrockAdapter: ProviderAdapter = {
  format: "bedrock",
  supportedParameters: BEDROCK_PARAMETERS,
  async buildRequest(input): Promise<UpstreamRequest> {
    const creds = parseAwsCredentials(input.apiKey);
    const region = regionOf(input, creds);
    const url = new URL(`${input.baseUrl}/model/${encodeURIComponent(input.endpoint.upstreamModel)}/${input.stream ? "converse-stream" : "converse"}`);
    const body = JSON.stringify(converseBody(input.body, input.maxOutputTokens));
    const signer = new SignatureV4({ service: "bedrock", region, sha256: Hash.bind(null, "sha256"), credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, ...(creds.sessionToken ? { sessionToken: creds.sessionToken } : {}) } });
    const signed = await signer.sign({
      method: "POST", protocol: url.protocol, hostname: url.hostname, port: url.port ? Number(url.port) : undefined, path: url.pathname,
      headers: { host: url.host, "content-type": "application/json", accept: input.stream ? "application/vnd.amazon.eventstream" : "application/json" },
      body,
    });
    return { url: url.toString(), headers: signed.headers as Record<string, string>, body };
  },
  parseCompletion: parseConverse,
  streamDecoder: converseStreamDecoder,
  parseError: (status, text, headers) => ({ message: errorMessage(text), retryable: isRetryableStatus(status), retryAfterSeconds: retryAfterSeconds(headers) }),
};
