// The Bedrock adapter through the whole gateway: the official `openai` client calls Tollgate's fast
// path, Tollgate calls a local server speaking Bedrock's Converse API (SigV4 checked, ConverseStream
// as the AWS binary event stream).
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { invalidateCatalog } from "@/lib/gateway/catalog";
import { perMillionToMicros } from "@/lib/gateway/pricing";
import { createFakeBedrock } from "@/lib/testing/fake-bedrock";
import { allowOutbound } from "@/lib/testing/outbound";
import { startGatewayClient } from "@/lib/testing/gateway-client";

allowOutbound(); // the fake listens on loopback

const bedrock = createFakeBedrock({ accessKeyId: "AKIDEXAMPLE", region: "eu-west-3" });
let closeGateway: () => Promise<void>;
let client: OpenAI;

beforeAll(async () => {
  const url = await bedrock.listen();
  const c = await db();
  const creds = JSON.stringify({ accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "session-token-1", region: "eu-west-3" });
  const provider = await c.provider.create({ data: { slug: "bedrock-fake", name: "Bedrock (fake)", baseUrl: url, apiFormat: "bedrock", retainsData: false, apiKeyCiphertext: encryptSecret(creds, "provider:bedrock-fake") } });
  await c.model.create({ data: { slug: "bedrock/test", name: "Claude on Bedrock (test)", contextLength: 200_000, endpoints: { create: [{ providerId: provider.id, upstreamModel: "anthropic.claude-test-v1:0", promptPriceMicros: perMillionToMicros(3), completionPriceMicros: perMillionToMicros(15), contextLength: 200_000, maxCompletionTokens: 8192 }] } } });
  invalidateCatalog();
  ({ client, close: closeGateway } = await startGatewayClient(10_000_000n));
});

afterAll(async () => {
  await closeGateway();
  await bedrock.close();
});

beforeEach(() => {
  bedrock.state.mode = "text";
});

describe("Bedrock adapter", () => {
  it("Converse, signed with SigV4 (session token too); the answer, usage and cost", async () => {
    const answer = await client.chat.completions.create({ model: "bedrock/test", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Hi" }], temperature: 0.5 });
    expect(answer.choices[0].message.content).toBe("Hello from Bedrock");
    expect(answer.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 5, cost: (11 * 3 + 5 * 15) / 1e6 });
    expect(bedrock.state.lastPath).toBe("/model/anthropic.claude-test-v1%3A0/converse");
    expect(bedrock.state.lastSecurityToken).toBe("session-token-1");
    expect(bedrock.state.lastBody).toEqual({ messages: [{ role: "user", content: [{ text: "Hi" }] }], system: [{ text: "Be brief." }], inferenceConfig: { maxTokens: 8192, temperature: 0.5 } });
  });

  it("ConverseStream: the binary event stream, cut anywhere, as text deltas and usage; tool use streamed as tool-call deltas", async () => {
    const stream = await client.chat.completions.create({ model: "bedrock/test", messages: [{ role: "user", content: "Hi" }], stream: true });
    let text = "";
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? "";
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe("Hello from Bedrock");
    expect(usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 5 });
    expect(bedrock.state.lastPath).toMatch(/\/converse-stream$/);

    bedrock.state.mode = "tools";
    const tools = await client.chat.completions.create({ model: "bedrock/test", messages: [{ role: "user", content: "Weather?" }], tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } } }], tool_choice: "required", stream: true });
    let args = "";
    let name = "";
    let finish: string | null = null;
    for await (const chunk of tools) {
      for (const t of chunk.choices[0]?.delta?.tool_calls ?? []) {
        name += t.function?.name ?? "";
        args += t.function?.arguments ?? "";
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect({ name, args, finish }).toEqual({ name: "get_weather", args: '{"city":"Paris"}', finish: "tool_calls" });
    expect(bedrock.state.lastBody).toMatchObject({ toolConfig: { tools: [{ toolSpec: { name: "get_weather", inputSchema: { json: { type: "object" } } } }], toolChoice: { any: {} } } });
  });

  it("throttling is a 429 to the client", async () => {
    bedrock.state.mode = "throttle";
    const res = await fetch(`${client.baseURL}/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${client.apiKey}`, "content-type": "application/json" }, body: JSON.stringify({ model: "bedrock/test", messages: [{ role: "user", content: "x" }] }) });
    expect(res.status).toBe(429);
    expect((await res.json()).error.message).toContain("Too many requests");
  });
});
