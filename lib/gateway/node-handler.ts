// The gateway's fast path: POST /api/v1/chat/completions served straight from Node's http server by
// the production server (scripts/serve.mjs), without Next's request pipeline (which costs more CPU per
// request than the whole gateway: ~2.5 ms for a 401 under `next start` against ~1 ms for the full
// proxy path here; see README "Benchmark"). It is the same gateway as the App Router route
// (app/api/v1/chat/completions/route.ts, still used by `next dev` and `next start`): the same caller
// check, the same validation, `handleChatCompletion`, and the same error envelope.
import type { IncomingMessage, ServerResponse } from "node:http";
import { apiKeyCaller, parseJsonBody } from "../api/handler";
import { AppError, toAppError, toErrorBody } from "../api/errors";
import { cleanQuery, dataHeader } from "../api/clean-input";
import type { KeyCtx } from "../services/api-keys/authenticate-api-key";
import { chatRequestSchema } from "../validations/chat";
import { handleChatCompletion, type GatewayReply } from "./chat-completions";

export const GATEWAY_PATH = "/api/v1/chat/completions";
/** Request bodies above this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** True when the fast path serves this request (everything else goes to Next). */
export function isGatewayRequest(req: IncomingMessage): boolean {
  if (req.method !== "POST" || !req.url) return false;
  const q = req.url.indexOf("?");
  const path = q === -1 ? req.url : req.url.slice(0, q);
  return path === GATEWAY_PATH || path === `${GATEWAY_PATH}/`;
}

/** Beyond this the connection is cut rather than drained to answer 413. */
const MAX_DRAIN_BYTES = 8 * MAX_BODY_BYTES;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DRAIN_BYTES) req.destroy();
      else if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      // between the two: read on and drop, so that the client, done sending, reads the 413
    });
    req.on("end", () => {
      if (size > MAX_BODY_BYTES) reject(new AppError("payload_too_large", `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.`));
      else resolve(chunks.length === 1 ? chunks[0].toString("utf8") : Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}) {
  sendText(res, status, JSON.stringify(data), headers);
}

function sendText(res: ServerResponse, status: number, body: string, headers: Record<string, string>) {
  res.writeHead(status, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

async function sendResponse(res: ServerResponse, response: GatewayReply) {
  if (!(response instanceof Response)) return sendText(res, response.status, response.json, response.headers);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (!response.body) {
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  const streaming = (headers["content-type"] ?? "").startsWith("text/event-stream");
  if (!streaming) {
    const body = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, { ...headers, "content-length": String(body.length) });
    res.end(body);
    return;
  }
  res.writeHead(response.status, headers);
  res.flushHeaders();
  const reader = response.body.getReader();
  const stop = () => void reader.cancel().catch(() => undefined);
  res.once("close", stop);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise((resolve) => res.once("drain", resolve));
    }
  } finally {
    res.off("close", stop);
    res.end();
  }
}

/** Serves one POST /api/v1/chat/completions on Node's own request and response objects. */
export async function handleGatewayNode(req: IncomingMessage, res: ServerResponse): Promise<void> {
  // A client that goes away cancels the upstream call (the route gets this from req.signal).
  const abort = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) abort.abort(new DOMException("The client disconnected.", "AbortError"));
  });
  try {
    const q = req.url?.indexOf("?") ?? -1;
    if (q !== -1) cleanQuery(new URLSearchParams(req.url!.slice(q + 1)));
    const authorization = req.headers.authorization;
    if (!authorization) throw new AppError("unauthorized", "Missing API key: send Authorization: Bearer <key>.");
    const ctx = await apiKeyCaller(authorization, "INFERENCE");
    const body = chatRequestSchema.parse(parseJsonBody(await readBody(req)));
    const header = (name: string) => {
      const value = req.headers[name];
      return (Array.isArray(value) ? value[0] : value) ?? null;
    };
    const response = await handleChatCompletion(ctx as KeyCtx, body, {
      httpReferer: dataHeader(header("http-referer")),
      userAgent: dataHeader(header("user-agent")),
      signal: abort.signal,
    });
    await sendResponse(res, response);
  } catch (error) {
    const appError = toAppError(error);
    if (appError.status === 500) console.error(`[api] POST ${GATEWAY_PATH}`, error);
    if (res.headersSent) res.destroy();
    else sendJson(res, appError.status, toErrorBody(appError), appError.headers);
  }
}
