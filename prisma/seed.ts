// npm run db:seed – a demo organization with an Admin and a Member login, API keys and 30 days of
// gateway traffic (written through the metering path, so the Activity charts and rollups are full).
// Safe to run again.
// With the embedded database, run it while the server is stopped (the folder lock enforces that).
import { connectDb, closeDb, db } from "../lib/db";
import { describeTarget } from "../lib/db/connect";
import { migrateConfiguredDatabase } from "../lib/db/migrate-configured";
import { runScript } from "../scripts/run-script";
import { ensureDefaultCatalog } from "../lib/gateway/catalog";
import { addMember, createApiKeyFor, createGenerations, createOrganizationFor, createUser, grantCreditsTo } from "./factories";
import { demoTraffic } from "./demo-traffic";
import type { Ctx } from "../lib/services/context";

const DEMO = {
  org: { name: "Acme Inc", slug: "acme" },
  admin: { email: "admin@acme.test", name: "Avery Admin", password: "tollgate-admin" },
  member: { email: "member@acme.test", name: "Morgan Member", password: "tollgate-member" },
};

runScript(async () => {
  // The demo's second user signs up too; the instance's own policy (invite-only by default) stays as it is.
  process.env.TOLLGATE_SIGN_UP ??= "open";
  await migrateConfiguredDatabase();
  const { database } = await connectDb();
  try {
    const client = await db();
    const existing = await client.account.findUnique({ where: { slug: DEMO.org.slug } });
    if (!existing) {
      const admin = await createUser(DEMO.admin);
      const member = await createUser(DEMO.member);
      const { account, ctx } = await createOrganizationFor(admin.id, DEMO.org);
      await addMember(account.id, member.id, "MEMBER");
      const traffic = await seedTraffic(ctx, admin.id, member.id);
      console.log(`Added ${traffic} generations over the last 30 days to the demo organization.`);
      console.log(`Seeded ${describeTarget(database.target)} with the demo organization "${DEMO.org.name}" (/${DEMO.org.slug}).`);
    } else {
      console.log(`The demo organization already exists in ${describeTarget(database.target)}.`);
    }
    console.log("\n  Admin:  %s / %s\n  Member: %s / %s\n", DEMO.admin.email, DEMO.admin.password, DEMO.member.email, DEMO.member.password);
  } finally {
    await closeDb();
  }
});

async function seedTraffic(ctx: Ctx, adminId: string, memberId: string): Promise<number> {
  const accountId = ctx.account.id;
  await ensureDefaultCatalog();
  const client = await db();
  await grantCreditsTo(ctx.account.id, 2_000, "Demo credits");
  const named = async (creator: string, name: string) => {
    const key = await createApiKeyFor(accountId, "INFERENCE", creator);
    await client.apiKey.update({ where: { id: key.id }, data: { name } });
    return key;
  };
  const production = await named(adminId, "Production API");
  const batch = await named(adminId, "Nightly batch jobs");
  const prototype = await named(memberId, "Morgan's prototype");
  const endpoints = (await client.modelEndpoint.findMany({ include: { model: true, provider: true } })).map((e) => ({
    id: e.id,
    model: e.model.slug,
    provider: e.provider.slug,
    providerName: e.provider.name,
    promptPrice: e.promptPriceMicros,
    completionPrice: e.completionPriceMicros,
  }));
  const records = demoTraffic({
    accountId,
    endpoints,
    now: new Date(),
    keys: [
      { id: production.id, creatorId: adminId, weight: 60, users: Array.from({ length: 24 }, (_, i) => `customer-${String(i + 1).padStart(3, "0")}`) },
      { id: batch.id, creatorId: adminId, weight: 20, users: [null] },
      { id: prototype.id, creatorId: memberId, weight: 20, users: ["morgan", "qa-bot"] },
    ],
  });
  for (let i = 0; i < records.length; i += 2_000) await createGenerations(accountId, records.slice(i, i + 2_000));
  return records.length;
}
