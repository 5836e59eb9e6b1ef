import type { Rng } from "../util/random";
import { logSumExp } from "../util/random";
import { typeLogProb, type World } from "./world";

/** A Monte Carlo estimate with its standard error (same units as value). */
export interface Estimate {
  value: number;
  standardError: number;
  samples: number;
}

/** log pi*(y|x) of one response: log sum_k w_k p_k(y|x). Any world size. */
export function targetLogProb(world: World, prompt: number, tokens: ArrayLike<number>): number {
  return logSumExp(world.types.map((t) => Math.log(t.weight) + typeLogProb(t, prompt, tokens)));
}

/** Draws y ~ pi*(.|x): a type by weight, then each token from its taste. */
export function sampleTarget(world: World, prompt: number, rng: Rng): number[] {
  const type = world.types[rng.categorical(world.types.map((t) => t.weight))];
  const probs = type.tokenLogProbs[prompt].map(Math.exp);
  return Array.from({ length: world.responseLength }, () => rng.categorical(probs));
}

/**
 * Monte Carlo estimate of KL(target || model) for a prompt, for worlds too
 * large to enumerate:
 *   KL = E_{y ~ pi*} [ log pi*(y|x) - log pi(y|x) ],
 * averaged over `samples` draws from the target; the standard error is the
 * sample standard deviation over sqrt(samples). Unbiased; pass the same
 * seeded `rng` state to compare models on common samples.
 *
 * @param modelLogProbs log pi(y|x) of the model for a batch of responses.
 * @param samples number of target draws (>= 2).
 */
export function estimateKlFromTarget(
  world: World,
  prompt: number,
  modelLogProbs: (responses: number[][]) => ArrayLike<number>,
  samples: number,
  rng: Rng,
): Estimate {
  if (!Number.isInteger(samples) || samples < 2) {
    throw new Error(`Expected at least 2 samples, but got ${samples}`);
  }
  const draws = Array.from({ length: samples }, () => sampleTarget(world, prompt, rng));
  const model = modelLogProbs(draws);
  const terms = draws.map((tokens, i) => targetLogProb(world, prompt, tokens) - model[i]);
  return summarise(terms);
}

/**
 * Share of probability on each type's favourite responses (those with
 * p_k(y) > pi*(y)), estimated by sampling: under the model from
 * `modelSamples`, under the target from fresh target draws.
 */
export function estimateTypeShares(
  world: World,
  prompt: number,
  modelSamples: number[][],
  samples: number,
  rng: Rng,
): { type: string; modelShare: number; targetShare: number }[] {
  const targetSamples = Array.from({ length: samples }, () => sampleTarget(world, prompt, rng));
  const share = (type: World["types"][number], responses: number[][]) =>
    responses.filter((y) => typeLogProb(type, prompt, y) > targetLogProb(world, prompt, y)).length /
    responses.length;
  return world.types.map((type) => ({
    type: type.name,
    modelShare: share(type, modelSamples),
    targetShare: share(type, targetSamples),
  }));
}

function summarise(terms: number[]): Estimate {
  const n = terms.length;
  const mean = terms.reduce((a, b) => a + b, 0) / n;
  const variance = terms.reduce((sum, t) => sum + (t - mean) ** 2, 0) / (n - 1);
  return { value: mean, standardError: Math.sqrt(variance / n), samples: n };
}
