import { klFromTarget, typeShares } from "../didactic/metrics";
import {
  responseText,
  responseTokens,
  targetLogProbs,
  typeLogProb,
  type World,
} from "../didactic/world";
import type { PreferenceLM } from "../model/preference-lm";
import { createRng } from "../util/random";

export interface BeliefOptions {
  /** The model's most probable responses shown per prompt (>= 1). */
  modelTop?: number;
  /** The target's most probable responses shown per prompt (>= 0). */
  targetTop?: number;
  /** Favourites marked per annotator type (>= 1). */
  favourites?: number;
  /** Epistemic indices the uncertainty band is drawn from (>= 2). */
  indices?: number;
  /** Central share of those indices the band covers, in (0, 1). */
  bandMass?: number;
  seed?: string;
}

export interface ResponseBelief {
  text: string;
  /** pi(y|x) under the LM itself (z = 0). */
  modelProb: number;
  /** The band of pi_z(y|x) across epistemic indices z (its central `bandMass`). */
  bandLow: number;
  bandHigh: number;
  /** The inclusive target pi*(y|x). */
  targetProb: number;
  /** Annotator types that count this response among their favourites. */
  favouriteOf: string[];
}

export interface PromptBeliefs {
  promptIndex: number;
  prompt: string;
  /** KL(target || model) for this prompt (nats). */
  kl: number;
  /** Sorted by target probability, highest first. */
  responses: ResponseBelief[];
  /** Model and target mass on responses each type likes more than the population. */
  shares: { type: string; modelShare: number; targetShare: number }[];
}

/**
 * What the model believes, per prompt, beside the truth of the didactic
 * world: the responses the model or the target rank highest plus each
 * annotator type's favourites (so a neglected minority's favourites show
 * even when the model gives them almost nothing), with the model's
 * probability, an uncertainty band across epistemic indices, and the
 * target's probability. Pure: reads the model, changes nothing.
 */
export function describeBeliefs(
  world: World,
  model: PreferenceLM,
  options: BeliefOptions = {},
): PromptBeliefs[] {
  const {
    modelTop = 5,
    targetTop = 5,
    favourites = 3,
    indices = 32,
    bandMass = 0.8,
    seed = "admin-beliefs",
  } = options;
  if (!(indices >= 2)) throw new Error(`Expected at least 2 indices, but got ${indices}`);
  if (!(bandMass > 0 && bandMass < 1)) {
    throw new Error(`Expected bandMass in (0, 1), but got ${bandMass}`);
  }
  const z = model.sampleIndices(indices, createRng(seed));

  return world.prompts.map((prompt, promptIndex) => {
    const modelLogProbs = model.allResponseLogProbs(promptIndex);
    const target = targetLogProbs(world, promptIndex);
    const all = Array.from({ length: world.responseCount }, (_, i) => i);
    const topBy = (score: (i: number) => number, k: number) =>
      [...all].sort((a, b) => score(b) - score(a)).slice(0, k);

    const favouritesByType = world.types.map((type) => ({
      name: type.name,
      top: new Set(
        topBy((i) => typeLogProb(type, promptIndex, responseTokens(world, i)), favourites),
      ),
    }));
    const shown = [
      ...new Set([
        ...topBy((i) => modelLogProbs[i], modelTop),
        ...topBy((i) => target[i], targetTop),
        ...favouritesByType.flatMap((f) => [...f.top]),
      ]),
    ].sort((a, b) => target[b] - target[a]);

    const tokens = shown.map((i) => responseTokens(world, i));
    const underIndices = model.sequenceLogProbsUnder(
      tokens.map(() => promptIndex),
      tokens,
      z,
    );
    const tail = (1 - bandMass) / 2;

    return {
      promptIndex,
      prompt,
      kl: klFromTarget(world, promptIndex, modelLogProbs, target),
      responses: shown.map((index, k) => {
        const probs = underIndices.map((row) => Math.exp(row[k])).sort((a, b) => a - b);
        return {
          text: responseText(world, tokens[k]),
          modelProb: Math.exp(modelLogProbs[index]),
          bandLow: quantile(probs, tail),
          bandHigh: quantile(probs, 1 - tail),
          targetProb: Math.exp(target[index]),
          favouriteOf: favouritesByType.filter((f) => f.top.has(index)).map((f) => f.name),
        };
      }),
      shares: typeShares(world, promptIndex, modelLogProbs),
    };
  });
}

/** The q-quantile of ascending `sorted` values, interpolating linearly. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) throw new Error("Expected at least one value");
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}
