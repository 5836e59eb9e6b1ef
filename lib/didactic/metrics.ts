import { logSumExp, sigmoid } from "../util/random";
import { responseTokens, targetLogProbs, typeLogProb, type World } from "./world";

/**
 * KL(target || model) for one prompt, exactly, over every response:
 * sum_y pi*(y|x) (log pi*(y|x) - log pi(y|x)).
 *
 * @param modelLogProbs log pi(y|x) of the model, indexed by responseIndex.
 */
export function klFromTarget(
  world: World,
  prompt: number,
  modelLogProbs: ArrayLike<number>,
  target: ArrayLike<number> = targetLogProbs(world, prompt),
): number {
  if (modelLogProbs.length !== world.responseCount) {
    throw new Error(
      `Expected ${world.responseCount} model log-probabilities, but got ${modelLogProbs.length}`,
    );
  }
  return klDivergence(target, modelLogProbs);
}

/** KL(p || q) from log-probabilities over the same support (nats). */
export function klDivergence(logP: ArrayLike<number>, logQ: ArrayLike<number>): number {
  let kl = 0;
  for (let i = 0; i < logP.length; i++) {
    const p = Math.exp(logP[i]);
    if (p > 0) kl += p * (logP[i] - logQ[i]);
  }
  return Math.max(0, kl);
}

/**
 * The share of the model's probability that goes to each type's favourite
 * responses: those the type prefers more than the population does on
 * average (p_k(y) > pi*(y)). A neglected minority shows a small share.
 */
export function typeShares(
  world: World,
  prompt: number,
  modelLogProbs: ArrayLike<number>,
): { type: string; modelShare: number; targetShare: number }[] {
  const target = targetLogProbs(world, prompt);
  return world.types.map((type) => {
    let modelShare = 0;
    let targetShare = 0;
    for (let index = 0; index < world.responseCount; index++) {
      const tokens = responseTokens(world, index);
      if (typeLogProb(type, prompt, tokens) > target[index]) {
        modelShare += Math.exp(modelLogProbs[index]);
        targetShare += Math.exp(target[index]);
      }
    }
    return { type: type.name, modelShare, targetShare };
  });
}

/**
 * The distribution of a best-of-N pick: draw `n` responses from the
 * distribution `logProbs` and keep the one it scores highest (its own
 * log-probability, as the shared model does). Exactly, with responses ranked
 * by log-probability (ties by index) and G(y) the mass ranked at or below y:
 * P(pick = y) = G(y)^n - (G(y) - p(y))^n.
 *
 * @param logProbs log-probabilities over every response (normalised here).
 * @param n candidates drawn (>= 1); n = 1 returns the distribution itself.
 */
export function bestOfNProbabilities(logProbs: ArrayLike<number>, n: number): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new Error(`Expected n >= 1, but got ${n}`);
  const norm = logSumExp(logProbs);
  const order = Array.from(logProbs, (_, i) => i).sort(
    (a, b) => logProbs[a] - logProbs[b] || a - b,
  );
  const picks = new Float64Array(logProbs.length);
  let below = 0;
  for (const index of order) {
    const mass = Math.exp(logProbs[index] - norm);
    const atOrBelow = Math.min(1, below + mass);
    picks[index] = atOrBelow ** n - below ** n;
    below = atOrBelow;
  }
  return picks;
}

/**
 * How often the population prefers each response to one drawn from an
 * opponent distribution, under the population's own choice rule (a person
 * drawn by weight, choosing by the Luce rule of their type):
 * W(y) = sum_y' opp(y') sum_k w_k sigmoid(log p_k(y) - log p_k(y')), in [0, 1].
 *
 * @param opponentLogProbs log-probabilities of the opponent over every
 *   response to `prompt` (normalised here), indexed by responseIndex.
 */
export function populationWinRates(
  world: World,
  prompt: number,
  opponentLogProbs: ArrayLike<number>,
): Float64Array {
  const count = world.responseCount;
  if (opponentLogProbs.length !== count) {
    throw new Error(
      `Expected ${count} opponent log-probabilities, but got ${opponentLogProbs.length}`,
    );
  }
  const norm = logSumExp(opponentLogProbs);
  const opponent = Float64Array.from(opponentLogProbs, (l) => Math.exp(l - norm));
  const typeLogProbs = world.types.map((type) =>
    Float64Array.from({ length: count }, (_, y) =>
      typeLogProb(type, prompt, responseTokens(world, y)),
    ),
  );
  const winRates = new Float64Array(count);
  for (let y = 0; y < count; y++) {
    let total = 0;
    for (let other = 0; other < count; other++) {
      if (opponent[other] === 0) continue;
      let preferred = 0;
      world.types.forEach((type, k) => {
        preferred += type.weight * sigmoid(typeLogProbs[k][y] - typeLogProbs[k][other]);
      });
      total += opponent[other] * preferred;
    }
    winRates[y] = total;
  }
  return winRates;
}
