-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "external_key_hash" TEXT,
ADD COLUMN     "external_user" TEXT,
ADD COLUMN     "request_count" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "byok_keys" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "creator_user_id" TEXT,
    "provider" TEXT NOT NULL,
    "name" TEXT,
    "label" TEXT NOT NULL,
    "secret_ciphertext" TEXT NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "is_fallback" BOOLEAN NOT NULL DEFAULT false,
    "is_required" BOOLEAN NOT NULL DEFAULT false,
    "is_byok_only" BOOLEAN NOT NULL DEFAULT false,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "allowed_models" JSONB,
    "allowed_api_key_hashes" JSONB,
    "allowed_user_ids" JSONB,
    "declared_zdr" BOOLEAN,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "byok_keys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "byok_keys_account_id_provider_sort_order_idx" ON "byok_keys"("account_id", "provider", "sort_order");

-- AddForeignKey
ALTER TABLE "byok_keys" ADD CONSTRAINT "byok_keys_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
