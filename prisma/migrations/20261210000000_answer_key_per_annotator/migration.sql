-- Idempotency keys are chosen by each annotator's client, so they are
-- unique per annotator: a key another annotator used neither finds nor
-- blocks their answer (issue 8).

-- DropIndex
DROP INDEX "Answer_idempotencyKey_key";

-- CreateIndex
CREATE UNIQUE INDEX "Answer_annotatorId_idempotencyKey_key" ON "Answer"("annotatorId", "idempotencyKey");
