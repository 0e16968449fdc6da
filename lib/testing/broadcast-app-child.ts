// Child process for the Broadcast restart test: an "app" with the metering queue and the delivery
// worker, on the configured database (PGlite in TOLLGATE_DATA_DIR or DATABASE_URL), driven by lines
// on stdin. SIGTERM shuts down as the server does (flush metering, stop the worker, close the
// database); SIGKILL is a crash.
//   setup <webhook url> <sampling rate>   -> "setup <accountId> <destinationId>"
//   record <accountId> <prefix> <count>   -> "recorded <prefix>" once the batch is written
//   pending <destinationId>               -> "pending <n>"
import { createInterface } from "node:readline";
import { closeDb, connectDb, db } from "../db";
import { migrateConfiguredDatabase } from "../db/migrate-configured";
import { flushMetering, recordGeneration } from "../metering/queue";
import { sealDestinationConfig } from "../broadcast/destination-secrets";
import { startBroadcastWorker, stopBroadcastWorker } from "../broadcast/worker";

async function main() {
  await migrateConfiguredDatabase(() => undefined);
  await connectDb();
  startBroadcastWorker({ pollMs: 20, backoffBaseMs: 30, backoffCapMs: 200, leaseMs: Number(process.env.BROADCAST_LEASE_MS ?? 1000) });
  process.on("SIGTERM", () => {
    void flushMetering()
      .then(() => stopBroadcastWorker())
      .then(() => closeDb())
      .then(() => {
        process.stdout.write("stopped\n");
        process.exit(0);
      });
  });
  const say = (line: string) => process.stdout.write(`${line}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    const [command, ...args] = line.trim().split(" ");
    const client = await db();
    if (command === "setup") {
      const account = await client.account.create({ data: { type: "ORGANIZATION", name: "Restart Co", slug: `restart-${process.pid}` } });
      const destination = await client.broadcastDestination.create({
        data: { accountId: account.id, type: "webhook", name: "receiver", samplingRate: Number(args[1]), ...sealDestinationConfig(account.id, "webhook", { url: args[0], signingSecret: "restart-secret-0123456789" }) },
      });
      say(`setup ${account.id} ${destination.id}`);
    } else if (command === "record") {
      const [accountId, prefix, count] = args;
      for (let i = 0; i < Number(count); i++) {
        recordGeneration({ id: `${prefix}-${i}`, accountId, apiKeyId: null, model: "sandbox/echo", status: 200, costMicros: 0n, createdAt: new Date() });
      }
      await flushMetering();
      say(`recorded ${prefix}`);
    } else if (command === "pending") {
      say(`pending ${await client.traceDelivery.count({ where: { destinationId: args[0], status: "pending" } })}`);
    }
  }
}

void main();
