// GET /api/health – liveness and database reachability, for load balancers and the start script
import { connection, NextResponse } from "next/server";
import { checkDatabase } from "@/lib/services/system/check-database";

export async function GET() {
  await connection();
  const ok = await checkDatabase();
  return NextResponse.json({ status: ok ? "ok" : "degraded", database: ok }, { status: ok ? 200 : 503 });
}
