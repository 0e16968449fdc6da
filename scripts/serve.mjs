// The production server (npm start runs it after building and migrating): Next's request handler on
// Node's http server, except POST /api/v1/chat/completions, which the gateway's fast path
// (lib/gateway/node-handler.ts, registered by instrumentation.ts at start) serves without Next's
// request pipeline. Everything else, the dashboard and the rest of /api/v1, is Next as usual.
//   node scripts/serve.mjs [--port 3000] [--hostname 0.0.0.0]
import { randomUUID } from "node:crypto";
import http from "node:http";
import next from "next";
import { securityHeaders } from "../lib/security-headers.mjs";

const argv = process.argv.slice(2);
const arg = (names, fallback) => {
  const i = argv.findIndex((a) => names.includes(a));
  return i === -1 ? fallback : argv[i + 1];
};
const port = Number(arg(["--port", "-p"], process.env.PORT ?? "3000"));
const hostname = arg(["--hostname", "-H"], process.env.HOSTNAME ?? "0.0.0.0");

process.env.NODE_ENV = "production";
const app = next({ dev: false, dir: process.cwd(), hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const SECURITY_HEADERS = securityHeaders();
const lowerSecurity = Object.fromEntries(Object.keys(SECURITY_HEADERS).map((k) => [k.toLowerCase(), true]));
const API_PREFIX = "/api/v1/";
/** Management API bodies above this are refused with 413 before Next reads them (the gateway has its own limit). */
const MAX_API_BODY_BYTES = 10 * 1024 * 1024;

/** The one error envelope (lib/api/errors.ts), for what this server answers itself. */
function envelope(status, reason, message) {
  return JSON.stringify({ error: { code: status, message, metadata: { reason } } });
}

function sendError(res, status, reason, message, headers = {}) {
  const body = envelope(status, reason, message);
  res.writeHead(status, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(res.req?.method === "HEAD" ? undefined : body);
}

// Next answers an unsupported method on a route with an empty 405 and no Allow header; the route's
// automatic OPTIONS answer lists its methods, so one loopback OPTIONS per path (remembered) gives Allow.
const allowByPath = new Map();
const PROBE = randomUUID();
function allowedMethods(path) {
  if (allowByPath.has(path)) return Promise.resolve(allowByPath.get(path));
  return new Promise((resolve) => {
    const probe = http.request({ host: hostname === "0.0.0.0" ? "127.0.0.1" : hostname, port, path, method: "OPTIONS", headers: { "x-tollgate-probe": PROBE } }, (answer) => {
      answer.resume();
      const allow = answer.headers.allow ?? "";
      if (allowByPath.size >= 1000) allowByPath.clear();
      allowByPath.set(path, allow);
      resolve(allow);
    });
    probe.on("error", () => resolve(""));
    probe.setTimeout(2000, () => probe.destroy());
    probe.end();
  });
}

/**
 * /api/v1 errors always in the envelope: Next's own bodiless or plain-text errors (405 for an
 * unsupported method, 400 for a path it cannot decode) are replaced before anything is sent. The
 * choice is made at the first writeHead / flushHeaders / write / end: a status below 400 or a JSON
 * answer (every route's) passes through untouched; otherwise what Next writes is dropped and the
 * envelope sent at its end().
 */
const WRITERS = ["writeHead", "flushHeaders", "write", "end"];
function envelopeNextErrors(req, res, path) {
  let replace = null;
  const restore = () => WRITERS.forEach((name) => delete res[name]);
  const decide = (status = res.statusCode, type = res.getHeader("content-type")) => {
    if (replace === null) {
      replace = status >= 400 && !String(type ?? "").startsWith("application/json");
      if (!replace) restore();
    }
    return replace;
  };
  res.writeHead = (status, ...rest) => {
    const headers = rest.find((r) => r && typeof r === "object");
    const type = headers ? (Array.isArray(headers) ? undefined : (headers["content-type"] ?? headers["Content-Type"])) : undefined;
    if (!decide(status, type ?? res.getHeader("content-type"))) return res.writeHead(status, ...rest);
    res.statusCode = status;
    return res;
  };
  res.flushHeaders = () => (decide() ? undefined : res.flushHeaders());
  res.write = (chunk, encoding, callback) => {
    if (!decide()) return res.write(chunk, encoding, callback);
    (typeof encoding === "function" ? encoding : callback)?.();
    return true;
  };
  res.end = (...args) => {
    if (!decide()) return res.end(...args);
    restore();
    const status = res.statusCode;
    for (const name of res.getHeaderNames()) if (!(name in lowerSecurity)) res.removeHeader(name);
    if (status !== 405) {
      sendError(res, status, reasonOf(status), status === 404 ? "No such endpoint." : "The request could not be served.");
      return res;
    }
    void allowedMethods(path).then((allow) =>
      sendError(res, 405, "method_not_allowed", `${req.method} is not supported on this endpoint${allow ? `; use ${allow}` : ""}.`, allow ? { allow } : {}),
    );
    return res;
  };
}
const REASONS = { 400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed", 413: "payload_too_large", 431: "headers_too_large" };
const reasonOf = (status) => REASONS[status] ?? (status >= 500 ? "internal" : "bad_request");

// The socket's address for the app (lib/auth/client-address.ts): set here on every request, over any
// value a client sent, and trusted by the app only because this flag says this server sets it.
const CLIENT_ADDRESS_HEADER = "x-tollgate-client-address";
globalThis.__tollgateSocketAddressHeader = true;

const server = http.createServer((req, res) => {
  req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress ?? "";
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  const path = (req.url ?? "/").split("?")[0];
  if (path.startsWith(API_PREFIX) || path === "/api/v1") {
    try {
      decodeURIComponent(path);
    } catch {
      return sendError(res, 400, "bad_request", "Malformed percent-escape in the request path.");
    }
    const length = Number(req.headers["content-length"] ?? 0);
    if (length > MAX_API_BODY_BYTES && path !== "/api/v1/chat/completions" && path !== "/api/v1/chat/completions/") {
      res.setHeader("connection", "close");
      return sendError(res, 413, "payload_too_large", `The request body is larger than ${MAX_API_BODY_BYTES / 1024 / 1024} MB.`);
    }
    if (req.headers["x-tollgate-probe"] !== PROBE) envelopeNextErrors(req, res, path);
  }
  // Registered by instrumentation.ts, which Next runs before it serves its first request: until
  // then (and if it never is) chat completions go through Next's route, the same gateway.
  const fastPath = globalThis.__tollgateGatewayFastPath;
  if (fastPath?.isGatewayRequest(req)) {
    fastPath.handle(req, res).catch((error) => {
      console.error("[tollgate] gateway fast path", error);
      if (!res.headersSent) sendError(res, 500, "internal", "Internal server error.");
      else res.destroy();
    });
    return;
  }
  handle(req, res).catch((error) => {
    console.error("[tollgate] request failed", error);
    if (!res.headersSent) sendError(res, 500, "internal", "Internal server error.");
  });
});
// Requests Node's parser refuses never reach a handler: answer them in the envelope too (431 for
// headers beyond --max-http-header-size, 400 for the rest), then close the connection.
server.on("clientError", (error, socket) => {
  if (!socket.writable || error.code === "ECONNRESET") return void socket.destroy();
  const [status, reason, message] =
    error.code === "HPE_HEADER_OVERFLOW"
      ? [431, "headers_too_large", "The request headers are too large."]
      : [400, "bad_request", "Malformed HTTP request."];
  const body = envelope(status, reason, message);
  const headers = { ...SECURITY_HEADERS, "content-type": "application/json", "content-length": Buffer.byteLength(body), connection: "close" };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join("\r\n");
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n${head}\r\n\r\n${body}`);
});

server.listen(port, hostname, () => {
  const origin = `http://${hostname === "0.0.0.0" ? "127.0.0.1" : hostname}:${port}`;
  // One request through Next at once, so that the server starts (database open, folder lock taken,
  // fast path registered) now rather than on the first visitor's request.
  fetch(`${origin}/api/health`)
    .then((res) => res.body?.cancel())
    .catch(() => undefined)
    .finally(() => {
      if (!globalThis.__tollgateGatewayFastPath) console.warn("[tollgate] the gateway fast path is not registered: chat completions go through Next");
      console.log(`▲ Tollgate ready on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`);
    });
});
