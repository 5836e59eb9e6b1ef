import type { PreferenceLM } from "../model/preference-lm";
import {
  bestOfNProbabilities,
  klFromTarget,
  populationWinRates,
  typeShares,
} from "../didactic/metrics";
import { estimateKlFromTarget, estimateTypeShares } from "../didactic/sampled-metrics";
import { targetLogProbs, type World } from "../didactic/world";
import { createRng } from "../util/random";

/** Worlds with more responses per prompt than this are evaluated by sampling. */
export const EXACT_RESPONSE_LIMIT = 4096;

export interface InclusiveFit {
  /** KL(target || model) averaged over prompts (nats). */
  kl: number;
  /** Standard error of `kl` (0 when computed exactly). */
  klStandardError: number;
  klPerPrompt: number[];
  method: "exact" | "sampled";
  /** Model vs target share of each type's favourite responses, averaged. */
  shares: { type: string; modelShare: number; targetShare: number }[];
}

export interface EvaluateOptions {
  /** Target draws per prompt when sampling (large worlds). */
  samples?: number;
}

/**
 * What the best-response objective is measured against: the population's
 * win rate of every response over a draw from the pretrained model.
 */
export interface BestResponseReference {
  /** Candidates N of the model's best-of-N pick. */
  bestOfN: number;
  /** winRates[prompt][responseIndex] in [0, 1] (see populationWinRates). */
  winRates: Float64Array[];
  /** Mean over prompts of max_y W(y): always answering the population's favourite. */
  best: number;
}

export interface BestResponse {
  /**
   * Mean over prompts of the expected win rate of the model's best-of-N pick
   * against a pretrained sample, under the population's choice rule, in [0, 1].
   */
  winRate: number;
  winRatePerPrompt: number[];
}

const targetCache = new WeakMap<World, Float64Array[]>();

function targets(world: World): Float64Array[] {
  let cached = targetCache.get(world);
  if (!cached) {
    cached = world.prompts.map((_, p) => targetLogProbs(world, p));
    targetCache.set(world, cached);
  }
  return cached;
}

/**
 * Inclusive-fit metrics of the LM (z = 0): exact over every response in a
 * small world, a Monte Carlo estimate with its standard error in a large
 * one. The sampled estimate uses the same seeded draws on every call, so
 * two model versions are compared on common samples.
 */
export function evaluateInclusiveFit(
  world: World,
  model: PreferenceLM,
  options: EvaluateOptions = {},
): InclusiveFit {
  if (world.responseCount > EXACT_RESPONSE_LIMIT) return sampledFit(world, model, options);
  return inclusiveFitOf(world, allLogProbs(world, model));
}
/**
 * Precomputes the best-response yardstick from the pretrained model.
 * @param bestOfN candidates of the best-of-N pick (>= 1).
 */
export function createBestResponseReference(
  world: World,
  pretrained: PreferenceLM,
  bestOfN = 16,
): BestResponseReference {
  // NOTE: best response is exact only; a world too large to enumerate gets
  // no reference (NaN) until it has a sampled estimator of its own.
  if (world.responseCount > EXACT_RESPONSE_LIMIT) return { bestOfN, winRates: [], best: NaN };
  const winRates = world.prompts.map((_, p) =>
    populationWinRates(world, p, pretrained.allResponseLogProbs(p)),
  );
  return {
    bestOfN,
    winRates,
    best: mean(winRates.map((w) => Math.max(...w))),
  };
}

/** Exact best-response metric of the LM (z = 0) in a small world. */
export function evaluateBestResponse(
  world: World,
  model: PreferenceLM,
  reference: BestResponseReference,
): BestResponse {
  return bestResponseOf(allLogProbs(world, model), reference);
}

/**
 * Both objectives from one enumeration of the model's distribution. In a
 * world too large to enumerate: the sampled inclusive fit, and NaN for the
 * best response.
 */
export function evaluateObjectives(
  world: World,
  model: PreferenceLM,
  reference: BestResponseReference,
): InclusiveFit & BestResponse {
  if (world.responseCount > EXACT_RESPONSE_LIMIT) {
    const nan = world.prompts.map(() => NaN);
    return { ...evaluateInclusiveFit(world, model), winRate: NaN, winRatePerPrompt: nan };
  }
  const perPrompt = allLogProbs(world, model);
  return { ...inclusiveFitOf(world, perPrompt), ...bestResponseOf(perPrompt, reference) };
}

function allLogProbs(world: World, model: PreferenceLM): Float32Array[] {
  return world.prompts.map((_, p) => model.allResponseLogProbs(p));
}

function inclusiveFitOf(world: World, perPrompt: Float32Array[]): InclusiveFit {
  const klPerPrompt = perPrompt.map((logProbs, p) =>
    klFromTarget(world, p, logProbs, targets(world)[p]),
  );
  const sharesPerPrompt = perPrompt.map((logProbs, p) => typeShares(world, p, logProbs));
  return {
    kl: mean(klPerPrompt),
    klStandardError: 0,
    klPerPrompt,
    method: "exact",
    shares: averageShares(world, sharesPerPrompt),
  };
}

function sampledFit(world: World, model: PreferenceLM, options: EvaluateOptions): InclusiveFit {
  const { samples = 2000 } = options;
  const rng = createRng(`evaluate:${world.key}`);
  const estimates = world.prompts.map((_, p) =>
    estimateKlFromTarget(
      world,
      p,
      (responses) => model.sequenceLogProbs(new Array(responses.length).fill(p), responses),
      samples,
      rng,
    ),
  );
  const sharesPerPrompt = world.prompts.map((_, p) =>
    estimateTypeShares(world, p, model.sample(new Array(samples).fill(p), rng), samples, rng),
  );
  const n = estimates.length;
  return {
    kl: mean(estimates.map((e) => e.value)),
    // The prompts' estimates are independent: SE of a mean of n of them.
    klStandardError: Math.sqrt(estimates.reduce((s, e) => s + e.standardError ** 2, 0)) / n,
    klPerPrompt: estimates.map((e) => e.value),
    method: "sampled",
    shares: averageShares(world, sharesPerPrompt),
  };
}

function averageShares(
  world: World,
  perPrompt: { modelShare: number; targetShare: number }[][],
): InclusiveFit["shares"] {
  return world.types.map((type, k) => ({
    type: type.name,
    modelShare: mean(perPrompt.map((s) => s[k].modelShare)),
    targetShare: mean(perPrompt.map((s) => s[k].targetShare)),
  }));
}

function bestResponseOf(perPrompt: Float32Array[], reference: BestResponseReference): BestResponse {
  // E[W(pick)] = sum_y P(best-of-N pick = y) W(y)
  const winRatePerPrompt = perPrompt.map((logProbs, p) => {
    const picks = bestOfNProbabilities(logProbs, reference.bestOfN);
    const winRates = reference.winRates[p];
    return picks.reduce((sum, pick, y) => sum + pick * winRates[y], 0);
  });
  return { winRate: mean(winRatePerPrompt), winRatePerPrompt };
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
