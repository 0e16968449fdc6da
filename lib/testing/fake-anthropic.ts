// A local server that speaks Anthropic's Messages API (POST /v1/messages), for the adapter's tests:
// the response and stream shapes of Anthropic's API reference (message, content blocks text /
// tool_use / thinking, usage with cache tokens; message_start, content_block_start/delta/stop with
// text_delta, input_json_delta, thinking_delta, signature_delta, message_delta, message_stop, ping,
// error), its error envelope ({"type":"error","error":{type,message}}), 429 with retry-after, and
// 529 overloaded. It checks the headers Anthropic requires.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeAnthropicMode = "text" | "tools" | "thinking" | "cache" | "429" | "529" | "400" | "500" | "slow-stream";

export type FakeAnthropicState = {
  mode: FakeAnthropicMode;
  lastBody: Record<string, unknown> | null;
  lastHeaders: IncomingMessage["headers"] | null;
  /** slow-stream: chunks and the pause between them. */
  chunks: number;
  gapMs: number;
};

const read = (req: IncomingMessage) => new Promise<string>((resolve) => {
  let data = "";
  req.on("data", (c) => (data += c));
  req.on("end", () => resolve(data));
});

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};
const error = (res: ServerResponse, status: number, type: string, message: string, headers: Record<string, string> = {}) => json(res, status, { type: "error", error: { type, message } }, headers);

export function createFakeAnthropic() {
  const state: FakeAnthropicState = { mode: "text", lastBody: null, lastHeaders: null, chunks: 5, gapMs: 10 };
  let seq = 0;
  const server: Server = createServer(async (req, res) => {
    if (req.method !== "POST" || !req.url?.endsWith("/v1/messages")) return error(res, 404, "not_found_error", `Not found: ${req.url}`);
    state.lastHeaders = req.headers;
    if (!req.headers["x-api-key"]) return error(res, 401, "authentication_error", "x-api-key header is required");
    if (!req.headers["anthropic-version"]) return error(res, 400, "invalid_request_error", "anthropic-version header is required");
    const body = JSON.parse(await read(req)) as Record<string, unknown> & { stream?: boolean; max_tokens?: number; model?: string };
    state.lastBody = body;
    if (typeof body.max_tokens !== "number") return error(res, 400, "invalid_request_error", "max_tokens: Field required");
    if (state.mode === "429") return error(res, 429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit", { "retry-after": "7" });
    if (state.mode === "529") return error(res, 529, "overloaded_error", "Overloaded");
    if (state.mode === "400") return error(res, 400, "invalid_request_error", "messages: roles must alternate");
    if (state.mode === "500") return error(res, 500, "api_error", "Internal server error");
    const id = `msg_fake_${++seq}`;
    const usage = state.mode === "cache"
      ? { input_tokens: 10, cache_creation_input_tokens: 50, cache_read_input_tokens: 100, output_tokens: 4 }
      : { input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 4 };
    const content: Record<string, unknown>[] = [];
    if (state.mode === "thinking") content.push({ type: "thinking", thinking: "Let me think step by step.", signature: "sig-abc" });
    if (state.mode === "tools") content.push({ type: "text", text: "Checking the weather." }, { type: "tool_use", id: "toolu_01A", name: "get_weather", input: { city: "Paris", unit: "c" } });
    else content.push({ type: "text", text: state.mode === "slow-stream" ? "tick ".repeat(state.chunks).trim() : "Hello from Claude" });
    const stopReason = state.mode === "tools" ? "tool_use" : "end_turn";
    if (!body.stream) {
      return json(res, 200, { id, type: "message", role: "assistant", model: body.model, content, stop_reason: stopReason, stop_sequence: null, usage });
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const send = (event: string, data: Record<string, unknown>) => res.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`);
    send("message_start", { message: { id, type: "message", role: "assistant", model: body.model, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } } });
    send("ping", {});
    let index = 0;
    for (const block of content) {
      if (block.type === "thinking") {
        send("content_block_start", { index, content_block: { type: "thinking", thinking: "", signature: "" } });
        send("content_block_delta", { index, delta: { type: "thinking_delta", thinking: "Let me think " } });
        send("content_block_delta", { index, delta: { type: "thinking_delta", thinking: "step by step." } });
        send("content_block_delta", { index, delta: { type: "signature_delta", signature: "sig-abc" } });
      } else if (block.type === "tool_use") {
        send("content_block_start", { index, content_block: { type: "tool_use", id: block.id, name: block.name, input: {} } });
        send("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: "" } });
        send("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: '{"city": "Par' } });
        send("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: 'is", "unit": "c"}' } });
      } else if (state.mode === "slow-stream") {
        send("content_block_start", { index, content_block: { type: "text", text: "" } });
        for (let i = 0; i < state.chunks; i++) {
          await new Promise((r) => setTimeout(r, state.gapMs));
          send("content_block_delta", { index, delta: { type: "text_delta", text: i === 0 ? "tick" : " tick" } });
        }
      } else {
        send("content_block_start", { index, content_block: { type: "text", text: "" } });
        send("content_block_delta", { index, delta: { type: "text_delta", text: String(block.text).slice(0, 6) } });
        send("content_block_delta", { index, delta: { type: "text_delta", text: String(block.text).slice(6) } });
      }
      send("content_block_stop", { index });
      index++;
    }
    send("message_delta", { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
    send("message_stop", {});
    res.end();
  });
  return {
    state,
    listen: () => new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
