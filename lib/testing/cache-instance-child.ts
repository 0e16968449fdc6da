// A second app instance for the cache tests on PostgreSQL: its own process, Prisma client, caches
// and change feed on the same database (DATABASE_URL). It says "ready", then answers each stdin line
// {"apiKey","path"} with the status of GET <path> (a management or key route) called with that key,
// as {"status":…}; {"apiKey","path","until":401,"ms":N} polls until that status or N ms pass and
// reports how long it took.
import { createInterface } from "node:readline";
import { NextRequest } from "next/server";
import { closeDb, connectDb } from "../db";
import { startChangeFeed, stopChangeFeed } from "../cache/change-feed";
import * as keyRoute from "../../app/api/v1/key/route";
import * as membersRoute from "../../app/api/v1/organization/members/route";

const ROUTES: Record<string, (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>> = {
  "/api/v1/key": keyRoute.GET as never,
  "/api/v1/organization/members": membersRoute.GET as never,
};

async function call(apiKey: string, path: string): Promise<number> {
  const req = new NextRequest(`http://localhost${path}`, { headers: { authorization: `Bearer ${apiKey}` } });
  const res = await ROUTES[path](req, { params: Promise.resolve({}) });
  await res.text();
  return res.status;
}

async function main() {
  await connectDb();
  await startChangeFeed();
  process.stdout.write("ready\n");
  for await (const line of createInterface({ input: process.stdin })) {
    if (!line.trim()) continue;
    const { apiKey, path, until, ms } = JSON.parse(line) as { apiKey: string; path: string; until?: number; ms?: number };
    if (until === undefined) {
      process.stdout.write(`${JSON.stringify({ status: await call(apiKey, path) })}\n`);
      continue;
    }
    const started = Date.now();
    let status = await call(apiKey, path);
    while (status !== until && Date.now() - started < (ms ?? 1000)) {
      await new Promise((r) => setTimeout(r, 10));
      status = await call(apiKey, path);
    }
    process.stdout.write(`${JSON.stringify({ status, elapsedMs: Date.now() - started })}\n`);
  }
  await stopChangeFeed();
  await closeDb();
  process.exit(0);
}

void main();
