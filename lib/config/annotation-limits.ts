import { z } from "zod";

/**
 * The range of each annotation limit, whether an admin sets it or the
 * environment (`CHORUS_LEASE_SECONDS`, `CHORUS_OVERLAP`,
 * `CHORUS_COMPARISON_BUDGET`). Pure, so the environment's schema shares it.
 */
export const ANNOTATION_LIMIT_RANGES = {
  /** Seconds a comparison is held for the annotator it was handed to (a day at most). */
  leaseSeconds: { min: 10, max: 86_400 },
  /** Different annotators that should answer each comparison. */
  overlap: { min: 1, max: 20 },
  /** Comparisons ever generated for people in a round (0: none). */
  comparisonBudget: { min: 0, max: 10_000_000 },
} as const;

const limit = (name: keyof typeof ANNOTATION_LIMIT_RANGES) => {
  const { min, max } = ANNOTATION_LIMIT_RANGES[name];
  return z
    .number()
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);
};

/** Valid values of each limit, with messages naming the field. */
export const annotationLimitsSchema = z.object({
  leaseSeconds: limit("leaseSeconds"),
  overlap: limit("overlap"),
  comparisonBudget: limit("comparisonBudget").nullable(),
});
