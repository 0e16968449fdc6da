// "A crash loses nothing that was answered": the server (lib/testing/gateway-crash-child.ts, started
// as npm start starts it) is SIGKILLed twice under concurrent paid traffic, then started once more
// and stopped gracefully. Every 2xx the clients received has exactly one generation record, and the
// credit pool and the key's budget carry exactly the records' cost (nothing lost, nothing twice).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createUpstreamServer } from "@/lib/gateway/sandbox-upstream";
import { postgresUrl } from "@/lib/testing/test-database";

const CHILD = join(process.cwd(), "lib/testing/gateway-crash-child.ts");
const CONCURRENCY = 24;

type Seeded = { key: string; keyId: string; accountId: string };

async function databaseUrl(): Promise<string> {
  if (!postgresUrl()) return "";
  const [{ name }] = await (await db()).$queryRaw<{ name: string }[]>`SELECT current_database() AS name`;
  const url = new URL(postgresUrl()!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function start(env: Record<string, string>): Promise<{ proc: ChildProcess; port: number; seeded: Partial<Seeded> }> {
  const proc = spawn(process.execPath, ["--import", "tsx", CHILD], { env: { ...process.env, NEXT_MANUAL_SIG_HANDLE: "1", TOLLGATE_OUTBOUND_ALLOW: "127.0.0.1", ...env }, stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: proc.stdout! });
  for await (const line of lines) {
    const m = /^ready (\d+) (.*)$/.exec(line);
    if (m) return { proc, port: Number(m[1]), seeded: JSON.parse(m[2]) as Partial<Seeded> };
  }
  throw new Error("the server exited before it was ready");
}

/** Paid requests from CONCURRENCY clients until the server dies; the ids of every 2xx received. */
async function traffic(port: number, key: string, onAnswered: (n: number) => void): Promise<string[]> {
  const answered: string[] = [];
  const body = JSON.stringify({ model: "crash/paid", max_tokens: 16, messages: [{ role: "user", content: "Count the records." }] });
  const client = async () => {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body });
        const text = await res.text();
        if (res.status === 200) {
          expect(JSON.parse(text).usage.cost).toBeGreaterThan(0);
          answered.push(res.headers.get("x-generation-id")!);
          onAnswered(answered.length);
        } else throw new Error(`unexpected ${res.status}: ${text}`);
      } catch (error) {
        if ((error as Error).message.startsWith("unexpected")) throw error;
        return; // the server is gone
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  return answered;
}

async function readBack(dataDir: string, accountId: string, keyId: string, ids: string[]) {
  const sql = {
    found: "SELECT count(*)::int AS n FROM generations WHERE id = ANY($1::text[])",
    rows: "SELECT count(*)::int AS n, coalesce(sum(cost_micros), 0)::text AS cost FROM generations WHERE account_id = $1",
    account: "SELECT credit_balance_micros::text AS balance, credit_reserved_micros::text AS reserved FROM accounts WHERE id = $1",
    counter: "SELECT used_micros::text AS used, reserved_micros::text AS reserved FROM budget_counters WHERE key = 'k:' || $1",
  };
  const run = async (query: (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>) => ({
    found: (await query(sql.found, [ids]))[0].n as number,
    rows: (await query(sql.rows, [accountId]))[0] as { n: number; cost: string },
    account: (await query(sql.account, [accountId]))[0] as { balance: string; reserved: string },
    counter: (await query(sql.counter, [keyId]))[0] as { used: string; reserved: string },
  });
  if (postgresUrl()) return run(async (text, params) => (await db()).$queryRawUnsafe(text, ...params));
  const client = await PGlite.create(join(dataDir, "pglite"));
  try {
    return await run(async (text, params) => (await client.query<Record<string, unknown>>(text, params)).rows);
  } finally {
    await client.close();
  }
}

describe("a crash loses nothing that was answered", () => {
  it("SIGKILL under concurrent paid traffic, twice: every 2xx has exactly one record and its cost in the pool and the key's budget", async () => {
    const upstream = createUpstreamServer({ latencyMs: 2 });
    const upstreamUrl = await upstream.listen(0);
    const dataDir = mkdtempSync(join(tmpdir(), "tollgate-gateway-crash-"));
    const env = { TOLLGATE_DATA_DIR: dataDir, DATABASE_URL: await databaseUrl() };
    try {
      let seeded: Seeded | undefined;
      const answered: string[] = [];
      const runs: number[] = [];
      for (let run = 0; run < 2; run++) {
        const server = await start(run === 0 ? { ...env, SETUP_UPSTREAM_URL: upstreamUrl } : env);
        seeded ??= server.seeded as Seeded;
        const exited = new Promise((r) => server.proc.once("exit", r));
        // Killed mid-traffic, once ~300 answers are in: some requests are in flight, some records queued.
        const target = 300 + run * 50;
        const ids = await traffic(server.port, seeded.key, (n) => n === target && server.proc.kill("SIGKILL"));
        await exited;
        answered.push(...ids);
        runs.push(ids.length);
      }
      // Restart (replays the journals of the killed processes), then a graceful stop.
      const last = await start(env);
      const stopped = new Promise((r) => last.proc.once("exit", r));
      last.proc.kill("SIGTERM");
      await stopped;

      const found = await readBack(dataDir, seeded!.accountId, seeded!.keyId, answered);
      console.log(`[gateway crash] answered per run ${runs.join(", ")}; ${answered.length} answered, ${found.found} of them recorded, ${found.rows.n} records in all, cost ${found.rows.cost} µ$`);
      expect(new Set(answered).size).toBe(answered.length);
      expect(found.found).toBe(answered.length); // 0 lost
      // 0 double-counted: the pool and the key's budget hold exactly what the records cost.
      expect(BigInt(found.account.balance)).toBe(100_000_000n - BigInt(found.rows.cost));
      expect(found.counter.used).toBe(found.rows.cost);
      expect({ pool: found.account.reserved, counter: found.counter.reserved }).toEqual({ pool: "0", counter: "0" });
      expect(found.rows.n).toBeGreaterThanOrEqual(answered.length);
      // Everything replayed and written: no journal segment is left.
      expect(readdirSync(join(dataDir, "metering-journal"))).toEqual([]);
    } finally {
      await upstream.close();
    }
  }, 240_000);
});
