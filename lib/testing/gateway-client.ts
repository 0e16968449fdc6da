// For adapter tests: an organization with credits and an inference key, the gateway's fast path on a
// loopback port, and the official `openai` client pointed at it (no retries).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import OpenAI from "openai";
import { db } from "../db";
import { handleGatewayNode } from "../gateway/node-handler";
import { createApiKeyFor, createOrganizationFor, createUser } from "../../prisma/factories";

export async function startGatewayClient(creditBalanceMicros: bigint): Promise<{ client: OpenAI; close: () => Promise<void> }> {
  const user = await createUser();
  const { ctx } = await createOrganizationFor(user.id);
  await (await db()).account.update({ where: { id: ctx.account.id }, data: { creditBalanceMicros } });
  const key = await createApiKeyFor(ctx.account.id, "INFERENCE", user.id);
  const gateway = createServer((req, res) => void handleGatewayNode(req, res));
  await new Promise<void>((r) => gateway.listen(0, "127.0.0.1", r));
  const client = new OpenAI({ baseURL: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/api/v1`, apiKey: key.key, maxRetries: 0 });
  return { client, close: () => new Promise<void>((r) => gateway.close(() => r())) };
}
