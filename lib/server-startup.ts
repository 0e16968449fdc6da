// Server start (Node.js runtime only, loaded by instrumentation.ts). Opens the database eagerly,
// so the PGlite folder lock is taken at start (a second server on the same folder is refused at
// once), and closes it cleanly on SIGTERM/SIGINT (scripts/start.mjs sets NEXT_MANUAL_SIG_HANDLE
// so that Next leaves the signals to us).
import { closeDb, connectDb, db } from "./db";
import { describeTarget } from "./db/connect";
import { flushKeyActivity } from "./services/api-keys/key-activity";
import { ensureDefaultCatalog } from "./gateway/catalog";
import { flushMetering, startMetering } from "./metering/queue";
import { closeJournal } from "./metering/journal";
import { env } from "./env";
import { startReservationSweeper } from "./guardrails/budget-ledger";
import { stopSandbox } from "./gateway/sandbox";
import { handleGatewayNode, isGatewayRequest } from "./gateway/node-handler";
import { startBroadcastWorker, stopBroadcastWorker } from "./broadcast/worker";
import { startChangeFeed, stopChangeFeed } from "./cache/change-feed";
import { sealPlaintextHeaders } from "./broadcast/seal-plaintext-headers";

/** What scripts/serve.mjs reads to serve the gateway on Node's http server, before Next. */
export type GatewayFastPath = { isGatewayRequest: typeof isGatewayRequest; handle: typeof handleGatewayNode };

/** Replays the journals of stopped processes; if the database fails meanwhile, tries again until it works (the segments stay). */
async function replayJournal(): Promise<void> {
  try {
    await startMetering(env().dataDir);
  } catch (error) {
    console.error("[tollgate] metering journal replay failed; retrying in 5 s", error);
    setTimeout(() => void replayJournal(), 5000).unref();
  }
}

export async function startServer() {
  (globalThis as { __tollgateGatewayFastPath?: GatewayFastPath }).__tollgateGatewayFastPath = { isGatewayRequest, handle: handleGatewayNode };
  try {
    const { database } = await connectDb();
    console.log(`[tollgate] database: ${describeTarget(database.target)}`);
    if (await ensureDefaultCatalog()) console.log("[tollgate] provider catalog: default catalog installed (Sandbox models work offline)");
    // Before the first request: journal from now on, and write what a crashed process answered but had not written.
    await replayJournal();
    // Budget holds of a process that crashed are released once they expire; on PGlite (one process) all at start.
    startReservationSweeper(db, { all: database.target.kind === "pglite" });
    const sealed = await sealPlaintextHeaders();
    if (sealed) console.log(`[tollgate] broadcast: custom headers of ${sealed} destination(s) encrypted`);
    startBroadcastWorker();
    // PostgreSQL: other instances' committed changes drop this process's cache entries (LISTEN).
    await startChangeFeed();
  } catch (error) {
    console.error(`[tollgate] ${(error as Error).message}`);
    process.exit(1);
  }
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`[tollgate] ${signal}: closing the database`);
    // Metering first: its last batch may queue traces; the worker then stops after its sends in flight.
    Promise.allSettled([flushMetering().then(() => closeJournal()).finally(() => stopBroadcastWorker()), flushKeyActivity(), stopSandbox()])
      .then((results) => results.forEach((r) => r.status === "rejected" && console.error("[tollgate] shutdown flush failed", r.reason)))
      .then(() => stopChangeFeed())
      .then(() => closeDb())
      .catch((error) => console.error("[tollgate] error while closing the database", error))
      .finally(() => process.exit(0));
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}
