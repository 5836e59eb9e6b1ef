import type { PrismaClient } from "../db/client";
import { initBackend } from "../model/backend";
import { PreferenceLM } from "../model/preference-lm";
import { pretrainModel } from "../learning/pretrain";
import { evaluateInclusiveFit } from "../learning/evaluate";
import { responseText, responseTokens, type World } from "../didactic/world";
import { logger } from "../util/logger";

/** Advisory-lock key for one-off start-up work (pretraining v0). */
const BOOTSTRAP_LOCK = 7_401_001;

/** Worlds with at most this many responses per prompt store them all. */
const MAX_STORED_RESPONSES = 10_000;

export interface LoadedModel {
  version: number;
  model: PreferenceLM;
}

/** How long a replaced model stays usable by requests that already hold it. */
const RETIRE_MS = 10_000;

/**
 * Keeps the newest published checkpoint in memory, so every app instance
 * follows the trainer within about `refreshMs` (>= 0).
 *
 * With `refreshMs > 0` (the app) no request waits for that check: a timer
 * looks for a newer version every `refreshMs` and swaps it in, and
 * `current()` returns the loaded model at once (only the very first call
 * waits for a model). A replaced model is disposed `RETIRE_MS` later, since
 * a request may still hold it. With `refreshMs` 0 (simulations, tests)
 * every call checks the database first and returns the newest version.
 */
export class ModelStore {
  private loaded: LoadedModel | null = null;
  private checkedAt = 0;
  private refreshing: Promise<LoadedModel> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failing = false;
  private readonly retired = new Set<{ model: PreferenceLM; timer: NodeJS.Timeout }>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly refreshMs = 500,
  ) {
    if (!(refreshMs >= 0)) throw new Error(`Expected refreshMs >= 0, but got ${refreshMs}`);
  }

  async current(): Promise<LoadedModel> {
    const loaded = this.loaded;
    if (!loaded || this.refreshMs === 0) return this.refresh();
    this.timer ??= setInterval(() => this.refreshInBackground(), this.refreshMs).unref();
    // The timer may starve on a saturated event loop: a request then asks.
    if (Date.now() - this.checkedAt > 4 * this.refreshMs) this.refreshInBackground();
    return loaded;
  }

  /** Refreshes, logging only when refreshes start or stop failing. */
  private refreshInBackground(): void {
    this.refresh().then(
      () => {
        if (this.failing) logger.info("model refresh works again");
        this.failing = false;
      },
      (error) => {
        if (!this.failing) {
          logger.warn({ err: error, version: this.loaded?.version }, "model refresh failing");
        }
        this.failing = true;
      },
    );
  }

  /** Checks for a newer version now and loads it; one check at a time. */
  refresh(): Promise<LoadedModel> {
    this.refreshing ??= this.loadNewest().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async loadNewest(): Promise<LoadedModel> {
    await initBackend();
    // Counted from the start, so a failing database is retried at most
    // every refreshMs rather than by every request.
    this.checkedAt = Date.now();
    const latest = await this.prisma.checkpoint.findFirst({
      orderBy: { version: "desc" },
      select: { version: true },
    });
    if (!latest) throw new Error("No model checkpoint yet: the model was not bootstrapped");
    if (this.loaded?.version === latest.version) return this.loaded;

    const row = await this.prisma.checkpoint.findUniqueOrThrow({
      where: { version: latest.version },
      select: { version: true, weights: true },
    });
    const next = { version: row.version, model: PreferenceLM.deserialize(row.weights) };
    if (this.loaded) this.retire(this.loaded.model);
    this.loaded = next;
    logger.debug({ version: next.version }, "model version loaded");
    return next;
  }

  private retire(model: PreferenceLM): void {
    if (this.refreshMs === 0) return model.dispose();
    const entry = {
      model,
      timer: setTimeout(() => {
        model.dispose();
        this.retired.delete(entry);
      }, RETIRE_MS).unref(),
    };
    this.retired.add(entry);
  }

  /** Drops every cached model and stops refreshing (tests, shutdown). */
  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const { model, timer } of this.retired) {
      clearTimeout(timer);
      model.dispose();
    }
    this.retired.clear();
    this.loaded?.model.dispose();
    this.loaded = null;
  }
}

/**
 * Prepares a database for a world: its prompts, its responses (all of them,
 * in a small world), and checkpoint version 0 (the pretrained model) if
 * there is none. Several processes may call this at
 * once; an advisory lock makes exactly one of them pretrain.
 */
export async function bootstrapWorld(prisma: PrismaClient, world: World): Promise<void> {
  await initBackend();
  await prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`;
      for (const [index, text] of world.prompts.entries()) {
        const prompt = await tx.prompt.upsert({
          where: { worldKey_index: { worldKey: world.key, index } },
          update: { text },
          create: { worldKey: world.key, index, text },
        });
        // Every response of a small world is stored up front, so choosing a
        // pair only ever finds its responses: no insert on the request path,
        // and no race between two requests inserting the same response.
        if (world.responseCount <= MAX_STORED_RESPONSES) {
          await tx.response.createMany({
            data: Array.from({ length: world.responseCount }, (_, r) => {
              const tokens = responseTokens(world, r);
              return { promptId: prompt.id, tokens, text: responseText(world, tokens) };
            }),
            skipDuplicates: true,
          });
        }
      }
      const existing = await tx.checkpoint.findFirst({ select: { worldKey: true } });
      if (existing && existing.worldKey !== world.key) {
        throw new Error(
          `This database holds a model of world "${existing.worldKey}", not "${world.key}". ` +
            `Use another database for another world: DATABASE_URL, or for an embedded one ` +
            `CHORUS_DATA_DIR with a CHORUS_DB_PORT of its own.`,
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
