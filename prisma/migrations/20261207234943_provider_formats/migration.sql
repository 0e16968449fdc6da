-- AlterTable
ALTER TABLE "generations" ADD COLUMN     "cache_write_tokens" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "usage_estimated" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "model_endpoints" ADD COLUMN     "cache_write_price_micros" BIGINT,
ADD COLUMN     "supported_parameters" JSONB;

-- AlterTable
ALTER TABLE "providers" ADD COLUMN     "api_format" TEXT NOT NULL DEFAULT 'openai',
ADD COLUMN     "config" JSONB NOT NULL DEFAULT '{}';
