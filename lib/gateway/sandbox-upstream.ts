// An OpenAI-compatible chat-completions server: the built-in Sandbox provider (so a first call
// works offline) and the fake upstream of the tests. Real HTTP, real wire format, streaming
// included. It can be told to fail (500), refuse (429, 400), stall, slow down or answer 200 with a
// body that is not JSON (garbage): POST /_control.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type UpstreamMode = "ok" | "500" | "429" | "400" | "stall" | "slow" | "garbage";

export type UpstreamState = {
  mode: UpstreamMode;
  /** How many requests the mode applies to before going back to "ok" (null = until changed). */
  remaining: number | null;
  latencyMs: number;
  slowMs: number;
  received: number;
  completed: number;
  aborted: number;
  lastBody: unknown;
  lastAuthorization: string | null;
};

type ChatRequest = {
  model?: string;
  messages?: { role: string; content?: unknown }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  max_tokens?: number;
};

const estimateTokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((p) => (typeof p === "object" && p && "text" in p ? String((p as { text: unknown }).text) : "")).join(" ");
  return "";
}

export function sandboxReply(body: ChatRequest): { content: string; promptTokens: number; completionTokens: number } {
  const messages = body.messages ?? [];
  const lastUser = [...messages].reverse().find((m) => m.role === "user");
  let content = `Echo from the Tollgate Sandbox: ${textOf(lastUser?.content) || "(empty)"}`;
  if (body.max_tokens && estimateTokens(content) > body.max_tokens) content = content.slice(0, body.max_tokens * 4);
  const promptTokens = messages.reduce((n, m) => n + estimateTokens(textOf(m.content)) + 3, 0);
  return { content, promptTokens, completionTokens: estimateTokens(content) };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

export function createUpstreamServer(options: { latencyMs?: number } = {}) {
  const state: UpstreamState = {
    mode: "ok",
    remaining: null,
    latencyMs: options.latencyMs ?? 0,
    slowMs: 2000,
    received: 0,
    completed: 0,
    aborted: 0,
    lastBody: null,
    lastAuthorization: null,
  };

  const takeMode = (): UpstreamMode => {
    const mode = state.mode;
    if (mode !== "ok" && state.remaining !== null && --state.remaining <= 0) {
      state.mode = "ok";
      state.remaining = null;
    }
    return mode;
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://upstream");
    if (req.method === "GET" && url.pathname === "/health") return sendJson(res, 200, { ok: true, ...state, lastBody: undefined });
    if (req.method === "POST" && url.pathname === "/_control") {
      const patch = JSON.parse((await readBody(req)) || "{}") as Partial<UpstreamState> & { reset?: boolean };
      if (patch.reset) Object.assign(state, { mode: "ok", remaining: null, received: 0, completed: 0, aborted: 0, lastBody: null, lastAuthorization: null });
      for (const k of ["mode", "remaining", "latencyMs", "slowMs"] as const) if (patch[k] !== undefined) (state as Record<string, unknown>)[k] = patch[k];
      return sendJson(res, 200, state);
    }
    if (req.method === "GET" && url.pathname.endsWith("/models")) {
      return sendJson(res, 200, { object: "list", data: [{ id: "echo", object: "model", owned_by: "tollgate-sandbox" }] });
    }
    if (req.method !== "POST" || !url.pathname.endsWith("/chat/completions")) return sendJson(res, 404, { error: { message: "Not found" } });

    let body: ChatRequest;
    try {
      body = JSON.parse(await readBody(req)) as ChatRequest;
    } catch {
      return sendJson(res, 400, { error: { message: "Invalid JSON", type: "invalid_request_error" } });
    }
    state.received++;
    state.lastBody = body;
    state.lastAuthorization = req.headers.authorization ?? null;
    let aborted = false;
    res.on("close", () => {
      if (!res.writableFinished) {
        aborted = true;
        state.aborted++;
      }
    });
    const mode = takeMode();
    if (state.latencyMs) await sleep(state.latencyMs);
    if (mode === "stall") return; // never answers: the caller's timeout or cancellation must end it
    if (mode === "slow") await sleep(state.slowMs);
    if (aborted) return;
    if (mode === "500") return sendJson(res, 500, { error: { message: "Upstream exploded", type: "server_error" } });
    if (mode === "429") return sendJson(res, 429, { error: { message: "Rate limited upstream", type: "rate_limit_error" } });
    if (mode === "400") return sendJson(res, 400, { error: { message: "Upstream says the request is invalid", type: "invalid_request_error" } });
    if (mode === "garbage") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end("<html>502 Bad Gateway</html>");
    }

    const { content, promptTokens, completionTokens } = sandboxReply(body);
    const id = `chatcmpl-${Math.random().toString(36).slice(2, 12)}`;
    const created = Math.floor(Date.now() / 1000);
    const model = body.model ?? "echo";
    const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
    if (!body.stream) {
      state.completed++;
      return sendJson(res, 200, {
        id, object: "chat.completion", created, model, system_fingerprint: null,
        choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop", logprobs: null }],
        usage,
      });
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({ id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, finish_reason: finish }] });
    send(chunk({ role: "assistant", content: "" }));
    const words = content.split(/(?<= )/);
    for (const word of words) {
      if (aborted) return;
      send(chunk({ content: word }));
      if (state.latencyMs) await sleep(Math.min(5, state.latencyMs));
    }
    send(chunk({}, "stop"));
    if (body.stream_options?.include_usage) send({ id, object: "chat.completion.chunk", created, model, choices: [], usage });
    res.write("data: [DONE]\n\n");
    state.completed++;
    res.end();
  });
  server.keepAliveTimeout = 30_000;

  return {
    server,
    state,
    async listen(port = 0, host = "127.0.0.1"): Promise<string> {
      await new Promise<void>((resolve) => server.listen(port, host, resolve));
      return `http://${host}:${(server.address() as AddressInfo).port}/v1`;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}
