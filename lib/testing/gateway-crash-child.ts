// The server process of the gateway crash test: starts as `npm start` does (startServer: database,
// journal replay, sweeper), serves the gateway's fast path on a loopback port, and is SIGKILLed by
// the test under paid traffic. With SETUP_UPSTREAM_URL set it first creates an organization with
// credits, a paid model on that upstream and an inference key with a limit, and prints them.
// Prints "ready <port> <json>" once it serves. SIGTERM: the graceful shutdown (flush, close).
import { createServer } from "node:http";
import { db } from "../db";
import { migrateConfiguredDatabase } from "../db/migrate-configured";
import { encryptSecret } from "../crypto/secret-box";
import { invalidateCatalog } from "../gateway/catalog";
import { handleGatewayNode } from "../gateway/node-handler";
import { perMillionToMicros } from "../gateway/pricing";
import { startServer } from "../server-startup";
import { createApiKeyFor, createOrganizationFor, createUser } from "../../prisma/factories";

async function setup(upstreamUrl: string) {
  const client = await db();
  const provider = await client.provider.create({ data: { slug: "crash-upstream", name: "Crash upstream", baseUrl: upstreamUrl, retainsData: false, apiKeyCiphertext: encryptSecret("sk-crash", "provider:crash-upstream"), timeoutMs: 60_000 } });
  await client.model.create({ data: { slug: "crash/paid", name: "Paid", contextLength: 8192, endpoints: { create: [{ providerId: provider.id, upstreamModel: "echo", promptPriceMicros: perMillionToMicros(1), completionPriceMicros: perMillionToMicros(2), contextLength: 8192 }] } } });
  invalidateCatalog();
  const user = await createUser();
  const { ctx } = await createOrganizationFor(user.id);
  await client.account.update({ where: { id: ctx.account.id }, data: { creditBalanceMicros: 100_000_000n } });
  const key = await createApiKeyFor(ctx.account.id, "INFERENCE", user.id);
  await client.apiKey.update({ where: { id: key.id }, data: { limitMicros: 50_000_000n } });
  return { key: key.key, keyId: key.id, accountId: ctx.account.id };
}

async function main() {
  if (!process.env.DATABASE_URL) await migrateConfiguredDatabase(() => undefined);
  await startServer();
  const seeded = process.env.SETUP_UPSTREAM_URL ? await setup(process.env.SETUP_UPSTREAM_URL) : {};
  const server = createServer((req, res) => void handleGatewayNode(req, res));
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    process.stdout.write(`ready ${typeof address === "object" && address ? address.port : 0} ${JSON.stringify(seeded)}\n`);
  });
}

void main();
