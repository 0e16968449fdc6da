// Prepares a freshly migrated database for `npm run bench:gateway` (run while no server holds it):
// the default catalog, a provider `bench-upstream` pointing at the fake upstream with a priced model
// `bench/echo`, a user with an inference key, and credits. Prints one line `BENCH_PREPARED {json}`.
//   tsx bench/gateway-prepare.ts http://127.0.0.1:<port>/v1
import { closeDb, connectDb, db } from "../lib/db";
import { encryptSecret } from "../lib/crypto/secret-box";
import { ensureDefaultCatalog } from "../lib/gateway/catalog";
import { perMillionToMicros } from "../lib/gateway/pricing";
import { createApiKeyFor, createUser, personalCtx, grantCreditsTo } from "../prisma/factories";
import { runScript } from "../scripts/run-script";

const BENCH_PROVIDER = "bench-upstream";
const BENCH_MODEL = "bench/echo";
/** What Tollgate sends upstream as `model`: the fake upstream counts completions per model. */
const BENCH_UPSTREAM_MODEL = "tollgate-bench-echo";

runScript(async () => {
  const baseUrl = process.argv[2];
  if (!baseUrl || !/^https?:\/\//.test(baseUrl)) throw new Error("usage: tsx bench/gateway-prepare.ts http://127.0.0.1:<port>/v1");
  await connectDb();
  try {
    // The server installs the default catalog only into an empty providers table: install it here,
    // so the bench instance looks like any other one plus the bench provider.
    await ensureDefaultCatalog();
    const client = await db();
    const provider = await client.provider.create({
      data: {
        slug: BENCH_PROVIDER,
        name: "Bench upstream",
        baseUrl,
        // A real provider needs a credential; the fake upstream ignores it.
        apiKeyCiphertext: encryptSecret("sk-bench-anything", `provider:${BENCH_PROVIDER}`),
        retainsData: false,
        enabled: true,
      },
    });
    await client.model.create({
      data: {
        slug: BENCH_MODEL,
        name: "Bench echo",
        description: "The fake upstream of npm run bench:gateway.",
        contextLength: 32_768,
        endpoints: {
          create: {
            providerId: provider.id,
            upstreamModel: BENCH_UPSTREAM_MODEL,
            promptPriceMicros: perMillionToMicros(1),
            completionPriceMicros: perMillionToMicros(2),
            contextLength: 32_768,
          },
        },
      },
    });
    const user = await createUser();
    const ctx = await personalCtx(user.id);
    await grantCreditsTo(ctx.account.id, 10_000, "bench");
    const key = await createApiKeyFor(ctx.account.id, "INFERENCE", user.id);
    console.log(`BENCH_PREPARED ${JSON.stringify({ accountId: ctx.account.id, keyId: key.id, key: key.key, model: BENCH_MODEL, upstreamModel: BENCH_UPSTREAM_MODEL })}`);
  } finally {
    await closeDb();
  }
});
