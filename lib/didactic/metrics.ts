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
