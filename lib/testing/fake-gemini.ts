// A local server that speaks Google's Gemini API (POST /v1beta/models/{model}:generateContent and
// :streamGenerateContent?alt=sse, x-goog-api-key), with the response shapes of its reference:
// candidates with parts (text, thought, functionCall), finishReason, usageMetadata; errors as
// {"error":{"code","message","status"}}.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeGeminiState = { mode: "text" | "tools" | "safety" | "429"; lastBody: Record<string, unknown> | null; lastUrl: string | null; lastKey: string | null };

const read = (req: IncomingMessage) => new Promise<string>((resolve) => {
  let data = "";
  req.on("data", (c) => (data += c));
  req.on("end", () => resolve(data));
});

export function createFakeGemini() {
  const state: FakeGeminiState = { mode: "text", lastBody: null, lastUrl: null, lastKey: null };
  const server: Server = createServer(async (req, res) => {
    const m = /\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)/.exec(req.url ?? "");
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "POST" || !m) return json(404, { error: { code: 404, message: "Not found", status: "NOT_FOUND" } });
    state.lastUrl = req.url ?? null;
    state.lastKey = (req.headers["x-goog-api-key"] as string | undefined) ?? null;
    if (!state.lastKey) return json(403, { error: { code: 403, message: "Method doesn't allow unregistered callers.", status: "PERMISSION_DENIED" } });
    state.lastBody = JSON.parse(await read(req));
    if (state.mode === "429") return json(429, { error: { code: 429, message: "Resource has been exhausted (e.g. check quota).", status: "RESOURCE_EXHAUSTED" } }, { "retry-after": "3" });
    const usageMetadata = { promptTokenCount: 9, candidatesTokenCount: 3, totalTokenCount: 12 };
    type Chunk = { candidates: { content: { role: string; parts: Record<string, unknown>[] }; finishReason?: string; index: number }[]; usageMetadata?: typeof usageMetadata };
    const chunks: Chunk[] =
      state.mode === "tools"
        ? [{ candidates: [{ content: { role: "model", parts: [{ functionCall: { name: "get_weather", args: { city: "Paris" } } }] }, finishReason: "STOP", index: 0 }], usageMetadata }]
        : state.mode === "safety"
          ? [{ candidates: [{ content: { role: "model", parts: [] }, finishReason: "SAFETY", index: 0 }], usageMetadata }]
          : [
              { candidates: [{ content: { role: "model", parts: [{ text: "Hello " }] }, index: 0 }] },
              { candidates: [{ content: { role: "model", parts: [{ text: "from Gemini" }] }, finishReason: "STOP", index: 0 }], usageMetadata },
            ];
    if (m[2] === "generateContent") {
      const parts = chunks.flatMap((c) => c.candidates[0].content.parts);
      return json(200, { candidates: [{ content: { role: "model", parts }, finishReason: chunks.at(-1)!.candidates[0].finishReason, index: 0 }], usageMetadata, modelVersion: m[1], responseId: "resp-fake" });
    }
    res.writeHead(200, { "content-type": "text/event-stream" });
    for (const c of chunks) res.write(`data: ${JSON.stringify({ ...c, modelVersion: m[1], responseId: "resp-fake" })}\r\n\r\n`);
    res.end();
  });
  return {
    state,
    listen: () => new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1beta`))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
