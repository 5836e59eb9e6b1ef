// The trainer process: learns from new answers beside the app's request
// path. `npm start` runs one beside each web server; `npm run trainer` runs
// one on its own. Safe to run many: one trains, the others stand by.
import os from "node:os";
import { chorusCommand } from "./support/cli-options";
import { createPrisma } from "../lib/db/client";
import { prepareDatabase } from "../lib/service/prepare";
import { runTrainerLoop } from "../lib/service/trainer-loop";
import { getWorld } from "../lib/service/world";
import { logger } from "../lib/util/logger";
import { readEnvironmentOrExit } from "./support/environment";

chorusCommand()
  .name("npm run trainer")
  .description("Learn from new answers beside the app: one trainer trains, any others stand by.")
  .addHelpText(
    "after",
    `
Settings come from the environment (see the README):
  CHORUS_TRAIN_MIN_ANSWERS, CHORUS_TRAIN_MAX_ANSWERS, CHORUS_TRAIN_STEPS,
  CHORUS_TRAINER_POLL_MS, CHORUS_PUBLISH_INTERVAL_MS, CHORUS_TRAINER_NICE,
  DATABASE_URL (unset: the embedded database), LOG_LEVEL`,
  )
  .parse();
const settings = readEnvironmentOrExit();

// Requests come first: on a busy machine the scheduler runs the web
// server before training.
try {
  os.setPriority(settings.CHORUS_TRAINER_NICE);
} catch (error) {
  logger.warn({ err: error }, "could not lower the trainer's CPU priority");
}

const url = settings.DATABASE_URL ?? (await prepareDatabase()).url;
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
