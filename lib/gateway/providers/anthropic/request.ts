// The gateway's normalised (OpenAI-shaped) chat request as an Anthropic Messages API request:
// system prompt out of the messages, content parts as blocks (text, images from data: or https URLs,
// PDF documents), tool calls as tool_use blocks and tool results as tool_result blocks (ids kept,
// consecutive ones merged into one user turn), tools and tool_choice, `stop` as stop_sequences,
// OpenRouter's `reasoning` as extended thinking, and `cache_control` kept wherever the client put it.
import type { ChatRequest } from "../../../validations/chat";
import { reasoningOf } from "../common";

type Block = Record<string, unknown>;
type AnthropicMessage = { role: "user" | "assistant"; content: Block[] };
type Part = { type?: string; text?: string; image_url?: { url?: string } | string; file?: { file_data?: string; filename?: string }; cache_control?: unknown };
type InMessage = { role: string; content?: unknown; tool_calls?: { id?: string; function?: { name?: string; arguments?: string } }[]; tool_call_id?: string; cache_control?: unknown };

const withCache = (block: Block, cache: unknown) => (cache ? { ...block, cache_control: cache } : block);

function dataUrl(url: string): { media_type: string; data: string } | null {
  const m = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  return m ? { media_type: m[1], data: m[2] } : null;
}

function contentBlocks(content: unknown, messageCache?: unknown): Block[] {
  if (content === undefined || content === null) return [];
  if (typeof content === "string") return content ? [withCache({ type: "text", text: content }, messageCache)] : [];
  if (!Array.isArray(content)) return [{ type: "text", text: JSON.stringify(content) }];
  const blocks: Block[] = [];
  for (const part of content as Part[]) {
    if (part.type === "text" && typeof part.text === "string") blocks.push(withCache({ type: "text", text: part.text }, part.cache_control));
    else if (part.type === "image_url") {
      const url = typeof part.image_url === "string" ? part.image_url : part.image_url?.url;
      if (!url) continue;
      const inline = dataUrl(url);
      blocks.push(withCache({ type: "image", source: inline ? { type: "base64", ...inline } : { type: "url", url } }, part.cache_control));
    } else if (part.type === "file" && part.file?.file_data) {
      const inline = dataUrl(part.file.file_data);
      blocks.push(withCache({ type: "document", source: inline ? { type: "base64", ...inline } : { type: "url", url: part.file.file_data }, ...(part.file.filename ? { title: part.file.filename } : {}) }, part.cache_control));
    } else if (part.type) blocks.push(part as Block); // already an Anthropic block (thinking, tool_result, …)
  }
  // A message-level cache_control marks the message's last block.
  if (messageCache && blocks.length && !blocks[blocks.length - 1].cache_control) blocks[blocks.length - 1] = { ...blocks[blocks.length - 1], cache_control: messageCache };
  return blocks;
}

function parseArguments(text: string | undefined): unknown {
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return { _raw: text };
  }
}

export function anthropicMessages(messages: readonly InMessage[]): { system: Block[]; messages: AnthropicMessage[] } {
  const system: Block[] = [];
  const out: AnthropicMessage[] = [];
  const push = (role: "user" | "assistant", blocks: Block[]) => {
    if (!blocks.length) return;
    const last = out[out.length - 1];
    if (last && last.role === role) last.content.push(...blocks); // Anthropic wants turns to alternate
    else out.push({ role, content: blocks });
  };
  for (const m of messages) {
    if (m.role === "system" || m.role === "developer") system.push(...contentBlocks(m.content, m.cache_control));
    else if (m.role === "assistant") {
      const blocks = contentBlocks(m.content, m.cache_control);
      for (const call of m.tool_calls ?? []) blocks.push({ type: "tool_use", id: call.id, name: call.function?.name, input: parseArguments(call.function?.arguments) });
      push("assistant", blocks);
    } else if (m.role === "tool") {
      const inner = typeof m.content === "string" ? m.content : contentBlocks(m.content);
      push("user", [withCache({ type: "tool_result", tool_use_id: m.tool_call_id, content: inner }, m.cache_control)]);
    } else push("user", contentBlocks(m.content, m.cache_control));
  }
  return { system, messages: out };
}

type InTool = { type?: string; function?: { name?: string; description?: string; parameters?: unknown }; cache_control?: unknown };

export function anthropicTools(tools: unknown[] | undefined): Block[] | undefined {
  if (!tools?.length) return undefined;
  return (tools as InTool[]).map((t) =>
    t.type === "function" || t.function
      ? withCache({ name: t.function?.name, ...(t.function?.description ? { description: t.function.description } : {}), input_schema: t.function?.parameters ?? { type: "object", properties: {} } }, t.cache_control)
      : (t as Block),
  );
}

export function anthropicToolChoice(choice: unknown, parallel: unknown): Block | undefined {
  const disable = parallel === false ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined || choice === null) return parallel === false ? { type: "auto", ...disable } : undefined;
  if (choice === "auto") return { type: "auto", ...disable };
  if (choice === "required") return { type: "any", ...disable };
  if (choice === "none") return { type: "none" };
  const named = choice as { type?: string; function?: { name?: string } };
  if (named.function?.name) return { type: "tool", name: named.function.name, ...disable };
  return undefined;
}

/** OpenRouter's effort ratios of max_tokens for a thinking budget (at least 1,024, at most 32,000, below max_tokens). */
const EFFORT_RATIO = { minimal: 0.1, low: 0.2, medium: 0.5, high: 0.8, xhigh: 0.95 } as const;

export function thinkingBudget(body: ChatRequest, maxTokens: number): number | null {
  const reasoning = reasoningOf(body);
  if (!reasoning) return null;
  const wanted = reasoning.max_tokens ?? Math.floor(maxTokens * EFFORT_RATIO[(reasoning.effort ?? "medium") as keyof typeof EFFORT_RATIO]);
  const budget = Math.max(1024, Math.min(wanted, 32_000));
  return budget < maxTokens ? budget : null; // a budget must leave room for the answer
}

export const ANTHROPIC_PARAMETERS = ["max_tokens", "max_completion_tokens", "temperature", "top_p", "top_k", "stop", "tools", "tool_choice", "parallel_tool_calls", "reasoning", "reasoning_effort", "include_reasoning", "user", "response_format"] as const;

/** The Messages API body. `maxTokens` is required by Anthropic: the client's, else the model's max output. */
export function anthropicBody(body: ChatRequest, upstreamModel: string, maxTokens: number, stream: boolean): Record<string, unknown> {
  const b = body as ChatRequest & { temperature?: number; top_p?: number; top_k?: number; stop?: string | string[]; tool_choice?: unknown; parallel_tool_calls?: unknown; response_format?: { type?: string; json_schema?: { schema?: unknown } } };
  const { system, messages } = anthropicMessages(body.messages as InMessage[]);
  const out: Record<string, unknown> = { model: upstreamModel, max_tokens: maxTokens, messages };
  if (system.length) out.system = system;
  const tools = anthropicTools(body.tools);
  if (tools) out.tools = tools;
  const choice = anthropicToolChoice(b.tool_choice, b.parallel_tool_calls);
  if (choice && tools) out.tool_choice = choice;
  if (b.stop !== undefined && b.stop !== null) out.stop_sequences = Array.isArray(b.stop) ? b.stop : [b.stop];
  const budget = thinkingBudget(body, maxTokens);
  if (budget) out.thinking = { type: "enabled", budget_tokens: budget };
  else {
    // With thinking on, Anthropic takes neither a temperature other than 1 nor top_k.
    if (b.temperature !== undefined) out.temperature = Math.min(b.temperature, 1);
    if (b.top_k !== undefined) out.top_k = b.top_k;
  }
  if (b.top_p !== undefined && !budget) out.top_p = b.top_p;
  if (body.user) out.metadata = { user_id: body.user };
  // Structured output: Anthropic has no response_format; the schema rides as an instruction.
  if (b.response_format?.type === "json_schema" && b.response_format.json_schema?.schema) {
    const instruction = { type: "text", text: `Answer with JSON only, matching this JSON Schema: ${JSON.stringify(b.response_format.json_schema.schema)}` };
    out.system = [...((out.system as Block[] | undefined) ?? []), instruction];
  } else if (b.response_format?.type === "json_object") out.system = [...((out.system as Block[] | undefined) ?? []), { type: "text", text: "Answer with a JSON object only." }];
  if (stream) out.stream = true;
  return out;
}
