import type { CurvePoint } from "./run-trial";

/** One learning curve: a policy under one seed. */
export interface TrialCurve {
  policy: string;
  seed: number;
  points: CurvePoint[];
}

export type ObjectiveName = "inclusiveFit" | "bestResponse";

/**
 * Where an objective starts, the best value a model could reach, and the
 * target in between that "labels needed" is counted against.
 */
export interface ObjectiveTarget {
  /** The CurvePoint field the objective reads. */
  metric: "kl" | "bestResponse";
  better: "lower" | "higher";
  /** The pretrained model's value. */
  pretrained: number;
  /** The best value any model could reach (see the README for each). */
  bestReachable: number;
  /** Fraction of the way from pretrained to bestReachable, in (0, 1]. */
  fraction: number;
  /** pretrained + fraction * (bestReachable - pretrained). */
  target: number;
}

export interface PolicyResult {
  /** Labels at the first evaluation that met the target, per seed (null: never). */
  labelsPerSeed: (number | null)[];
  /** Median over seeds, counting "never" as worse than any count (null if most never did). */
  medianLabels: number | null;
  /**
   * Median labels of passive over this policy's: how many times fewer labels
   * it needs. Null when the policy's median is null; when passive's is, the
   * label budget stands in for it and the ratio is a lower bound.
   */
  ratioVsPassive: number | null;
  ratioIsLowerBound: boolean;
  /** Median over seeds of the metric after the last batch. */
  finalMedian: number;
}

export interface ObjectiveSummary extends ObjectiveTarget {
  policies: Record<string, PolicyResult>;
}

export type ExperimentSummary = Record<ObjectiveName, ObjectiveSummary>;

/**
 * Builds an objective's target a fixed fraction of the way from the
 * pretrained value to the best reachable one.
 * @param fraction in (0, 1].
 */
export function objectiveTarget(
  metric: ObjectiveTarget["metric"],
  pretrained: number,
  bestReachable: number,
  fraction: number,
): ObjectiveTarget {
  if (!(fraction > 0 && fraction <= 1)) {
    throw new Error(`Expected a fraction in (0, 1], but got ${fraction}`);
  }
  return {
    metric,
    better: bestReachable < pretrained ? "lower" : "higher",
    pretrained,
    bestReachable,
    fraction,
    target: pretrained + fraction * (bestReachable - pretrained),
  };
}

/** Labels at the first point of the curve that meets the target, or null. */
export function labelsToReach(points: CurvePoint[], target: ObjectiveTarget): number | null {
  const met = points.find((p) =>
    target.better === "lower"
      ? p[target.metric] <= target.target
      : p[target.metric] >= target.target,
  );
  return met ? met.labels : null;
}

/**
 * Per objective and policy: labels needed per seed, their median, the ratio
 * against passive and the final value.
 * @param labelBudget labels each trial collected (stands in for "never").
 */
export function summarizeExperiment(
  curves: TrialCurve[],
  targets: Record<ObjectiveName, ObjectiveTarget>,
  labelBudget: number,
): ExperimentSummary {
  const policies = [...new Set(curves.map((c) => c.policy))];
  const summarize = (target: ObjectiveTarget): ObjectiveSummary => {
    const medians = new Map<string, number | null>();
    const results: Record<string, PolicyResult> = {};
    for (const policy of policies) {
      const mine = curves.filter((c) => c.policy === policy).sort((a, b) => a.seed - b.seed);
      const labelsPerSeed = mine.map((c) => labelsToReach(c.points, target));
      const medianLabels = median(labelsPerSeed.map((l) => l ?? Infinity));
      medians.set(policy, Number.isFinite(medianLabels) ? medianLabels : null);
      results[policy] = {
        labelsPerSeed,
        medianLabels: medians.get(policy)!,
        ratioVsPassive: null,
        ratioIsLowerBound: false,
        finalMedian: median(mine.map((c) => c.points[c.points.length - 1][target.metric])),
      };
    }
    if (medians.has("passive")) {
      const passive = medians.get("passive");
      for (const policy of policies) {
        const labels = medians.get(policy);
        if (labels === null || labels === undefined) continue;
        results[policy].ratioVsPassive = (passive ?? labelBudget) / Math.max(labels, 1);
        results[policy].ratioIsLowerBound = passive === null;
      }
    }
    return { ...target, policies: results };
  };
  return {
    inclusiveFit: summarize(targets.inclusiveFit),
    bestResponse: summarize(targets.bestResponse),
  };
}

/** The median (mean of the middle two for an even count). */
export function median(values: number[]): number {
  if (values.length === 0) throw new Error("Expected at least one value");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
