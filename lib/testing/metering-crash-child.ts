// Child process for the metering crash test: starts metering as the server does (journal open, the
// journals of stopped processes replayed), then records generations steadily into the metering queue
// (as the gateway does) and reports each one on stdout, until it is killed. On SIGTERM it flushes
// and exits, like the server's graceful shutdown. RECORD=0: start (and replay) only.
import { closeDb, connectDb, db } from "../db";
import { env } from "../env";
import { flushMetering, recordGeneration, startMetering } from "../metering/queue";
import { migrateConfiguredDatabase } from "../db/migrate-configured";

async function main() {
  await migrateConfiguredDatabase(() => undefined);
  await connectDb();
  const replay = await startMetering(env().dataDir);
  process.stdout.write(`replayed ${JSON.stringify(replay)}\n`);
  const account = await (await db()).account.create({ data: { type: "ORGANIZATION", name: "Crash Co", slug: `crash-${process.pid}` } });
  process.on("SIGTERM", () => {
    void flushMetering()
      .then(() => closeDb())
      .then(() => {
        process.stdout.write("flushed\n");
        process.exit(0);
      });
  });
  process.stdout.write(`account ${account.id}\n`);
  if (process.env.RECORD === "0") {
    process.stdout.write("ready\n");
    return;
  }
  // Bursts of 20 every 5 ms: steady traffic of ~4,000 generations a second.
  for (let i = 1; ; ) {
    for (const end = i + 20; i < end; i++) {
      recordGeneration({ id: `gen-crash-${i}`, accountId: account.id, apiKeyId: null, model: "sandbox/echo", status: 200, costMicros: 0n, createdAt: new Date() });
    }
    process.stdout.write(`recorded ${i - 1}\n`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

void main();
