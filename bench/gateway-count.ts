// Counts the generation records of one account after a bench run (the server must be stopped when
// the database is embedded). Prints one line `BENCH_COUNT {json}`.
//   tsx bench/gateway-count.ts <accountId>
import { closeDb, connectDb, db } from "../lib/db";
import { runScript } from "../scripts/run-script";

runScript(async () => {
  const accountId = process.argv[2];
  if (!accountId) throw new Error("usage: tsx bench/gateway-count.ts <accountId>");
  await connectDb();
  try {
    const client = await db();
    const byStatus = await client.generation.groupBy({ by: ["status"], where: { accountId }, _count: { _all: true } });
    const account = await client.account.findUniqueOrThrow({ where: { id: accountId }, select: { creditBalanceMicros: true, creditReservedMicros: true } });
    // After a graceful shutdown no budget may stay held (the server gives its leases back).
    const holds = await client.budgetReservation.count();
    const cost = await client.generation.aggregate({ where: { accountId }, _sum: { costMicros: true } });
    const statuses = Object.fromEntries(byStatus.map((r) => [String(r.status), r._count._all]));
    const total = byStatus.reduce((n, r) => n + r._count._all, 0);
    console.log(
      `BENCH_COUNT ${JSON.stringify({ total, statuses, costMicros: String(cost._sum.costMicros ?? 0n), balanceMicros: String(account.creditBalanceMicros), reservedMicros: String(account.creditReservedMicros), holds })}`,
    );
  } finally {
    await closeDb();
  }
});
