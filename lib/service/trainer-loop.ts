import { setTimeout as delay } from "node:timers/promises";
import pg from "pg";
import type { PrismaClient } from "../db/client";
import type { World } from "../didactic/world";
import { logger } from "../util/logger";
import { trainPending, type TrainerOptions } from "./trainer";

/** Advisory-lock key held by whichever process is the trainer. */
export const TRAINER_LOCK = 7_401_002;

export interface TrainerLoopOptions extends TrainerOptions {
  databaseUrl: string;
  /** Pause between polls for new answers. */
  pollMs?: number;
  signal: AbortSignal;
}

/**
 * Runs beside the request path: waits to become the one trainer (a
 * PostgreSQL session advisory lock, released by the server if this process
 * dies, so another takes over), then keeps learning from new answers until
 * aborted.
 */
export async function runTrainerLoop(
  prisma: PrismaClient,
  world: World,
  options: TrainerLoopOptions,
): Promise<void> {
  const { databaseUrl, pollMs = 1000, signal } = options;
  const lock = new pg.Client({ connectionString: databaseUrl });
  await lock.connect();
  try {
    while (!signal.aborted) {
      const { rows } = await lock.query("SELECT pg_try_advisory_lock($1) AS ok", [TRAINER_LOCK]);
      if (rows[0].ok) break;
      await sleep(pollMs, signal);
    }
    if (signal.aborted) return;
    logger.info("this process is now the trainer");

    while (!signal.aborted) {
      try {
        const round = await trainPending(prisma, world, options);
        if (round) continue;
      } catch (error) {
        logger.error({ err: error }, "training round failed; will retry");
      }
      await sleep(pollMs, signal);
    }
  } finally {
    await lock.end().catch(() => {});
  }
}

/** Waits `ms`, or less if aborted (never rejects). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal }).catch(() => undefined);
}
