import type { PrismaClient } from "../db/client";
import type { World } from "../didactic/world";
import { evaluateInclusiveFit } from "../learning/evaluate";
import { initBackend } from "../model/backend";
import { PreferenceLM, type ChoiceExample } from "../model/preference-lm";
import { trainRound } from "../learning/train-round";
import { createRng } from "../util/random";
import { logger } from "../util/logger";

export interface TrainerOptions {
  /** Train only once at least this many unlearned answers are waiting. */
  minNewAnswers?: number;
  /** Unlearned answers consumed per round at most. */
  maxNewAnswers?: number;
  /** Gradient steps per round. */
  stepsPerRound?: number;
  /** Choices per gradient step: half new answers, half replay. */
  batchSize?: number;
  /** Most recent learned answers kept in the replay buffer. */
  replayLimit?: number;
  seed?: number | string;
}

export interface TrainingRound {
  version: number;
  newAnswers: number;
  lossBefore: number;
  lossAfter: number;
  kl: number;
  durationMs: number;
}

const answerInclude = {
  comparison: {
    select: {
      prompt: { select: { index: true } },
      leftResponse: { select: { tokens: true } },
      rightResponse: { select: { tokens: true } },
    },
  },
} as const;

/**
 * One training round: learns from every stored answer the newest model has
 * not seen yet (plus replay of past answers), then publishes the result as
 * the next model version and marks those answers learned, in one
 * transaction. If another trainer published first, the round is discarded,
 * so an answer is never learned twice. Returns null when there was too
 * little new to learn from.
 */
export async function trainPending(
  prisma: PrismaClient,
  world: World,
  options: TrainerOptions = {},
): Promise<TrainingRound | null> {
  const {
    minNewAnswers = 1,
    maxNewAnswers = 1000,
    stepsPerRound = 20,
    batchSize = 64,
    replayLimit = 5000,
  } = options;
  const started = Date.now();
  await initBackend();

  const pending = await prisma.answer.findMany({
    where: { learnedInVersion: null },
    orderBy: { id: "asc" },
    take: maxNewAnswers,
    include: answerInclude,
  });
  if (pending.length < minNewAnswers || pending.length === 0) return null;

  const latest = await prisma.checkpoint.findFirstOrThrow({ orderBy: { version: "desc" } });
  const version = latest.version + 1;
  const fresh = pending.flatMap(toExample);
  const replay = (
    await prisma.answer.findMany({
      where: { learnedInVersion: { not: null } },
      orderBy: { id: "desc" },
      take: replayLimit,
      include: answerInclude,
    })
  ).flatMap(toExample);

  const model = PreferenceLM.deserialize(latest.weights);
  try {
    const lossBefore = model.evaluateChoiceLoss(fresh);
    const rng = createRng(`train:${options.seed ?? "live"}:${version}`);
    trainRound(model, fresh, replay, rng, { steps: stepsPerRound, batchSize });
    const lossAfter = model.evaluateChoiceLoss(fresh);
    const fit = evaluateInclusiveFit(world, model);
    const learnedBefore = latest.answersLearned;

    await prisma.$transaction(async (tx) => {
      await tx.checkpoint.create({
        data: {
          version,
          worldKey: world.key,
          weights: Buffer.from(model.serialize()),
          answersLearned: learnedBefore + pending.length,
          metrics: {
            lossBefore: finite(lossBefore),
            lossAfter: finite(lossAfter),
            kl: fit.kl,
            klPerPrompt: fit.klPerPrompt,
            shares: fit.shares,
            newAnswers: pending.length,
          },
        },
      });
      const marked = await tx.answer.updateMany({
        where: { id: { in: pending.map((a) => a.id) }, learnedInVersion: null },
        data: { learnedInVersion: version },
      });
      if (marked.count !== pending.length) {
        throw new Error("Answers were learned by another trainer during this round");
      }
    });

    const round = {
      version,
      newAnswers: pending.length,
      lossBefore,
      lossAfter,
      kl: fit.kl,
      durationMs: Date.now() - started,
    };
    logger.info(round, "model version published");
    return round;
  } finally {
    model.dispose();
  }
}

function toExample(answer: {
  outcome: string;
  comparison: {
    prompt: { index: number };
    leftResponse: { tokens: number[] };
    rightResponse: { tokens: number[] };
  };
}): ChoiceExample[] {
  const pLeft = { LEFT: 1, RIGHT: 0, TIE: 0.5 }[answer.outcome];
  if (pLeft === undefined) return []; // a skip says nothing about preference
  return [
    {
      prompt: answer.comparison.prompt.index,
      left: answer.comparison.leftResponse.tokens,
      right: answer.comparison.rightResponse.tokens,
      pLeft,
    },
  ];
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
