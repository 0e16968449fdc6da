// The Gemini adapter through the whole gateway: the official `openai` client calls Tollgate's fast
// path (real HTTP), Tollgate calls a local server speaking Google's Gemini API.
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { invalidateCatalog } from "@/lib/gateway/catalog";
import { perMillionToMicros } from "@/lib/gateway/pricing";
import { createFakeGemini } from "@/lib/testing/fake-gemini";
import { allowOutbound } from "@/lib/testing/outbound";
import { startGatewayClient } from "@/lib/testing/gateway-client";

allowOutbound(); // the fake listens on loopback

const gemini = createFakeGemini();
let closeGateway: () => Promise<void>;
let client: OpenAI;

beforeAll(async () => {
  const url = await gemini.listen();
  const c = await db();
  const provider = await c.provider.create({ data: { slug: "gemini-fake", name: "Gemini (fake)", baseUrl: url, apiFormat: "gemini", retainsData: false, apiKeyCiphertext: encryptSecret("g-key", "provider:gemini-fake") } });
  await c.model.create({ data: { slug: "google/test", name: "Gemini (test)", contextLength: 1_048_576, endpoints: { create: [{ providerId: provider.id, upstreamModel: "gemini-test", promptPriceMicros: perMillionToMicros(0.3), completionPriceMicros: perMillionToMicros(2.5), contextLength: 1_048_576, maxCompletionTokens: 65_536 }] } } });
  invalidateCatalog();
  ({ client, close: closeGateway } = await startGatewayClient(10_000_000n));
});

afterAll(async () => {
  await closeGateway();
  await gemini.close();
});

beforeEach(() => {
  gemini.state.mode = "text";
});

describe("Gemini adapter", () => {
  it("plain and streamed: generateContent / streamGenerateContent?alt=sse with x-goog-api-key; usage and cost", async () => {
    const answer = await client.chat.completions.create({ model: "google/test", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Hi" }] });
    expect(answer.choices[0].message.content).toBe("Hello from Gemini");
    expect(answer.usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 3 });
    expect(gemini.state.lastUrl).toBe("/v1beta/models/gemini-test:generateContent");
    expect(gemini.state.lastKey).toBe("g-key");
    expect(gemini.state.lastBody).toMatchObject({ systemInstruction: { parts: [{ text: "Be brief." }] }, contents: [{ role: "user", parts: [{ text: "Hi" }] }], generationConfig: { maxOutputTokens: 65_536 } });
    const stream = await client.chat.completions.create({ model: "google/test", messages: [{ role: "user", content: "Hi" }], stream: true });
    let text = "";
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? "";
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe("Hello from Gemini");
    expect(usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 3 });
    expect(gemini.state.lastUrl).toBe("/v1beta/models/gemini-test:streamGenerateContent?alt=sse");
  });

  it("a function call comes back as a tool call; a safety block as content_filter; a 429 as a 429 with Retry-After", async () => {
    gemini.state.mode = "tools";
    const answer = await client.chat.completions.create({ model: "google/test", messages: [{ role: "user", content: "Weather?" }], tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } } }] });
    expect(answer.choices[0]).toMatchObject({ finish_reason: "tool_calls", message: { tool_calls: [{ type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }] } });
    expect(gemini.state.lastBody).toMatchObject({ tools: [{ functionDeclarations: [{ name: "get_weather" }] }] });
    gemini.state.mode = "safety";
    expect((await client.chat.completions.create({ model: "google/test", messages: [{ role: "user", content: "x" }] })).choices[0].finish_reason).toBe("content_filter");
    gemini.state.mode = "429";
    const res = await fetch(`${client.baseURL}/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${client.apiKey}`, "content-type": "application/json" }, body: JSON.stringify({ model: "google/test", messages: [{ role: "user", content: "x" }] }) });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("3");
  });
});
