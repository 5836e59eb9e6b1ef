import pino from "pino";
import { environmentSchema } from "../config/environment";

/**
 * The operator's log: one line per meaningful event, as key=value JSON.
 * `LOG_LEVEL` sets the threshold (default `info`; `silent` in tests).
 * Written to stderr, so a command's results on stdout stay clean.
 */
export const logger = pino(
  { level: levelFromEnv(process.env), base: { pid: process.pid } },
  pino.destination(2),
);

/**
 * Never throws at import: a malformed LOG_LEVEL logs at `info`, and the
 * start-up check (`readEnvironment`) is what reports it.
 */
function levelFromEnv(env: NodeJS.ProcessEnv): string {
  const parsed = environmentSchema.shape.LOG_LEVEL.safeParse(env.LOG_LEVEL);
  if (!parsed.success) return "info";
  return parsed.data ?? (env.VITEST ? "silent" : "info");
}
