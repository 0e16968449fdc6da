import { allowOutbound } from "@/lib/testing/outbound";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db";
import { encryptSecret } from "../../crypto/secret-box";
import { callRoute } from "../../testing/http";
import { createApiKeyFor, createUser, personalCtx, grantCreditsTo } from "../../../prisma/factories";
import { invalidateCatalog } from "../catalog";
import { flushMetering, queuedCount } from "@/lib/metering/queue";
import { generationColumn } from "@/lib/metering/batch";
import { Prisma } from "../../generated/prisma/client";
import { perMillionToMicros } from "../pricing";
import { createUpstreamServer } from "../sandbox-upstream";
import * as chatRoute from "../../../app/api/v1/chat/completions/route";

// Its fake third parties listen on loopback, which the outbound policy refuses unless allowlisted.
allowOutbound();

const upstream = createUpstreamServer();

beforeAll(async () => {
  const baseUrl = await upstream.listen(0);
  const client = await db();
  const provider = await client.provider.create({
    data: { slug: "metered-upstream", name: "Metered upstream", baseUrl, retainsData: false, apiKeyCiphertext: encryptSecret("sk-test", "provider:metered-upstream") },
  });
  await client.model.create({
    data: {
      slug: "test/metered",
      name: "Metered",
      contextLength: 8192,
      endpoints: { create: { providerId: provider.id, upstreamModel: "echo", promptPriceMicros: perMillionToMicros(1), completionPriceMicros: perMillionToMicros(2), contextLength: 8192 } },
    },
  });
  invalidateCatalog();
});

afterAll(() => upstream.close());

describe("metering", () => {
  it("writes one generation record per answered and per refused request, and debits the pool by their cost", async () => {
    const user = await createUser();
    const ctx = await personalCtx(user.id);
    await grantCreditsTo(ctx.account.id, 10);
    const { key } = await createApiKeyFor(ctx.account.id, "INFERENCE", user.id);
    const ask = (model: string) =>
      callRoute(chatRoute.POST, { method: "POST", path: "/api/v1/chat/completions", as: { apiKey: key }, body: { model, messages: [{ role: "user", content: "hi" }] } });

    const answers = await Promise.all([ask("test/metered"), ask("test/metered"), ask("test/metered")]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect((await ask("test/no-such-model")).status).toBe(404);
    expect(queuedCount()).toBeGreaterThan(0);
    await flushMetering();
    expect(queuedCount()).toBe(0);

    const client = await db();
    const rows = await client.generation.findMany({ where: { accountId: ctx.account.id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => r.status).sort()).toEqual([200, 200, 200, 404]);
    // Prompt logging is off: no bodies stored (these were `undefined` in the record).
    expect(rows.every((r) => r.requestBody === null && r.responseBody === null)).toBe(true);
    const answered = rows.find((r) => r.status === 200)!;
    expect(answered).toMatchObject({ model: "test/metered", providerSlug: "metered-upstream", finishReason: "stop", errorMessage: null, isByok: false, cancelled: false, streamed: false });
    expect(answered.attempts).toEqual([expect.objectContaining({ provider: "metered-upstream", status: 200, model: "test/metered", is_byok: false })]);
    expect(answered.promptTokens).toBeGreaterThan(0);
    expect(answered.latencyMs).toBeGreaterThanOrEqual(0);
    const refused = rows.find((r) => r.status === 404)!;
    expect(refused).toMatchObject({ model: "test/no-such-model", costMicros: 0n, promptTokens: 0, providerSlug: null });
    expect(refused.attempts).toEqual([]); // the column's default
    expect(refused.errorMessage).toMatch(/Model not found/);
    expect(answers[0].body.id).toMatch(/^gen-/);
    expect(rows.map((r) => r.id)).toContain(answers[0].body.id);
    const cost = rows.reduce((n, r) => n + r.costMicros, 0n);
    expect(cost).toBe(answers.reduce((n, a) => n + BigInt(Math.round(a.body.usage.cost * 1e6)), 0n));
    expect(cost).toBeGreaterThan(0n);
    const account = await client.account.findUniqueOrThrow({ where: { id: ctx.account.id } });
    expect(account.creditBalanceMicros).toBe(10_000_000n - cost);
  });

  it("every Generation field is written to its snake_case column", async () => {
    const columns = await (await db()).$queryRaw<{ column_name: string }[]>`SELECT column_name FROM information_schema.columns WHERE table_name = 'generations'`;
    expect(Object.values(Prisma.GenerationScalarFieldEnum).map(generationColumn).sort()).toEqual(columns.map((c) => c.column_name).sort());
  });
});
