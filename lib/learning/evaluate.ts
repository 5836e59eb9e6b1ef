import type { PreferenceLM } from "../model/preference-lm";
import { klFromTarget, typeShares } from "../didactic/metrics";
import { targetLogProbs, type World } from "../didactic/world";

export interface InclusiveFit {
  /** KL(target || model) averaged over prompts (nats). */
  kl: number;
  klPerPrompt: number[];
  /** Model vs target share of each type's favourite responses, averaged. */
  shares: { type: string; modelShare: number; targetShare: number }[];
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

/** Exact inclusive-fit metrics of the LM (z = 0) in a small world. */
export function evaluateInclusiveFit(world: World, model: PreferenceLM): InclusiveFit {
  const perPrompt = world.prompts.map((_, p) => model.allResponseLogProbs(p));
  const klPerPrompt = perPrompt.map((logProbs, p) =>
    klFromTarget(world, p, logProbs, targets(world)[p]),
  );
  const sharesPerPrompt = perPrompt.map((logProbs, p) => typeShares(world, p, logProbs));
  const shares = world.types.map((type, k) => ({
    type: type.name,
    modelShare: mean(sharesPerPrompt.map((s) => s[k].modelShare)),
    targetShare: mean(sharesPerPrompt.map((s) => s[k].targetShare)),
  }));
  return { kl: mean(klPerPrompt), klPerPrompt, shares };
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
