// The production server (npm start runs it after building and migrating): Next's request handler on
// Node's http server, except POST /api/v1/chat/completions, which the gateway's fast path
// (lib/gateway/node-handler.ts, registered by instrumentation.ts at start) serves without Next's
// request pipeline. Everything else, the dashboard and the rest of /api/v1, is Next as usual.
//   node scripts/serve.mjs [--port 3000] [--hostname 0.0.0.0]
import http from "node:http";
import next from "next";

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

// The socket's address for the app (lib/auth/client-address.ts): set here on every request, over any
// value a client sent, and trusted by the app only because this flag says this server sets it.
const CLIENT_ADDRESS_HEADER = "x-tollgate-client-address";
globalThis.__tollgateSocketAddressHeader = true;

const server = http.createServer((req, res) => {
  req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress ?? "";
  // Registered by instrumentation.ts, which Next runs before it serves its first request: until
  // then (and if it never is) chat completions go through Next's route, the same gateway.
  const fastPath = globalThis.__tollgateGatewayFastPath;
  if (fastPath?.isGatewayRequest(req)) {
    fastPath.handle(req, res).catch((error) => {
      console.error("[tollgate] gateway fast path", error);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
    return;
  }
  handle(req, res).catch((error) => {
    console.error("[tollgate] request failed", error);
    if (!res.headersSent) res.writeHead(500).end();
  });
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
