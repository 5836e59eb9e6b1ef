// The trainer process: learns from new answers beside the app's request
// path. Started by `npm start`; safe to run several (one trains at a time).
import { createPrisma } from "../lib/db/client";
import { runTrainerLoop } from "../lib/service/trainer-loop";
import { getWorld } from "../lib/service/world";
import { logger } from "../lib/util/logger";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL must be set (npm start sets it)");
  process.exit(1);
}
const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => controller.abort());
}
const prisma = createPrisma(url, 3);
await runTrainerLoop(prisma, getWorld(), {
  databaseUrl: url,
  signal: controller.signal,
  pollMs: Number(process.env.CHORUS_TRAINER_POLL_MS ?? 1000),
  minNewAnswers: Number(process.env.CHORUS_TRAIN_MIN_ANSWERS ?? 4),
});
await prisma.$disconnect();
logger.info("trainer stopped");
