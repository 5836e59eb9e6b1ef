import pino from "pino";

/**
 * The operator's log: one line per meaningful event, as key=value JSON.
 * `LOG_LEVEL` sets the threshold (default `info`; `silent` in tests).
 * Written to stderr, so a command's results on stdout stay clean.
 */
export const logger = pino(
  {
    level: process.env.LOG_LEVEL ?? (process.env.VITEST ? "silent" : "info"),
    base: { pid: process.pid },
  },
  pino.destination(2),
);
