-- Comparisons as leases (issue 4 item 4, issue 5): a comparison can be
-- handed to several annotators (overlap), each holding their own lease.
-- Written with `prisma migrate diff`, the backfill steps by hand. NOTE: no
-- semicolons in comments: the JavaScript schema engine splits on them.

-- CreateTable
CREATE TABLE "Lease" (
    "id" SERIAL NOT NULL,
    "comparisonId" TEXT NOT NULL,
    "annotatorId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Lease_pkey" PRIMARY KEY ("id")
);

-- Backfill: every existing comparison's single lease becomes a Lease row.
INSERT INTO "Lease" ("comparisonId", "annotatorId", "createdAt", "expiresAt")
SELECT "id", "annotatorId", "createdAt", "leaseExpiresAt" FROM "Comparison";

-- AlterTable
ALTER TABLE "Comparison" DROP COLUMN "leaseExpiresAt",
ADD COLUMN     "nonSkipAnswers" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "sidesSwapped" BOOLEAN;

-- Backfill: answers already stored, skips excepted.
UPDATE "Comparison" AS c
SET "nonSkipAnswers" = counted.n
FROM (
    SELECT "comparisonId", count(*)::int AS n FROM "Answer"
    WHERE "outcome" <> 'SKIP' GROUP BY "comparisonId"
) AS counted
WHERE counted."comparisonId" = c."id";

-- CreateIndex
CREATE INDEX "Lease_annotatorId_expiresAt_idx" ON "Lease"("annotatorId", "expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Lease_comparisonId_annotatorId_key" ON "Lease"("comparisonId", "annotatorId");

-- CreateIndex
CREATE INDEX "Comparison_runId_nonSkipAnswers_createdAt_idx" ON "Comparison"("runId", "nonSkipAnswers", "createdAt");

-- AddForeignKey
ALTER TABLE "Lease" ADD CONSTRAINT "Lease_comparisonId_fkey" FOREIGN KEY ("comparisonId") REFERENCES "Comparison"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lease" ADD CONSTRAINT "Lease_annotatorId_fkey" FOREIGN KEY ("annotatorId") REFERENCES "Annotator"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
