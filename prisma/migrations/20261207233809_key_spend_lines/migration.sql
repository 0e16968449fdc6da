-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "spend_line_id" TEXT;

-- CreateIndex
CREATE INDEX "api_keys_spend_line_id_idx" ON "api_keys"("spend_line_id");

-- CreateIndex
CREATE INDEX "usage_rollups_api_key_id_granularity_bucket_start_idx" ON "usage_rollups"("api_key_id", "granularity", "bucket_start");
