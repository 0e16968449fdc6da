// A real local HTTP server standing in for a third-party ingestion API: it records every request
// (method, path, headers, raw body) and answers with the status the test sets.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { method: string; path: string; headers: IncomingHttpHeaders; body: string; answered: number };

export async function startReceiver(answer: (req: Omit<Received, "answered">) => { status: number; body?: string } = () => ({ status: 200 })) {
  const requests: Received[] = [];
  let respond = answer;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const received = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      const { status, body } = respond(received);
      requests.push({ ...received, answered: status });
      res.writeHead(status, { "content-type": "application/json" }).end(body ?? JSON.stringify({ ok: status < 400 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    setAnswer(next: typeof answer) {
      respond = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
