// The trainer process: learns from new answers beside the app's request
// path. `npm start` runs one beside each web server; `npm run trainer` runs
// one on its own. Safe to run many: one trains, the others stand by.
import os from "node:os";
import { z } from "zod";
import { createPrisma } from "../lib/db/client";
import { prepareDatabase } from "../lib/service/prepare";
import { LIVE_TRAINER_DEFAULTS as live } from "../lib/service/trainer-defaults";
import { runTrainerLoop } from "../lib/service/trainer-loop";
import { getWorld } from "../lib/service/world";
import { logger } from "../lib/util/logger";

const count = (min: number) => z.coerce.number().int().min(min);
const env = z
  .object({
    CHORUS_TRAIN_MIN_ANSWERS: count(1).default(live.minNewAnswers),
    CHORUS_TRAIN_MAX_ANSWERS: count(1).default(live.maxNewAnswers),
    CHORUS_TRAIN_STEPS: count(1).default(live.stepsPerRound),
    CHORUS_TRAINER_POLL_MS: count(10).default(live.pollMs),
    CHORUS_PUBLISH_INTERVAL_MS: count(0).default(live.publishIntervalMs),
    CHORUS_TRAINER_NICE: count(0).max(19).default(10),
  })
  .safeParse(process.env);
if (!env.success) {
  const issue = env.error.issues[0];
  console.error(`Invalid ${issue.path.join(".")}: ${issue.message}`);
  process.exit(1);
}
const settings = env.data;

// Requests come first: on a busy machine the scheduler runs the web
// server before training.
try {
  os.setPriority(settings.CHORUS_TRAINER_NICE);
} catch (error) {
  logger.warn({ err: error }, "could not lower the trainer's CPU priority");
}

const url = process.env.DATABASE_URL ?? (await prepareDatabase()).url;
const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => controller.abort());
}
const prisma = createPrisma(url, { poolSize: 3 });
await runTrainerLoop(prisma, getWorld(), {
  databaseUrl: url,
  signal: controller.signal,
  pollMs: settings.CHORUS_TRAINER_POLL_MS,
  publishIntervalMs: settings.CHORUS_PUBLISH_INTERVAL_MS,
  minNewAnswers: settings.CHORUS_TRAIN_MIN_ANSWERS,
  maxNewAnswers: settings.CHORUS_TRAIN_MAX_ANSWERS,
  stepsPerRound: settings.CHORUS_TRAIN_STEPS,
});
await prisma.$disconnect();
logger.info("trainer stopped");
