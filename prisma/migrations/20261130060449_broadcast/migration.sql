-- CreateTable
CREATE TABLE "broadcast_destinations" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "name" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "privacy_mode" BOOLEAN NOT NULL DEFAULT false,
    "sampling_rate" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "regions" JSONB NOT NULL DEFAULT '["global"]',
    "api_key_hashes" JSONB,
    "broadcast_generation_cost" BOOLEAN NOT NULL DEFAULT false,
    "broadcast_generation_identity" BOOLEAN NOT NULL DEFAULT false,
    "broadcast_generation_request_context" BOOLEAN NOT NULL DEFAULT false,
    "filter_rules" JSONB,
    "config" JSONB NOT NULL DEFAULT '{}',
    "secrets_ciphertext" TEXT,
    "secret_hints" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "broadcast_destinations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trace_deliveries" (
    "id" TEXT NOT NULL,
    "destination_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "generation_id" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "latency_ms" INTEGER,
    "delivered_at" TIMESTAMPTZ(3),
    "trace_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "trace_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "broadcast_destinations_account_id_type_idx" ON "broadcast_destinations"("account_id", "type");

-- CreateIndex
CREATE UNIQUE INDEX "trace_deliveries_idempotency_key_key" ON "trace_deliveries"("idempotency_key");

-- CreateIndex
CREATE INDEX "trace_deliveries_status_next_attempt_at_idx" ON "trace_deliveries"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "trace_deliveries_destination_id_trace_at_idx" ON "trace_deliveries"("destination_id", "trace_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "trace_deliveries_destination_id_generation_id_key" ON "trace_deliveries"("destination_id", "generation_id");

-- AddForeignKey
ALTER TABLE "broadcast_destinations" ADD CONSTRAINT "broadcast_destinations_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trace_deliveries" ADD CONSTRAINT "trace_deliveries_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "broadcast_destinations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
