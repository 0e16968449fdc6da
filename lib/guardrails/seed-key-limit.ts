// A key's own limit is a budget counter. When a limit is set or its window changes, the counter of
// the current window starts from what the key already spent in it (as the limit counted before it
// was a counter); an existing counter is left alone (it already counts every settled request).
import { db } from "../db";
import { usageAgainstLimit, type KeyUsage } from "../services/api-keys/key-usage";
import { counterKeyFor, budgetWindow } from "./merge";
import { toResetWindow } from "./load-rules";

export async function seedKeyLimitCounter(
  key: { id: string; spendLineId: string | null; limitMicros: bigint | null; limitReset: "DAILY" | "WEEKLY" | "MONTHLY" | null; includeByokInLimit: boolean },
  usage: KeyUsage,
  now = new Date(),
): Promise<void> {
  if (key.limitMicros === null) return;
  const { start } = budgetWindow(toResetWindow(key.limitReset), now);
  await (await db()).$executeRaw`
    INSERT INTO budget_counters (key, window_start, limit_micros, used_micros, reserved_micros, updated_at)
    VALUES (${counterKeyFor.keyLimit(key.spendLineId ?? key.id)}::text, ${start}::timestamptz, ${key.limitMicros}::bigint, ${usageAgainstLimit(usage, key)}::bigint, 0, ${now}::timestamptz)
    ON CONFLICT (key, window_start) DO NOTHING`;
}
