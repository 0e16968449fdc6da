-- CreateTable
CREATE TABLE "metering_quarantine" (
    "generation_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "record" JSONB NOT NULL,
    "error" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "metering_quarantine_pkey" PRIMARY KEY ("generation_id")
);

-- CreateIndex
CREATE INDEX "metering_quarantine_created_at_idx" ON "metering_quarantine"("created_at" DESC);
