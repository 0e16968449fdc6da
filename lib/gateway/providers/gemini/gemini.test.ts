// The Gemini adapter's pure transforms, against the shapes of Google's generateContent reference.
import { describe, expect, it } from "vitest";
import { geminiAdapter, geminiBody, geminiSchema, geminiStreamDecoder, parseGeminiCompletion } from ".";

const bytes = (s: string) => new TextEncoder().encode(s);
const body = (extra: Record<string, unknown>) => ({ model: "g/x", stream: false, ...extra }) as never;

describe("gemini request", () => {
  it("system instruction, alternating turns, function calls and responses by name, images inline", () => {
    const out = geminiBody(body({
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: [{ type: "text", text: "Look" }, { type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } }] },
        { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }] },
        { role: "tool", tool_call_id: "c1", content: '{"temp":18}' },
      ],
      max_tokens: 300, temperature: 0.2, stop: "END",
      tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object", additionalProperties: false, properties: { city: { type: "string" } } } } }],
      tool_choice: "required",
    }), 8192);
    expect(out).toEqual({
      systemInstruction: { parts: [{ text: "Be brief." }] },
      contents: [
        { role: "user", parts: [{ text: "Look" }, { inlineData: { mimeType: "image/png", data: "AAAA" } }] },
        { role: "model", parts: [{ functionCall: { name: "get_weather", args: { city: "Paris" } } }] },
        { role: "user", parts: [{ functionResponse: { name: "get_weather", response: { temp: 18 } } }] },
      ],
      tools: [{ functionDeclarations: [{ name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } }] }],
      toolConfig: { functionCallingConfig: { mode: "ANY" } },
      generationConfig: { maxOutputTokens: 300, temperature: 0.2, stopSequences: ["END"] },
    });
  });

  it("structured output and thinking from response_format and reasoning", () => {
    const out = geminiBody(body({ messages: [{ role: "user", content: "x" }], response_format: { type: "json_schema", json_schema: { name: "a", schema: { $schema: "x", type: "object", properties: { a: { type: "number" } } } } }, reasoning: { effort: "high", exclude: true } }), 1000);
    expect(out.generationConfig).toEqual({ maxOutputTokens: 1000, responseMimeType: "application/json", responseSchema: { type: "object", properties: { a: { type: "number" } } }, thinkingConfig: { thinkingBudget: 24_576, includeThoughts: false } });
    expect(geminiSchema({ type: "array", items: { type: "object", additionalProperties: true } })).toEqual({ type: "array", items: { type: "object" } });
  });

  it("the URL names the model and the method; the key goes in x-goog-api-key", () => {
    const endpoint = { upstreamModel: "gemini-2.5-flash" } as never;
    expect(geminiAdapter.buildRequest({ body: body({ messages: [{ role: "user", content: "x" }] }), endpoint, baseUrl: "https://g/v1beta", apiKey: "k", stream: true, maxOutputTokens: 10 })).toMatchObject({ url: "https://g/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", headers: { "x-goog-api-key": "k" } });
  });
});

describe("gemini answers", () => {
  it("text, thoughts, a function call, usage with thoughts and the cache", () => {
    const c = parseGeminiCompletion({ responseId: "r1", candidates: [{ content: { role: "model", parts: [{ text: "hmm", thought: true }, { text: "It is " }, { text: "sunny." }, { functionCall: { name: "f", args: { a: 1 } } }] }, finishReason: "STOP" }], usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, thoughtsTokenCount: 3, cachedContentTokenCount: 4 } }, { excludeReasoning: false });
    expect(c).toEqual({
      id: "r1",
      choices: [{ index: 0, message: { role: "assistant", content: "It is sunny.", reasoning: "hmm", tool_calls: [{ id: "call_0", type: "function", function: { name: "f", arguments: '{"a":1}' } }] }, finish_reason: "tool_calls" }],
      usage: { prompt_tokens: 10, completion_tokens: 8, prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 3 } },
    });
  });

  it("a safety block is content_filter", () => {
    expect(parseGeminiCompletion({ candidates: [{ finishReason: "SAFETY", content: { parts: [] } }] }, { excludeReasoning: false }).choices![0].finish_reason).toBe("content_filter");
    expect(parseGeminiCompletion({ promptFeedback: { blockReason: "SAFETY" } }, { excludeReasoning: false }).choices![0].finish_reason).toBe("content_filter");
  });

  it("a stream: text deltas, then the finish and usage; thoughts left out with exclude", () => {
    const d = geminiStreamDecoder({ excludeReasoning: true });
    const sse = [
      { candidates: [{ content: { parts: [{ text: "think", thought: true }] } }] },
      { candidates: [{ content: { parts: [{ text: "Hel" }] } }] },
      { candidates: [{ content: { parts: [{ text: "lo" }] }, finishReason: "STOP" }], usageMetadata: { promptTokenCount: 2, candidatesTokenCount: 2 } },
    ].map((e) => `data: ${JSON.stringify(e)}\r\n\r\n`).join("");
    const chunks = [...d.push(bytes(sse.slice(0, 40))), ...d.push(bytes(sse.slice(40))), ...d.end()];
    expect(chunks.map((c) => c.choices![0].delta.content ?? "").join("")).toBe("Hello");
    expect(chunks.some((c) => c.choices![0].delta.reasoning)).toBe(false);
    expect(chunks.at(-1)).toMatchObject({ choices: [{ finish_reason: "stop" }], usage: { prompt_tokens: 2, completion_tokens: 2 } });
  });
});
