// PostgreSQL only: every app instance LISTENs on one channel through a connection of its own, and
// publishes the changes of its committed mutations with NOTIFY, so the other instances' caches drop
// the same entries within moments instead of at their TTL. A process ignores its own notifications
// (it applied them already). PGlite is one process: nothing to do.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { connectDb, db } from "../db";
import { applyChanges, isEntityChange, setChangeSink, type EntityChange } from "./entity-cache";

export const CHANGE_CHANNEL = "tollgate_changes";
const ORIGIN = randomUUID();
// NOTIFY payloads are limited to 8000 bytes: send long lists in parts.
const PER_NOTIFY = 40;

type Feed = { client: pg.Client; stopped: boolean };
const g = globalThis as unknown as { __tollgateChangeFeed?: Promise<Feed | null> };

async function notify(changes: EntityChange[]): Promise<void> {
  const client = await db();
  for (let i = 0; i < changes.length; i += PER_NOTIFY) {
    const payload = JSON.stringify({ origin: ORIGIN, changes: changes.slice(i, i + PER_NOTIFY) });
    await client.$executeRaw`SELECT pg_notify(${CHANGE_CHANNEL}, ${payload})`;
  }
}

function received(payload: string | undefined): void {
  if (!payload) return;
  try {
    const message = JSON.parse(payload) as { origin?: unknown; changes?: unknown };
    if (message.origin === ORIGIN || !Array.isArray(message.changes)) return;
    applyChanges(message.changes.filter(isEntityChange));
  } catch (error) {
    console.error("[cache] unreadable change notification", error);
  }
}

async function listen(url: string): Promise<Feed> {
  const client = new pg.Client({ connectionString: url });
  const feed: Feed = { client, stopped: false };
  client.on("notification", (msg) => msg.channel === CHANGE_CHANNEL && received(msg.payload));
  client.on("error", (error) => {
    if (feed.stopped) return;
    console.error("[cache] change feed connection lost; listening again", error.message);
    // What changed while this instance was not listening is unknown: drop everything, then listen again.
    applyChanges([{ kind: "account" }, { kind: "catalog" }, { kind: "guardrail" }, { kind: "byok" }, { kind: "destination" }, { kind: "instance_setting" }]);
    g.__tollgateChangeFeed = undefined;
    setTimeout(() => void startChangeFeed(), 1_000).unref();
  });
  await client.connect();
  await client.query(`LISTEN ${CHANGE_CHANNEL}`);
  return feed;
}

/** Starts listening (once per process) and makes committed mutations notify the other instances. */
export function startChangeFeed(): Promise<Feed | null> {
  g.__tollgateChangeFeed ??= (async () => {
    const { database } = await connectDb();
    if (database.target.kind !== "postgres") return null;
    const feed = await listen(database.target.url);
    setChangeSink((changes) => void notify(changes).catch((error) => console.error("[cache] could not notify other instances", error)));
    return feed;
  })().catch((error) => {
    g.__tollgateChangeFeed = undefined;
    console.error("[cache] could not start the change feed", error);
    return null;
  });
  return g.__tollgateChangeFeed;
}

export async function stopChangeFeed(): Promise<void> {
  const feed = await g.__tollgateChangeFeed;
  g.__tollgateChangeFeed = undefined;
  setChangeSink(undefined);
  if (!feed) return;
  feed.stopped = true;
  await feed.client.end().catch(() => undefined);
}
