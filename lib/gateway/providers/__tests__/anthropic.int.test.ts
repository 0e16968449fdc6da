// The Anthropic adapter through the whole gateway: the official `openai` client calls Tollgate's
// fast path (real HTTP), Tollgate calls a local server speaking Anthropic's Messages API.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { invalidateCatalog } from "@/lib/gateway/catalog";
import { handleGatewayNode } from "@/lib/gateway/node-handler";
import { perMillionToMicros } from "@/lib/gateway/pricing";
import { createUpstreamServer } from "@/lib/gateway/sandbox-upstream";
import { flushMetering } from "@/lib/metering/queue";
import { createFakeAnthropic } from "@/lib/testing/fake-anthropic";
import { createApiKeyFor, createOrganizationFor, createUser } from "@/prisma/factories";
import { allowOutbound } from "@/lib/testing/outbound";

allowOutbound(); // the fakes listen on loopback

const anthropic = createFakeAnthropic();
const openaiCompatible = createUpstreamServer();
let gateway: Server;
let client: OpenAI;
let accountId: string;
const p = perMillionToMicros;

beforeAll(async () => {
  const [anthropicUrl, openaiUrl] = await Promise.all([anthropic.listen(), openaiCompatible.listen(0)]);
  const c = await db();
  const claude = await c.provider.create({ data: { slug: "anthropic-fake", name: "Anthropic (fake)", baseUrl: anthropicUrl, apiFormat: "anthropic", retainsData: false, apiKeyCiphertext: encryptSecret("sk-ant-test", "provider:anthropic-fake"), timeoutMs: 1_000 } });
  const other = await c.provider.create({ data: { slug: "oa-fake", name: "OpenAI-compatible (fake)", baseUrl: openaiUrl, retainsData: false, apiKeyCiphertext: encryptSecret("sk-oa", "provider:oa-fake") } });
  const prices = { promptPriceMicros: p(3), completionPriceMicros: p(15), cachedPriceMicros: p(0.3), cacheWritePriceMicros: p(3.75), contextLength: 200_000, maxCompletionTokens: 8192 };
  await c.model.create({ data: { slug: "claude/test", name: "Claude (test)", contextLength: 200_000, endpoints: { create: [{ providerId: claude.id, upstreamModel: "claude-test-1", ...prices }] } } });
  await c.model.create({ data: { slug: "claude/fallback", name: "Claude with a fallback", contextLength: 200_000, endpoints: { create: [{ providerId: claude.id, upstreamModel: "claude-test-1", ...prices }, { providerId: other.id, upstreamModel: "echo", ...prices }] } } });
  invalidateCatalog();
  const user = await createUser();
  const { ctx } = await createOrganizationFor(user.id);
  accountId = ctx.account.id;
  await c.account.update({ where: { id: accountId }, data: { creditBalanceMicros: 100_000_000n } });
  const key = await createApiKeyFor(accountId, "INFERENCE", user.id);
  gateway = createServer((req, res) => void handleGatewayNode(req, res));
  await new Promise<void>((r) => gateway.listen(0, "127.0.0.1", r));
  client = new OpenAI({ baseURL: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/api/v1`, apiKey: key.key, maxRetries: 0 });
});

afterAll(async () => {
  await new Promise((r) => gateway.close(r));
  await Promise.all([anthropic.close(), openaiCompatible.close()]);
});

beforeEach(() => {
  anthropic.state.mode = "text";
});

const weatherTool = { type: "function" as const, function: { name: "get_weather", description: "Weather of a city", parameters: { type: "object", properties: { city: { type: "string" }, unit: { type: "string" } }, required: ["city"] } } };

describe("Anthropic adapter", () => {
  it("plain: system prompt, max_tokens from the model's max output, Anthropic's headers; the answer and usage as OpenAI's", async () => {
    const answer = await client.chat.completions.create({ model: "claude/test", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Hello" }], stop: ["END"] });
    expect(answer.choices[0].message.content).toBe("Hello from Claude");
    expect(answer.choices[0].finish_reason).toBe("stop");
    expect(answer.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 4, total_tokens: 16 });
    const sent = anthropic.state.lastBody!;
    expect(sent).toMatchObject({ model: "claude-test-1", max_tokens: 8192, system: [{ type: "text", text: "Be brief." }], messages: [{ role: "user", content: [{ type: "text", text: "Hello" }] }], stop_sequences: ["END"] });
    expect(anthropic.state.lastHeaders).toMatchObject({ "x-api-key": "sk-ant-test", "anthropic-version": "2023-06-01" });
    expect(anthropic.state.lastHeaders!.authorization).toBeUndefined();
  });

  it("streamed: text deltas, then the usage chunk", async () => {
    const stream = await client.chat.completions.create({ model: "claude/test", messages: [{ role: "user", content: "Hello" }], stream: true });
    let text = "";
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe("Hello from Claude");
    expect(finish).toBe("stop");
    expect(usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 4 });
    expect(anthropic.state.lastBody!.stream).toBe(true);
  });

  it("tools: definitions and tool_choice translated; streamed tool-call deltas assemble into the call; the result goes back as tool_result", async () => {
    anthropic.state.mode = "tools";
    const stream = await client.chat.completions.create({ model: "claude/test", messages: [{ role: "user", content: "Weather in Paris?" }], tools: [weatherTool], tool_choice: "required", parallel_tool_calls: false, stream: true });
    const calls: { id?: string; name?: string; arguments: string }[] = [];
    let finish: string | null = null;
    for await (const chunk of stream) {
      for (const t of chunk.choices[0]?.delta?.tool_calls ?? []) {
        calls[t.index] ??= { arguments: "" };
        if (t.id) calls[t.index].id = t.id;
        if (t.function?.name) calls[t.index].name = t.function.name;
        calls[t.index].arguments += t.function?.arguments ?? "";
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(calls).toEqual([{ id: "toolu_01A", name: "get_weather", arguments: '{"city": "Paris", "unit": "c"}' }]);
    expect(finish).toBe("tool_calls");
    expect(anthropic.state.lastBody).toMatchObject({ tools: [{ name: "get_weather", description: "Weather of a city", input_schema: weatherTool.function.parameters }], tool_choice: { type: "any", disable_parallel_tool_use: true } });

    anthropic.state.mode = "text";
    await client.chat.completions.create({
      model: "claude/test",
      messages: [
        { role: "user", content: "Weather in Paris?" },
        { role: "assistant", content: null, tool_calls: [{ id: "toolu_01A", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }] },
        { role: "tool", tool_call_id: "toolu_01A", content: "18°C" },
      ],
      tools: [weatherTool],
    });
    expect(anthropic.state.lastBody!.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Weather in Paris?" }] },
      { role: "assistant", content: [{ type: "tool_use", id: "toolu_01A", name: "get_weather", input: { city: "Paris" } }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_01A", content: "18°C" }] },
    ]);
  });

  it("images: a data: URL as a base64 block, an https URL as a url block", async () => {
    await client.chat.completions.create({ model: "claude/test", messages: [{ role: "user", content: [{ type: "text", text: "What is it?" }, { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } }, { type: "image_url", image_url: { url: "https://example.com/cat.jpg" } }] }] });
    expect((anthropic.state.lastBody!.messages as { content: unknown[] }[])[0].content).toEqual([
      { type: "text", text: "What is it?" },
      { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
      { type: "image", source: { type: "url", url: "https://example.com/cat.jpg" } },
    ]);
  });

  it("reasoning: OpenRouter's effort becomes a thinking budget; the thinking comes back as `reasoning`, or not at all with exclude", async () => {
    anthropic.state.mode = "thinking";
    const answer = await client.chat.completions.create({ model: "claude/test", max_tokens: 4000, messages: [{ role: "user", content: "Think" }], temperature: 0.3, reasoning: { effort: "high" } } as never);
    expect(anthropic.state.lastBody).toMatchObject({ max_tokens: 4000, thinking: { type: "enabled", budget_tokens: 3200 } });
    expect(anthropic.state.lastBody!.temperature).toBeUndefined();
    expect((answer as OpenAI.ChatCompletion).choices[0].message).toMatchObject({ content: "Hello from Claude", reasoning: "Let me think step by step." });
    const excluded = await client.chat.completions.create({ model: "claude/test", max_tokens: 4000, messages: [{ role: "user", content: "Think" }], reasoning: { effort: "low", exclude: true } } as never);
    expect((excluded as OpenAI.ChatCompletion).choices[0].message).not.toHaveProperty("reasoning");
    const stream = await client.chat.completions.create({ model: "claude/test", max_tokens: 4000, messages: [{ role: "user", content: "Think" }], reasoning: { max_tokens: 2048 }, stream: true } as never);
    let reasoning = "";
    for await (const chunk of stream as unknown as AsyncIterable<OpenAI.ChatCompletionChunk>) reasoning += (chunk.choices[0]?.delta as { reasoning?: string } | undefined)?.reasoning ?? "";
    expect(reasoning).toBe("Let me think step by step.");
    expect(anthropic.state.lastBody).toMatchObject({ thinking: { budget_tokens: 2048 } });
  });

  it("prompt caching: cache_control kept; cache reads and writes in the usage and priced at the cache prices", async () => {
    anthropic.state.mode = "cache";
    const answer = await client.chat.completions.create({ model: "claude/test", messages: [{ role: "system", content: [{ type: "text", text: "A long, cached system prompt.", cache_control: { type: "ephemeral" } }] }, { role: "user", content: "Hi" }] } as never);
    expect((anthropic.state.lastBody!.system as unknown[])[0]).toEqual({ type: "text", text: "A long, cached system prompt.", cache_control: { type: "ephemeral" } });
    const usage = (answer as OpenAI.ChatCompletion).usage as OpenAI.CompletionUsage & { cost: number; prompt_tokens_details: { cached_tokens: number; cache_write_tokens: number } };
    expect(usage).toMatchObject({ prompt_tokens: 160, completion_tokens: 4, prompt_tokens_details: { cached_tokens: 100, cache_write_tokens: 50 } });
    // Per million: prompt 10 × $3 + 100 × $0.30 + 50 × $3.75 = 247.5 µ$ (rounded to 248), completion 4 × $15 = 60 µ$.
    expect(usage.cost).toBe(0.000308);
    await flushMetering();
    const row = await (await db()).generation.findUniqueOrThrow({ where: { id: (answer as OpenAI.ChatCompletion).id } });
    expect(row).toMatchObject({ cachedTokens: 100, cacheWriteTokens: 50, providerSlug: "anthropic-fake", costMicros: 308n, usageEstimated: false });
  });

  it("a 429 from every provider is a 429 with Retry-After; a 400 is relayed as a 400; a 529 (overloaded) falls back to an OpenAI-compatible endpoint", async () => {
    anthropic.state.mode = "429";
    const limited = await fetchRaw({ model: "claude/test", messages: [{ role: "user", content: "Hi" }] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect(limited.body.error).toMatchObject({ code: 429, metadata: { reason: "rate_limited", retry_after_seconds: 7 } });

    anthropic.state.mode = "400";
    const refused = await fetchRaw({ model: "claude/test", messages: [{ role: "user", content: "Hi" }] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain("roles must alternate");

    anthropic.state.mode = "529";
    const answer = await client.chat.completions.create({ model: "claude/fallback", messages: [{ role: "user", content: "Hi there" }], provider: { order: ["anthropic-fake", "oa-fake"] } } as never);
    expect((answer as OpenAI.ChatCompletion & { provider: string }).provider).toBe("OpenAI-compatible (fake)");
    await flushMetering();
    const row = await (await db()).generation.findUniqueOrThrow({ where: { id: (answer as OpenAI.ChatCompletion).id } });
    expect((row.attempts as { provider: string; status: number }[]).map((a) => [a.provider, a.status])).toEqual([["anthropic-fake", 529], ["oa-fake", 200]]);
  });

  it("a stream that outlives the provider's timeout keeps going while chunks arrive (the timeout is on silence)", async () => {
    anthropic.state.mode = "slow-stream";
    Object.assign(anthropic.state, { chunks: 8, gapMs: 300 }); // 2.4 s in all; the provider's timeout is 1 s
    const stream = await client.chat.completions.create({ model: "claude/test", messages: [{ role: "user", content: "Tick" }], stream: true });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    expect(text).toBe(Array(8).fill("tick").join(" "));
  });
});

async function fetchRaw(body: unknown) {
  const res = await fetch(`${client.baseURL}/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${client.apiKey}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as { error: { code: number; message: string; metadata: Record<string, unknown> } } };
}
