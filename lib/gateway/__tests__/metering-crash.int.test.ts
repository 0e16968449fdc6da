// "Nothing answered is lost", with its documented bound: a graceful shutdown (SIGTERM) flushes every
// queued generation; a crash (SIGKILL) loses at most the batch being written and what queued behind
// it: 2 × MAX_BATCH records while the writer keeps up.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";
import { MAX_BATCH } from "@/lib/metering/queue";

const child = join(process.cwd(), "lib/testing/metering-crash-child.ts");

async function run(signal: "SIGKILL" | "SIGTERM") {
  const dataDir = mkdtempSync(join(tmpdir(), "tollgate-crash-"));
  // One process (node --import tsx), so SIGKILL kills the process that holds the queue.
  const proc = spawn(process.execPath, ["--import", "tsx", child], { env: { ...process.env, TOLLGATE_DATA_DIR: dataDir, DATABASE_URL: "" }, stdio: ["ignore", "pipe", "inherit"] });
  let recorded = 0;
  let buffer = "";
  let flushed = false;
  proc.stdout.on("data", (d: Buffer) => {
    buffer += d.toString();
    const lines = buffer.split("\n");
    buffer = lines.pop()!;
    for (const l of lines) {
      if (l.startsWith("recorded ")) recorded = Number(l.slice(9));
      if (l === "flushed") flushed = true;
    }
  });
  await new Promise<void>((resolve, reject) => {
    const t = setInterval(() => {
      if (recorded >= 2000) {
        clearInterval(t);
        resolve();
      }
    }, 20);
    proc.on("exit", () => reject(new Error("child exited early")));
  });
  // Everything the child wrote before it died is still in the pipe: read to the end.
  const drained = new Promise((r) => proc.stdout.on("close", r));
  proc.kill(signal);
  await drained;
  const client = await PGlite.create(join(dataDir, "pglite"));
  const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM generations WHERE id LIKE 'gen-crash-%'");
  await client.close();
  return { recorded, written: rows[0].n, flushed };
}

describe("metering durability", () => {
  it("a graceful shutdown writes every recorded generation", async () => {
    const { recorded, written, flushed } = await run("SIGTERM");
    expect(flushed).toBe(true);
    expect(written).toBeGreaterThanOrEqual(recorded);
  }, 180_000);

  it("a crash loses at most the unflushed batches (2 × MAX_BATCH)", async () => {
    const { recorded, written } = await run("SIGKILL");
    console.log(`metering crash test: ${recorded} recorded, ${written} written, ${recorded - written} lost (bound ${2 * MAX_BATCH})`);
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThanOrEqual(recorded + 1);
    expect(recorded - written).toBeLessThanOrEqual(2 * MAX_BATCH);
  }, 180_000);
});
