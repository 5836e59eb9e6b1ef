import type { PrismaClient } from "../db/client";
import type { World } from "../didactic/world";
import { evaluateInclusiveFit } from "../learning/evaluate";
import { trainRound } from "../learning/train-round";
import { initBackend } from "../model/backend";
import { PreferenceLM, type ChoiceExample } from "../model/preference-lm";
import { logger } from "../util/logger";
import { createRng, type Rng } from "../util/random";

export interface TrainerOptions {
  /** Train only once at least this many unlearned answers are waiting (>= 1). */
  minNewAnswers?: number;
  /** Unlearned answers consumed per round at most. */
  maxNewAnswers?: number;
  /** Gradient steps per round. */
  stepsPerRound?: number;
  /** Choices per gradient step: half new answers, half replay. */
  batchSize?: number;
  /** Most recent learned choices kept in the replay buffer. */
  replayLimit?: number;
  seed?: number | string;
}

/** What one published model version learned. */
export interface TrainingRound {
  version: number;
  /** Answers first learned in this version (skips included). */
  newAnswers: number;
  /** Training rounds folded into this version. */
  rounds: number;
  /** Choice loss on each round's new answers before that round (prequential). */
  lossBefore: number;
  /** Choice loss on this version's new answers after training. */
  lossAfter: number;
  kl: number;
  /** From the first round of this version to its publication. */
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

/** The trainer's working copy: the model, what it learned, and from where. */
interface WorkingState {
  model: PreferenceLM;
  /** The published version the working copy started from. */
  baseVersion: number;
  baseAnswersLearned: number;
  rng: Rng;
  replay: ChoiceExample[];
  /** Answers trained on since `baseVersion` and not yet published. */
  consumedIds: number[];
  fresh: ChoiceExample[];
  lossBeforeSum: number;
  lossBeforeCount: number;
  rounds: number;
  startedAt: number;
}

/**
 * Learns from answers as they arrive and publishes model versions.
 *
 * The working model stays in memory between rounds (with its optimiser
 * state and a replay buffer of past choices), so a round costs one query
 * for new answers and a few gradient steps. `publish()` writes the working
 * model as the next checkpoint and marks every answer it consumed as learned
 * in that version, in one transaction: an answer is learned exactly once,
 * and a crash before publishing loses only work that the next trainer redoes
 * from the answers, which are still unmarked. If the newest version in the
 * database is not the one the working copy started from (another trainer
 * published, or an admin rolled back), the working copy is discarded and
 * rebuilt from the newest checkpoint.
 */
export class OnlineTrainer {
  private state: WorkingState | null = null;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly world: World,
    private readonly options: TrainerOptions = {},
  ) {
    const { minNewAnswers = 1 } = options;
    if (!(Number.isInteger(minNewAnswers) && minNewAnswers >= 1)) {
      throw new Error(`Expected minNewAnswers to be an integer >= 1, but got ${minNewAnswers}`);
    }
  }

  /** Answers trained on but not yet published. */
  get unpublished(): number {
    return this.state?.consumedIds.length ?? 0;
  }

  /**
   * One round: takes up to `maxNewAnswers` answers that no version has
   * learned yet and this trainer has not consumed, and trains on them with
   * replay. Returns how many answers it consumed (0 when fewer than
   * `minNewAnswers` were waiting).
   */
  async trainRound(): Promise<number> {
    const {
      minNewAnswers = 1,
      maxNewAnswers = 1000,
      stepsPerRound = 20,
      batchSize = 64,
    } = this.options;
    const state = await this.syncWithNewestVersion();

    const pending = await this.prisma.answer.findMany({
      where: { learnedInVersion: null, id: { notIn: state.consumedIds } },
      orderBy: { id: "asc" },
      take: maxNewAnswers,
      include: answerInclude,
    });
    if (pending.length < minNewAnswers || pending.length === 0) return 0;

    logger.debug({ answers: pending.length, base: state.baseVersion }, "training round started");
    const fresh = pending.flatMap(toExample);
    if (fresh.length > 0) {
      state.lossBeforeSum += state.model.evaluateChoiceLoss(fresh) * fresh.length;
      state.lossBeforeCount += fresh.length;
      trainRound(state.model, fresh, state.replay, state.rng, {
        steps: stepsPerRound,
        batchSize,
      });
    }
    this.remember(state, fresh);
    state.consumedIds.push(...pending.map((a) => a.id));
    state.fresh.push(...fresh);
    state.rounds += 1;
    return pending.length;
  }

  /**
   * Publishes the working model as the next version and marks the answers
   * it consumed as learned, in one transaction. Returns null when there was
   * nothing to publish, or when another process published first (the
   * working copy is then discarded; its answers stay unlearned and are
   * trained on again from the newest version).
   */
  async publish(): Promise<TrainingRound | null> {
    const state = this.state;
    if (!state || state.consumedIds.length === 0) return null;

    const version = state.baseVersion + 1;
    const lossBefore = state.lossBeforeSum / state.lossBeforeCount;
    const lossAfter = state.model.evaluateChoiceLoss(state.fresh);
    const fit = evaluateInclusiveFit(this.world, state.model);
    const newAnswers = state.consumedIds.length;
    try {
      await this.prisma.$transaction(async (tx) => {
        await tx.checkpoint.create({
          data: {
            version,
            worldKey: this.world.key,
            weights: Buffer.from(state.model.serialize()),
            answersLearned: state.baseAnswersLearned + newAnswers,
            metrics: {
              lossBefore: finite(lossBefore),
              lossAfter: finite(lossAfter),
              kl: fit.kl,
              klPerPrompt: fit.klPerPrompt,
              shares: fit.shares,
              newAnswers,
              rounds: state.rounds,
              trainMs: Date.now() - state.startedAt,
              replaySize: state.replay.length,
            },
          },
        });
        const marked = await tx.answer.updateMany({
          where: { id: { in: state.consumedIds }, learnedInVersion: null },
          data: { learnedInVersion: version },
        });
        if (marked.count !== newAnswers) throw new PublishConflict();
      });
    } catch (error) {
      this.discard();
      if (error instanceof PublishConflict || isUniqueViolation(error)) {
        logger.warn({ version }, "another process published this version first; retraining");
        return null;
      }
      throw error;
    }

    const round: TrainingRound = {
      version,
      newAnswers,
      rounds: state.rounds,
      lossBefore,
      lossAfter,
      kl: fit.kl,
      durationMs: Date.now() - state.startedAt,
    };
    this.startNextVersion(state, version, state.baseAnswersLearned + newAnswers);
    logger.info(round, "model version published");
    return round;
  }

  /** Frees the working model. The trainer can be used again afterwards. */
  dispose(): void {
    this.discard();
  }

  private discard(): void {
    this.state?.model.dispose();
    this.state = null;
  }

  /** The working copy, rebuilt from the newest checkpoint when it is stale. */
  private async syncWithNewestVersion(): Promise<WorkingState> {
    const newest = await this.prisma.checkpoint.findFirst({
      orderBy: { version: "desc" },
      select: { version: true },
    });
    if (!newest) throw new Error("No model checkpoint yet: the model was not bootstrapped");
    if (this.state?.baseVersion === newest.version) return this.state;

    if (this.state) {
      logger.warn(
        { working: this.state.baseVersion, newest: newest.version },
        "a newer version was published elsewhere; reloading it",
      );
      this.discard();
    }
    await initBackend();
    const row = await this.prisma.checkpoint.findUniqueOrThrow({
      where: { version: newest.version },
      select: { version: true, weights: true, answersLearned: true },
    });
    const replay = await learnedChoices(this.prisma, this.options.replayLimit ?? 5000);
    const model = PreferenceLM.deserialize(row.weights);
    const state: WorkingState = {
      model,
      baseVersion: row.version,
      baseAnswersLearned: row.answersLearned,
      rng: this.rngFor(row.version + 1),
      replay,
      consumedIds: [],
      fresh: [],
      lossBeforeSum: 0,
      lossBeforeCount: 0,
      rounds: 0,
      startedAt: Date.now(),
    };
    this.state = state;
    return state;
  }

  private startNextVersion(state: WorkingState, version: number, answersLearned: number): void {
    Object.assign(state, {
      baseVersion: version,
      baseAnswersLearned: answersLearned,
      rng: this.rngFor(version + 1),
      consumedIds: [],
      fresh: [],
      lossBeforeSum: 0,
      lossBeforeCount: 0,
      rounds: 0,
      startedAt: Date.now(),
    });
  }

  /** Adds learned choices to the replay buffer, keeping the newest. */
  private remember(state: WorkingState, fresh: ChoiceExample[]): void {
    const limit = this.options.replayLimit ?? 5000;
    state.replay.push(...fresh);
    if (state.replay.length > limit) state.replay.splice(0, state.replay.length - limit);
  }

  private rngFor(version: number): Rng {
    return createRng(`train:${this.options.seed ?? "live"}:${version}`);
  }
}

/**
 * One round and its publication: learns from every stored answer the
 * newest model has not seen yet (plus replay of past answers) and publishes
 * the result as the next version. Returns null when there was too little
 * new to learn from, or another trainer published first. Simulations and
 * tests call this; the live trainer keeps an `OnlineTrainer` instead.
 */
export async function trainPending(
  prisma: PrismaClient,
  world: World,
  options: TrainerOptions = {},
): Promise<TrainingRound | null> {
  const trainer = new OnlineTrainer(prisma, world, options);
  try {
    const consumed = await trainer.trainRound();
    return consumed > 0 ? await trainer.publish() : null;
  } finally {
    trainer.dispose();
  }
}

/**
 * The choices of the `limit` most recently learned answers, oldest first
 * (skips carry no preference and are left out): the replay buffer.
 */
export async function learnedChoices(
  prisma: PrismaClient,
  limit: number,
): Promise<ChoiceExample[]> {
  const learned = await prisma.answer.findMany({
    where: { learnedInVersion: { not: null } },
    orderBy: { id: "desc" },
    take: limit,
    include: answerInclude,
  });
  return learned.reverse().flatMap(toExample);
}

class PublishConflict extends Error {
  constructor() {
    super("Answers were learned by another trainer during this round");
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === "P2002";
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
