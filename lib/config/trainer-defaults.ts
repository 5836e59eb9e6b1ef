/**
 * How the live trainer learns unless configured otherwise: a round takes at
 * most 128 new answers for 20 steps of 64 choices (half new), so each new
 * answer is drawn at least 5 times in its first round, and then replayed.
 * (Kept apart from `trainer-loop.ts` so the environment's schema can use it
 * without importing the database.)
 */
export const LIVE_TRAINER_DEFAULTS = {
  minNewAnswers: 4,
  maxNewAnswers: 128,
  stepsPerRound: 20,
  batchSize: 64,
  pollMs: 1000,
  publishIntervalMs: 2000,
} as const;
