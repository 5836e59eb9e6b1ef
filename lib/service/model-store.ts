import type { PrismaClient } from "../db/client";
import { initBackend } from "../model/backend";
import { PreferenceLM } from "../model/preference-lm";
import { pretrainModel } from "../learning/pretrain";
import { evaluateInclusiveFit } from "../learning/evaluate";
import type { World } from "../didactic/world";
import { logger } from "../util/logger";

/** Advisory-lock key for one-off start-up work (pretraining v0). */
const BOOTSTRAP_LOCK = 7_401_001;

export interface LoadedModel {
  version: number;
  model: PreferenceLM;
}

/**
 * Keeps the newest published checkpoint in memory. `current()` checks the
 * database for a newer version at most every `refreshMs`, so every app
 * instance follows the trainer within that delay.
 */
export class ModelStore {
  private loaded: LoadedModel | null = null;
  private checkedAt = 0;
  private pending: Promise<LoadedModel> | null = null;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly refreshMs = 500,
  ) {}

  async current(): Promise<LoadedModel> {
    if (this.loaded && Date.now() - this.checkedAt < this.refreshMs) return this.loaded;
    this.pending ??= this.refresh().finally(() => (this.pending = null));
    return this.pending;
  }

  private async refresh(): Promise<LoadedModel> {
    await initBackend();
    const latest = await this.prisma.checkpoint.findFirst({
      orderBy: { version: "desc" },
      select: { version: true },
    });
    if (!latest) throw new Error("No model checkpoint yet: the model was not bootstrapped");
    this.checkedAt = Date.now();
    if (this.loaded?.version === latest.version) return this.loaded;

    const row = await this.prisma.checkpoint.findUniqueOrThrow({
      where: { version: latest.version },
      select: { version: true, weights: true },
    });
    const next = { version: row.version, model: PreferenceLM.deserialize(row.weights) };
    this.loaded?.model.dispose();
    this.loaded = next;
    return next;
  }

  /** Drops the cached model (tests, shutdown). */
  dispose(): void {
    this.loaded?.model.dispose();
    this.loaded = null;
  }
}

/**
 * Prepares a database for a world: its prompts, and checkpoint version 0 (the
 * pretrained model) if there is none. Several processes may call this at
 * once; an advisory lock makes exactly one of them pretrain.
 */
export async function bootstrapWorld(prisma: PrismaClient, world: World): Promise<void> {
  await initBackend();
  await prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`;
      for (const [index, text] of world.prompts.entries()) {
        await tx.prompt.upsert({
          where: { worldKey_index: { worldKey: world.key, index } },
          update: { text },
          create: { worldKey: world.key, index, text },
        });
      }
      const existing = await tx.checkpoint.findFirst({ select: { worldKey: true } });
      if (existing && existing.worldKey !== world.key) {
        throw new Error(
          `This database holds a model of world "${existing.worldKey}", not "${world.key}". ` +
            `Use another database for another world (DATABASE_URL, or CHORUS_DATA_DIR).`,
        );
      }
      if (existing) return;

      const started = Date.now();
      const model = pretrainModel(world, { seed: 0 });
      const fit = evaluateInclusiveFit(world, model);
      await tx.checkpoint.create({
        data: {
          version: 0,
          worldKey: world.key,
          weights: Buffer.from(model.serialize()),
          answersLearned: 0,
          metrics: { kl: fit.kl, shares: fit.shares, pretrainMs: Date.now() - started },
        },
      });
      model.dispose();
      logger.info({ kl: fit.kl, ms: Date.now() - started }, "pretrained model published as v0");
    },
    { timeout: 120_000, maxWait: 120_000 },
  );
}
