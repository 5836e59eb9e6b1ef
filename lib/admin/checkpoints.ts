import { z } from "zod";
import type { PrismaClient } from "../db/client";
import { conflict, notFound } from "../service/errors";

/**
 * The metrics a checkpoint may carry. Every field is optional: version 0
 * has no loss, a rollback copies the metrics of the version it restores,
 * and the trainer may add fields this console does not know yet.
 */
const metricsSchema = z
  .object({
    kl: z.number().nullish(),
    klPerPrompt: z.array(z.number()).nullish(),
    lossBefore: z.number().nullish(),
    lossAfter: z.number().nullish(),
    newAnswers: z.number().nullish(),
    shares: z
      .array(z.object({ type: z.string(), modelShare: z.number(), targetShare: z.number() }))
      .nullish(),
  })
  .catch({});

export interface CheckpointSummary {
  version: number;
  createdAt: string;
  answersLearned: number;
  rolledBackFrom: number | null;
  /** KL(target || model) averaged over prompts (nats), if measured. */
  kl: number | null;
  klPerPrompt: number[];
  /** Mean choice loss on the round's new answers before and after training. */
  lossBefore: number | null;
  lossAfter: number | null;
  newAnswers: number | null;
  shares: { type: string; modelShare: number; targetShare: number }[];
}

/**
 * Every published version, oldest first, without weights: what the curves
 * over versions are drawn from.
 */
export async function listCheckpoints(prisma: PrismaClient): Promise<CheckpointSummary[]> {
  const rows = await prisma.checkpoint.findMany({
    orderBy: { version: "asc" },
    select: {
      version: true,
      createdAt: true,
      answersLearned: true,
      rolledBackFrom: true,
      metrics: true,
    },
  });
  return rows.map((row) => {
    const metrics = metricsSchema.parse(row.metrics ?? {});
    return {
      version: row.version,
      createdAt: row.createdAt.toISOString(),
      answersLearned: row.answersLearned,
      rolledBackFrom: row.rolledBackFrom,
      kl: metrics.kl ?? null,
      klPerPrompt: metrics.klPerPrompt ?? [],
      lossBefore: metrics.lossBefore ?? null,
      lossAfter: metrics.lossAfter ?? null,
      newAnswers: metrics.newAnswers ?? null,
      shares: metrics.shares ?? [],
    };
  });
}

export interface RollbackResult {
  version: number;
  rolledBackFrom: number;
}

/**
 * Rolls the model back to an older version by publishing a NEW version
 * with that version's weights (nothing is deleted, so the history stays
 * whole and the rollback can itself be undone). The copy keeps the old
 * version's metrics and its count of answers learned, since those describe
 * the weights. Answers learned after it stay marked learned, so the trainer
 * does not learn them again as new (it may still replay them).
 * @throws 404 for an unknown version, 409 when a trainer published a
 *   version at the same moment (try again).
 */
export async function rollbackToVersion(
  prisma: PrismaClient,
  version: number,
): Promise<RollbackResult> {
  const source = await prisma.checkpoint.findUnique({ where: { version } });
  if (!source) throw notFound("checkpoint_not_found", `There is no model version ${version}.`);

  const latest = await prisma.checkpoint.findFirstOrThrow({
    orderBy: { version: "desc" },
    select: { version: true },
  });
  const next = latest.version + 1;
  const metrics = typeof source.metrics === "object" && source.metrics ? source.metrics : {};
  try {
    await prisma.checkpoint.create({
      data: {
        version: next,
        worldKey: source.worldKey,
        weights: source.weights,
        answersLearned: source.answersLearned,
        rolledBackFrom: source.version,
        metrics: { ...metrics, lossBefore: null, lossAfter: null, newAnswers: 0 },
      },
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") {
      throw conflict("version_taken", "A new model version was published meanwhile; try again.");
    }
    throw error;
  }
  return { version: next, rolledBackFrom: source.version };
}
