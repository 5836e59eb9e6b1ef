-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "AnnotatorKind" AS ENUM ('HUMAN', 'SIMULATED');

-- CreateEnum
CREATE TYPE "Outcome" AS ENUM ('LEFT', 'RIGHT', 'TIE', 'SKIP');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('RUNNING', 'DONE', 'FAILED', 'STOPPED');

-- CreateTable
CREATE TABLE "Prompt" (
    "id" SERIAL NOT NULL,
    "worldKey" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "Prompt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Response" (
    "id" SERIAL NOT NULL,
    "promptId" INTEGER NOT NULL,
    "tokens" INTEGER[],
    "text" TEXT NOT NULL,

    CONSTRAINT "Response_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Annotator" (
    "id" TEXT NOT NULL,
    "kind" "AnnotatorKind" NOT NULL,
    "displayName" TEXT,
    "simulatedType" TEXT,
    "runId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Annotator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Comparison" (
    "id" TEXT NOT NULL,
    "promptId" INTEGER NOT NULL,
    "leftResponseId" INTEGER NOT NULL,
    "rightResponseId" INTEGER NOT NULL,
    "annotatorId" TEXT NOT NULL,
    "policy" TEXT NOT NULL,
    "acquisitionScore" DOUBLE PRECISION NOT NULL,
    "modelVersion" INTEGER NOT NULL,
    "runId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseExpiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Comparison_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Answer" (
    "id" SERIAL NOT NULL,
    "comparisonId" TEXT NOT NULL,
    "annotatorId" TEXT NOT NULL,
    "outcome" "Outcome" NOT NULL,
    "reason" TEXT,
    "latencyMs" INTEGER,
    "idempotencyKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "learnedInVersion" INTEGER,

    CONSTRAINT "Answer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Checkpoint" (
    "id" SERIAL NOT NULL,
    "version" INTEGER NOT NULL,
    "worldKey" TEXT NOT NULL,
    "weights" BYTEA NOT NULL,
    "metrics" JSONB NOT NULL,
    "answersLearned" INTEGER NOT NULL,
    "rolledBackFrom" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Checkpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "SimulationRun" (
    "id" TEXT NOT NULL,
    "policy" TEXT NOT NULL,
    "labels" INTEGER NOT NULL,
    "seed" INTEGER NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'RUNNING',
    "done" INTEGER NOT NULL DEFAULT 0,
    "klStart" DOUBLE PRECISION,
    "klEnd" DOUBLE PRECISION,
    "error" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "SimulationRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Prompt_worldKey_index_key" ON "Prompt"("worldKey", "index");

-- CreateIndex
CREATE UNIQUE INDEX "Response_promptId_text_key" ON "Response"("promptId", "text");

-- CreateIndex
CREATE INDEX "Comparison_annotatorId_createdAt_idx" ON "Comparison"("annotatorId", "createdAt");

-- CreateIndex
CREATE INDEX "Comparison_createdAt_idx" ON "Comparison"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Answer_idempotencyKey_key" ON "Answer"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Answer_learnedInVersion_idx" ON "Answer"("learnedInVersion");

-- CreateIndex
CREATE UNIQUE INDEX "Answer_comparisonId_annotatorId_key" ON "Answer"("comparisonId", "annotatorId");

-- CreateIndex
CREATE UNIQUE INDEX "Checkpoint_version_key" ON "Checkpoint"("version");

-- AddForeignKey
ALTER TABLE "Response" ADD CONSTRAINT "Response_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "Prompt"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comparison" ADD CONSTRAINT "Comparison_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "Prompt"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comparison" ADD CONSTRAINT "Comparison_leftResponseId_fkey" FOREIGN KEY ("leftResponseId") REFERENCES "Response"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comparison" ADD CONSTRAINT "Comparison_rightResponseId_fkey" FOREIGN KEY ("rightResponseId") REFERENCES "Response"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comparison" ADD CONSTRAINT "Comparison_annotatorId_fkey" FOREIGN KEY ("annotatorId") REFERENCES "Annotator"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Answer" ADD CONSTRAINT "Answer_comparisonId_fkey" FOREIGN KEY ("comparisonId") REFERENCES "Comparison"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Answer" ADD CONSTRAINT "Answer_annotatorId_fkey" FOREIGN KEY ("annotatorId") REFERENCES "Annotator"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

