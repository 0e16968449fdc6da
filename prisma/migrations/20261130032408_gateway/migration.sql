-- AlterTable
ALTER TABLE "accounts" ADD COLUMN     "prompt_logging" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "zdr_only" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "is_instance_admin" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "providers" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "base_url" TEXT NOT NULL,
    "api_key_ciphertext" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "retains_data" BOOLEAN NOT NULL DEFAULT true,
    "trains_on_data" BOOLEAN NOT NULL DEFAULT false,
    "is_sandbox" BOOLEAN NOT NULL DEFAULT false,
    "timeout_ms" INTEGER NOT NULL DEFAULT 60000,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "providers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "models" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "context_length" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "models_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_endpoints" (
    "id" TEXT NOT NULL,
    "model_id" TEXT NOT NULL,
    "provider_id" TEXT NOT NULL,
    "upstream_model" TEXT NOT NULL,
    "prompt_price_micros" BIGINT NOT NULL,
    "completion_price_micros" BIGINT NOT NULL,
    "cached_price_micros" BIGINT,
    "context_length" INTEGER NOT NULL,
    "max_completion_tokens" INTEGER,
    "supports_tools" BOOLEAN NOT NULL DEFAULT true,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "model_endpoints_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "generations" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "api_key_id" TEXT,
    "key_creator_id" TEXT,
    "end_user" TEXT,
    "model" TEXT NOT NULL,
    "provider_slug" TEXT,
    "endpoint_id" TEXT,
    "upstream_id" TEXT,
    "status" INTEGER NOT NULL,
    "finish_reason" TEXT,
    "prompt_tokens" INTEGER NOT NULL DEFAULT 0,
    "completion_tokens" INTEGER NOT NULL DEFAULT 0,
    "reasoning_tokens" INTEGER NOT NULL DEFAULT 0,
    "cached_tokens" INTEGER NOT NULL DEFAULT 0,
    "cost_micros" BIGINT NOT NULL DEFAULT 0,
    "upstream_cost_micros" BIGINT NOT NULL DEFAULT 0,
    "is_byok" BOOLEAN NOT NULL DEFAULT false,
    "zdr" BOOLEAN NOT NULL DEFAULT false,
    "streamed" BOOLEAN NOT NULL DEFAULT false,
    "cancelled" BOOLEAN NOT NULL DEFAULT false,
    "latency_ms" INTEGER,
    "generation_time_ms" INTEGER,
    "attempts" JSONB NOT NULL DEFAULT '[]',
    "error_message" TEXT,
    "request_body" JSONB,
    "response_body" JSONB,
    "http_referer" TEXT,
    "user_agent" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "generations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "endpoint_health_buckets" (
    "endpoint_id" TEXT NOT NULL,
    "bucket_start" TIMESTAMPTZ(3) NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "latency_samples" JSONB NOT NULL DEFAULT '[]',
    "ttft_samples" JSONB NOT NULL DEFAULT '[]',
    "output_tokens" BIGINT NOT NULL DEFAULT 0,
    "generation_ms" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "endpoint_health_buckets_pkey" PRIMARY KEY ("endpoint_id","bucket_start")
);

-- CreateIndex
CREATE UNIQUE INDEX "providers_slug_key" ON "providers"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "models_slug_key" ON "models"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "model_endpoints_model_id_provider_id_key" ON "model_endpoints"("model_id", "provider_id");

-- CreateIndex
CREATE INDEX "generations_account_id_created_at_idx" ON "generations"("account_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "generations_api_key_id_created_at_idx" ON "generations"("api_key_id", "created_at");

-- CreateIndex
CREATE INDEX "endpoint_health_buckets_bucket_start_idx" ON "endpoint_health_buckets"("bucket_start");

-- AddForeignKey
ALTER TABLE "model_endpoints" ADD CONSTRAINT "model_endpoints_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_endpoints" ADD CONSTRAINT "model_endpoints_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "endpoint_health_buckets" ADD CONSTRAINT "endpoint_health_buckets_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "model_endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;
