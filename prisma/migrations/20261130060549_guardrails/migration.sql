-- AlterTable
ALTER TABLE "accounts" ADD COLUMN     "credit_reserved_micros" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "guardrails" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "limit_micros" BIGINT,
    "reset_interval" "ResetInterval",
    "include_byok_in_budgets" BOOLEAN NOT NULL DEFAULT false,
    "allowed_models" JSONB,
    "allowed_providers" JSONB,
    "ignored_models" JSONB,
    "ignored_providers" JSONB,
    "enforce_zdr" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "guardrails_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "guardrail_key_assignments" (
    "id" TEXT NOT NULL,
    "guardrail_id" TEXT NOT NULL,
    "api_key_id" TEXT NOT NULL,
    "assigned_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "guardrail_key_assignments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "guardrail_member_assignments" (
    "id" TEXT NOT NULL,
    "guardrail_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "assigned_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "guardrail_member_assignments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "budget_counters" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "limit_micros" BIGINT NOT NULL,
    "used_micros" BIGINT NOT NULL DEFAULT 0,
    "reserved_micros" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "budget_counters_pkey" PRIMARY KEY ("key","window_start")
);

-- CreateTable
CREATE TABLE "budget_reservations" (
    "generation_id" TEXT NOT NULL,
    "counter_key" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "amount_micros" BIGINT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "budget_reservations_pkey" PRIMARY KEY ("generation_id","counter_key")
);

-- CreateIndex
CREATE INDEX "guardrails_account_id_created_at_idx" ON "guardrails"("account_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "guardrail_key_assignments_api_key_id_key" ON "guardrail_key_assignments"("api_key_id");

-- CreateIndex
CREATE INDEX "guardrail_key_assignments_guardrail_id_created_at_idx" ON "guardrail_key_assignments"("guardrail_id", "created_at");

-- CreateIndex
CREATE INDEX "guardrail_member_assignments_account_id_user_id_idx" ON "guardrail_member_assignments"("account_id", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "guardrail_member_assignments_guardrail_id_user_id_key" ON "guardrail_member_assignments"("guardrail_id", "user_id");

-- CreateIndex
CREATE INDEX "budget_reservations_expires_at_idx" ON "budget_reservations"("expires_at");

-- AddForeignKey
ALTER TABLE "guardrails" ADD CONSTRAINT "guardrails_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "guardrail_key_assignments" ADD CONSTRAINT "guardrail_key_assignments_guardrail_id_fkey" FOREIGN KEY ("guardrail_id") REFERENCES "guardrails"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "guardrail_key_assignments" ADD CONSTRAINT "guardrail_key_assignments_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_keys"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "guardrail_member_assignments" ADD CONSTRAINT "guardrail_member_assignments_guardrail_id_fkey" FOREIGN KEY ("guardrail_id") REFERENCES "guardrails"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "guardrail_member_assignments" ADD CONSTRAINT "guardrail_member_assignments_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The key limits become budget counters: start each key's counter of the current window from what
-- its generations already spent (as the limit counted before), so no key regains spent budget.
INSERT INTO "budget_counters" ("key", "window_start", "limit_micros", "used_micros", "reserved_micros", "updated_at")
SELECT 'k:' || k."id", w."ws", k."limit_micros",
  COALESCE(SUM(CASE WHEN g."is_byok" THEN (CASE WHEN k."include_byok_in_limit" THEN g."upstream_cost_micros" ELSE 0 END) ELSE g."cost_micros" END), 0)::bigint,
  0, CURRENT_TIMESTAMP
FROM "api_keys" k
CROSS JOIN LATERAL (
  SELECT CASE k."limit_reset"
    WHEN 'DAILY' THEN date_trunc('day', CURRENT_TIMESTAMP AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
    WHEN 'WEEKLY' THEN date_trunc('week', CURRENT_TIMESTAMP AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
    WHEN 'MONTHLY' THEN date_trunc('month', CURRENT_TIMESTAMP AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
    ELSE TIMESTAMPTZ '1970-01-01 00:00:00+00'
  END AS "ws"
) w
LEFT JOIN "generations" g ON g."api_key_id" = k."id" AND g."created_at" >= w."ws"
WHERE k."limit_micros" IS NOT NULL
GROUP BY k."id", w."ws", k."limit_micros";
