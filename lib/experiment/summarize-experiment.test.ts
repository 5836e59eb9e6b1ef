import { describe, expect, it } from "vitest";
import type { CurvePoint } from "./run-trial";
import {
  labelsToReach,
  median,
  objectiveTarget,
  summarizeExperiment,
  type TrialCurve,
} from "./summarize-experiment";

const point = (labels: number, kl: number, bestResponse = 0.5): CurvePoint => ({
  labels,
  kl,
  bestResponse,
  shares: {},
});

describe("summarizeExperiment", () => {
  it("places the target a fixed fraction of the way to the best reachable value", () => {
    expect(objectiveTarget("kl", 1.2, 0, 0.5)).toMatchObject({ better: "lower", target: 0.6 });
    const best = objectiveTarget("bestResponse", 0.5, 0.7, 0.25);
    expect(best.better).toBe("higher");
    expect(best.target).toBeCloseTo(0.55, 12);
    expect(() => objectiveTarget("kl", 1, 0, 0)).toThrow(/fraction in \(0, 1\]/);
  });

  it("counts labels up to the first evaluation that meets the target, or null", () => {
    const target = objectiveTarget("kl", 1, 0, 0.5);
    expect(
      labelsToReach([point(0, 1), point(25, 0.7), point(50, 0.5), point(75, 0.4)], target),
    ).toBe(50);
    expect(labelsToReach([point(0, 1), point(25, 0.9)], target)).toBeNull();
  });

  it("takes medians over seeds and the ratio against passive, a lower bound when passive never arrives", () => {
    const curve = (policy: string, seed: number, reachedAt: number | null): TrialCurve => ({
      policy,
      seed,
      points: [0, 50, 100, 150, 200].map((labels) =>
        point(labels, reachedAt !== null && labels >= reachedAt ? 0.4 : 0.9, 0.5),
      ),
    });
    const curves = [
      curve("passive", 1, 150),
      curve("passive", 2, 100),
      curve("passive", 3, null),
      curve("fast", 1, 50),
      curve("fast", 2, 50),
      curve("fast", 3, 100),
      curve("slow", 1, null),
      curve("slow", 2, null),
      curve("slow", 3, 200),
    ];
    const targets = {
      inclusiveFit: objectiveTarget("kl", 1, 0, 0.5),
      bestResponse: objectiveTarget("bestResponse", 0.5, 0.7, 0.5),
    };
    const summary = summarizeExperiment(curves, targets, 200);

    expect(summary.inclusiveFit.policies.passive).toMatchObject({
      labelsPerSeed: [150, 100, null],
      medianLabels: 150,
      ratioVsPassive: 1,
    });
    expect(summary.inclusiveFit.policies.fast).toMatchObject({
      medianLabels: 50,
      ratioVsPassive: 3,
    });
    expect(summary.inclusiveFit.policies.slow).toMatchObject({
      medianLabels: null,
      ratioVsPassive: null,
    });
    // Nobody reaches the best-response target; nothing to compare.
    expect(summary.bestResponse.policies.fast.ratioVsPassive).toBeNull();
    expect(summary.bestResponse.policies.fast.finalMedian).toBe(0.5);
  });

  it("reports a lower bound when only the other policy reaches the target", () => {
    const curves: TrialCurve[] = [
      { policy: "passive", seed: 1, points: [point(0, 1), point(100, 0.9)] },
      { policy: "fast", seed: 1, points: [point(0, 1), point(100, 0.4)] },
    ];
    const targets = {
      inclusiveFit: objectiveTarget("kl", 1, 0, 0.5),
      bestResponse: objectiveTarget("bestResponse", 0.5, 0.7, 0.5),
    };
    const { inclusiveFit } = summarizeExperiment(curves, targets, 400);
    expect(inclusiveFit.policies.fast).toMatchObject({
      ratioVsPassive: 4,
      ratioIsLowerBound: true,
    });
  });

  it("computes medians of odd and even counts", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([1, Infinity, Infinity])).toBe(Infinity);
  });
});
