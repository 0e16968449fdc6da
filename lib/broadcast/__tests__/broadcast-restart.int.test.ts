// The outage test across real process restarts: the "app" (metering + delivery worker, in a child
// process on its own database) runs while the destination answers 500, crashes (SIGKILL), comes
// back, is stopped gracefully (SIGTERM) and started again after the destination recovers, with
// traffic in every life. In the end every sampled trace was accepted exactly once per idempotency
// key and none is lost. PGlite by default; PostgreSQL with TEST_DATABASE_URL.
import { allowOutbound } from "@/lib/testing/outbound";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReceiver } from "../../testing/receiver";
import { PG_TEMPLATE_DB, postgresUrl } from "../../testing/test-database";
import { isSampled } from "../trace";

// Its fake third parties listen on loopback, which the outbound policy refuses unless allowlisted.
allowOutbound();

const CHILD = join(process.cwd(), "lib/testing/broadcast-app-child.ts");
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let down = true;

beforeAll(async () => {
  receiver = await startReceiver(() => (down ? { status: 500, body: '{"error":"ingest unavailable"}' } : { status: 200 }));
});
afterAll(() => receiver.close());

/** Where the children keep their data: a PGlite folder, or a fresh PostgreSQL database. */
async function freshDatabase(): Promise<{ env: Record<string, string>; query: (sql: string) => Promise<Record<string, unknown>[]> }> {
  const url = postgresUrl();
  if (url) {
    const name = `tollgate_restart_${randomBytes(5).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${PG_TEMPLATE_DB}`);
    await admin.end();
    const dbUrl = Object.assign(new URL(url), { pathname: `/${name}` }).toString();
    return {
      env: { DATABASE_URL: dbUrl },
      query: async (sql) => {
        const c = new pg.Client({ connectionString: dbUrl });
        await c.connect();
        try {
          return (await c.query(sql)).rows;
        } finally {
          await c.end();
        }
      },
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), "tollgate-broadcast-restart-"));
  return {
    env: { TOLLGATE_DATA_DIR: dataDir, DATABASE_URL: "" },
    query: async (sql) => {
      const client = await PGlite.create(join(dataDir, "pglite"));
      try {
        return (await client.query<Record<string, unknown>>(sql)).rows;
      } finally {
        await client.close();
      }
    },
  };
}

function startApp(env: Record<string, string>) {
  const proc = spawn(process.execPath, ["--import", "tsx", CHILD], { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "inherit"] });
  const lines: string[] = [];
  let buffer = "";
  proc.stdout.on("data", (d: Buffer) => {
    buffer += d.toString();
    const parts = buffer.split("\n");
    buffer = parts.pop()!;
    lines.push(...parts);
  });
  const waitFor = async (prefix: string, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = lines.findIndex((l) => l.startsWith(prefix));
      if (index >= 0) return lines.splice(index, 1)[0];
      if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`no "${prefix}" from the app (exit ${proc.exitCode})`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const send = async (command: string, reply: string) => {
    proc.stdin.write(`${command}\n`);
    return waitFor(reply);
  };
  const exited = new Promise<void>((resolve) => proc.on("exit", () => resolve()));
  return { send, waitFor, kill: async (signal: "SIGKILL" | "SIGTERM") => void (proc.kill(signal), await exited) };
}

const failedRequests = () => receiver.requests.filter((r) => r.answered === 500).length;

describe("delivery across app restarts", () => {
  it("a crash and a graceful restart during an outage lose nothing and repeat nothing", async () => {
    const database = await freshDatabase();
    const env = { ...database.env, BROADCAST_LEASE_MS: "1000" };

    // Life 1: the destination is down; the app crashes mid-outage.
    let app = startApp(env);
    const [, accountId, destinationId] = (await app.send(`setup ${receiver.url}/in 0.5`, "setup ")).split(" ");
    await app.send(`record ${accountId} gen-a 60`, "recorded gen-a");
    const before = failedRequests();
    for (const deadline = Date.now() + 20_000; failedRequests() < before + 3 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
    expect(failedRequests()).toBeGreaterThanOrEqual(before + 3);
    await app.send(`record ${accountId} gen-b 40`, "recorded gen-b");
    await app.kill("SIGKILL");

    // Life 2: still down; more traffic; a graceful stop.
    app = startApp(env);
    await app.send(`record ${accountId} gen-c 40`, "recorded gen-c");
    const pending = Number((await app.send(`pending ${destinationId}`, "pending ")).split(" ")[1]);
    expect(pending).toBeGreaterThan(0);
    await app.kill("SIGTERM");

    // Life 3: the destination is back. On PostgreSQL two app instances share the outbox (each claims
    // with FOR UPDATE SKIP LOCKED), so no trace may be sent by both; PGlite allows one process.
    down = false;
    const twoInstances = postgresUrl() !== undefined;
    const apps = twoInstances ? [startApp(env), startApp(env)] : [startApp(env)];
    app = apps[0];
    await app.send(`record ${accountId} gen-d 20`, "recorded gen-d");
    if (apps[1]) await apps[1].send(`record ${accountId} gen-e 20`, "recorded gen-e");
    for (const deadline = Date.now() + 60_000; ; ) {
      if ((await app.send(`pending ${destinationId}`, "pending ")) === "pending 0") break;
      if (Date.now() > deadline) throw new Error("the outbox did not drain");
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const a of apps) await a.kill("SIGTERM");

    const generations = (await database.query("SELECT id FROM generations")).map((r) => r.id as string);
    expect(generations).toHaveLength(twoInstances ? 180 : 160);
    const sampled = generations.filter((id) => isSampled(destinationId, id, 0.5)).map((id) => `${destinationId}:${id}`).sort();
    expect(sampled.length).toBeGreaterThan(50);
    expect(sampled.length).toBeLessThan(110);
    const rows = await database.query("SELECT idempotency_key, status, attempts FROM trace_deliveries");
    expect(rows.map((r) => r.idempotency_key as string).sort()).toEqual(sampled);
    expect(rows.every((r) => r.status === "delivered")).toBe(true);
    expect(rows.some((r) => (r.attempts as number) > 1)).toBe(true);

    const accepted = receiver.requests
      .filter((r) => r.answered < 300)
      .flatMap((r) => (JSON.parse(r.body) as { traces: { idempotency_key: string }[] }).traces.map((t) => t.idempotency_key));
    expect(new Set(accepted).size).toBe(accepted.length);
    expect([...accepted].sort()).toEqual(sampled);
  }, 240_000);
});
