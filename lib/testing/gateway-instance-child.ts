// A second app instance for the guardrail concurrency test on PostgreSQL: its own process, its own
// Prisma client and pool, the same database (DATABASE_URL). It says "ready", waits for a line
// {"apiKey","count","body"} on stdin, sends that many concurrent requests through the real gateway
// route, flushes its metering and prints {"statuses":[…]}.
import { createInterface } from "node:readline";
import { NextRequest } from "next/server";
import { closeDb, connectDb } from "../db";
import { flushMetering } from "../metering/queue";
import { POST } from "../../app/api/v1/chat/completions/route";

async function main() {
  await connectDb();
  process.stdout.write("ready\n");
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const { apiKey, count, body } = JSON.parse(line) as { apiKey: string; count: number; body: unknown };
    const one = async () => {
      const req = new NextRequest("http://localhost/api/v1/chat/completions", { method: "POST", headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" }, body: JSON.stringify(body) });
      const res = await POST(req, { params: Promise.resolve({}) });
      await res.text();
      return res.status;
    };
    const statuses = await Promise.all(Array.from({ length: count }, one));
    await flushMetering();
    process.stdout.write(`${JSON.stringify({ statuses })}\n`);
    break;
  }
  await closeDb();
  process.exit(0);
}

void main();
