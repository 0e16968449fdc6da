// npm run db:seed – a demo organization with an Admin and a Member login. Safe to run again.
// With the embedded database, run it while the server is stopped (the folder lock enforces that).
import { connectDb, closeDb, db } from "../lib/db";
import { describeTarget } from "../lib/db/connect";
import { migrateConfiguredDatabase } from "../lib/db/migrate-configured";
import { runScript } from "../scripts/run-script";
import { addMember, createOrganizationFor, createUser } from "./factories";

const DEMO = {
  org: { name: "Acme Inc", slug: "acme" },
  admin: { email: "admin@acme.test", name: "Avery Admin", password: "tollgate-admin" },
  member: { email: "member@acme.test", name: "Morgan Member", password: "tollgate-member" },
};

runScript(async () => {
  await migrateConfiguredDatabase();
  const { database } = await connectDb();
  try {
    const client = await db();
    const existing = await client.account.findUnique({ where: { slug: DEMO.org.slug } });
    if (!existing) {
      const admin = await createUser(DEMO.admin);
      const member = await createUser(DEMO.member);
      const { account } = await createOrganizationFor(admin.id, DEMO.org);
      await addMember(account.id, member.id, "MEMBER");
      console.log(`Seeded ${describeTarget(database.target)} with the demo organization "${DEMO.org.name}" (/${DEMO.org.slug}).`);
    } else {
      console.log(`The demo organization already exists in ${describeTarget(database.target)}.`);
    }
    console.log("\n  Admin:  %s / %s\n  Member: %s / %s\n", DEMO.admin.email, DEMO.admin.password, DEMO.member.email, DEMO.member.password);
  } finally {
    await closeDb();
  }
});
