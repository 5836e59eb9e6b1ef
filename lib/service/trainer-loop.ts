import { setTimeout as delay } from "node:timers/promises";
import pg from "pg";
import type { PrismaClient } from "../db/client";
import { isDatabaseUnavailable } from "../db/errors";
import { environmentValue } from "../config/environment";
import type { World } from "../didactic/world";
import { logger } from "../util/logger";
import { LIVE_TRAINER_DEFAULTS } from "../config/trainer-defaults";
import { OnlineTrainer, type TrainerOptions, type TrainingRound } from "./trainer";

/** Advisory-lock key held by whichever process is the trainer. */
export const TRAINER_LOCK = 7_401_002;

export interface TrainerLoopOptions extends TrainerOptions {
  databaseUrl: string;
  /** Pause between polls for new answers, and between tries for the lock. */
  pollMs?: number;
  /**
   * Least time between two published versions while answers keep coming
   * (>= 0). Rounds in between train the working model in memory; each
   * version is a full checkpoint, so this bounds how fast checkpoints grow.
   */
  publishIntervalMs?: number;
  signal: AbortSignal;
  /** Called after each published version (tests, progress displays). */
  onPublished?: (round: TrainingRound) => void;
}

/**
 * Runs beside the request path: waits to become the one trainer (a
 * PostgreSQL session advisory lock, which the server releases when this
 * process or its connection dies, so a standby takes over), then learns
 * from new answers until aborted, publishing a version at most every
 * `publishIntervalMs`. If the lock's connection is lost it stops training
 * and stands by again. On abort it publishes what it has learned first.
 */
export async function runTrainerLoop(
  prisma: PrismaClient,
  world: World,
  options: TrainerLoopOptions,
): Promise<void> {
  const { databaseUrl, pollMs = LIVE_TRAINER_DEFAULTS.pollMs, signal } = options;
  while (!signal.aborted) {
    const lock = await TrainerLock.acquire(databaseUrl, pollMs, signal);
    if (!lock) return;
    logger.info("this process is now the trainer");

    const trainer = new OnlineTrainer(prisma, world, { ...LIVE_TRAINER_DEFAULTS, ...options });
    try {
      await trainWhileLeader(trainer, lock, options);
    } finally {
      trainer.dispose();
      await lock.release();
    }
    if (lock.lost && !signal.aborted) logger.warn("lost the trainer lock; standing by again");
  }
}

async function trainWhileLeader(
  trainer: OnlineTrainer,
  lock: TrainerLock,
  options: TrainerLoopOptions,
): Promise<void> {
  const {
    pollMs = LIVE_TRAINER_DEFAULTS.pollMs,
    publishIntervalMs = LIVE_TRAINER_DEFAULTS.publishIntervalMs,
    signal,
  } = options;
  let publishedAt = 0;
  const publish = async () => {
    if (lock.lost) return;
    const round = await trainer.publish();
    publishedAt = Date.now();
    if (round) options.onPublished?.(round);
  };

  let outage = false;
  while (!signal.aborted && !lock.lost) {
    try {
      const consumed = await trainer.trainRound();
      if (outage) logger.info("the database answers again; training resumes");
      outage = false;
      const sincePublish = Date.now() - publishedAt;
      if (trainer.unpublished > 0 && sincePublish >= publishIntervalMs) {
        await publish();
        continue;
      }
      if (consumed > 0) continue;
      const untilDue = trainer.unpublished > 0 ? publishIntervalMs - sincePublish : pollMs;
      await sleep(Math.min(pollMs, untilDue), signal);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) {
        logger.error({ err: error }, "training round failed; will retry");
      } else if (!outage) {
        // Once per outage, not at every retry.
        logger.warn({ err: error }, "the database is unavailable; training waits for it");
      }
      outage ||= isDatabaseUnavailable(error);
      trainer.dispose();
      await sleep(pollMs, signal);
    }
  }
  if (trainer.unpublished > 0) {
    await publish().catch((error) => logger.error({ err: error }, "final publish failed"));
  }
}

/**
 * The trainer's advisory lock, held by a dedicated connection for as long
 * as this process trains. `lost` turns true if that connection fails, since
 * the server then releases the lock for another process to take.
 */
/** PostgreSQL's code for a session ended by a server shutdown. */
const ADMIN_SHUTDOWN = "57P01";

class TrainerLock {
  lost = false;

  private constructor(
    private readonly client: pg.Client,
    signal: AbortSignal,
  ) {
    const markLost = () => (this.lost = true);
    client.on("error", (error) => {
      // One line per lost connection (a second error follows the first).
      if (!this.lost) {
        if (signal.aborted) {
          logger.debug({ err: error }, "trainer lock connection closed while stopping");
        } else if ((error as { code?: string }).code === ADMIN_SHUTDOWN) {
          // Not a failure: the server is stopping (the embedded one stops
          // with the `npm start` that started it, often before its trainer).
          logger.info("the database server is shutting down; the trainer lock is given up");
        } else {
          logger.warn({ err: error }, "trainer lock connection failed");
        }
      }
      markLost();
    });
    client.on("end", markLost);
  }

  /** Waits until the lock is ours; null if aborted first. */
  static async acquire(
    url: string,
    pollMs: number,
    signal: AbortSignal,
  ): Promise<TrainerLock | null> {
    let announced = false;
    let unreachable = false;
    while (!signal.aborted) {
      const client = new pg.Client({
        connectionString: url,
        keepAlive: true,
        connectionTimeoutMillis: 5_000,
        // A server that stops answering fails the try instead of hanging it.
        query_timeout: environmentValue("CHORUS_DB_QUERY_TIMEOUT_MS"),
      });
      const lock = new TrainerLock(client, signal);
      try {
        await client.connect();
        if (unreachable) logger.info("the database is reachable again");
        unreachable = false;
        while (!signal.aborted && !lock.lost) {
          const { rows } = await client.query<{ ok: boolean }>(
            "SELECT pg_try_advisory_lock($1) AS ok",
            [TRAINER_LOCK],
          );
          if (rows[0].ok) return lock;
          if (!announced) logger.info("another process is the trainer; standing by");
          announced = true;
          await sleep(pollMs, signal);
        }
      } catch (error) {
        // Once per outage, not at every try, and not while stopping.
        if (!unreachable && !signal.aborted) {
          logger.warn({ err: error }, "could not reach the database for the trainer lock");
        }
        unreachable = true;
      }
      await lock.release();
      await sleep(pollMs, signal);
    }
    return null;
  }

  /** Closing the session releases the lock. */
  async release(): Promise<void> {
    await this.client.end().catch(() => {});
  }
}

/** Waits `ms`, or less if aborted (never rejects). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return delay(Math.max(0, ms), undefined, { signal }).catch(() => undefined);
}
