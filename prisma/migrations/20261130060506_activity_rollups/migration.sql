-- CreateTable
CREATE TABLE "usage_rollups" (
    "account_id" TEXT NOT NULL,
    "granularity" CHAR(1) NOT NULL,
    "bucket_start" TIMESTAMPTZ(3) NOT NULL,
    "api_key_id" TEXT NOT NULL DEFAULT '',
    "creator_id" TEXT NOT NULL DEFAULT '',
    "model" TEXT NOT NULL DEFAULT '',
    "provider_slug" TEXT NOT NULL DEFAULT '',
    "endpoint_id" TEXT NOT NULL DEFAULT '',
    "end_user" TEXT NOT NULL DEFAULT '',
    "requests" BIGINT NOT NULL DEFAULT 0,
    "errors" BIGINT NOT NULL DEFAULT 0,
    "prompt_tokens" BIGINT NOT NULL DEFAULT 0,
    "completion_tokens" BIGINT NOT NULL DEFAULT 0,
    "reasoning_tokens" BIGINT NOT NULL DEFAULT 0,
    "cached_tokens" BIGINT NOT NULL DEFAULT 0,
    "cost_micros" BIGINT NOT NULL DEFAULT 0,
    "byok_cost_micros" BIGINT NOT NULL DEFAULT 0,
    "latency_ms_sum" BIGINT NOT NULL DEFAULT 0,
    "latency_count" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "usage_rollups_pkey" PRIMARY KEY ("account_id","granularity","bucket_start","api_key_id","creator_id","model","provider_slug","endpoint_id","end_user")
);

-- CreateIndex
CREATE INDEX "usage_rollups_account_id_granularity_creator_id_bucket_star_idx" ON "usage_rollups"("account_id", "granularity", "creator_id", "bucket_start");

-- CreateIndex
CREATE INDEX "generations_account_id_key_creator_id_created_at_idx" ON "generations"("account_id", "key_creator_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "generations_account_id_model_created_at_idx" ON "generations"("account_id", "model", "created_at" DESC);

-- CreateIndex
CREATE INDEX "generations_account_id_provider_slug_created_at_idx" ON "generations"("account_id", "provider_slug", "created_at" DESC);

-- CreateIndex
CREATE INDEX "generations_account_id_end_user_created_at_idx" ON "generations"("account_id", "end_user", "created_at" DESC);

-- CreateIndex
CREATE INDEX "generations_account_id_status_created_at_idx" ON "generations"("account_id", "status", "created_at" DESC);
