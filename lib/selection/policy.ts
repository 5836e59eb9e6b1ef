import type { PreferenceLM } from "../model/preference-lm";
import type { Rng } from "../util/random";

/** What a policy needs to choose a pair for one prompt. */
export interface SelectionContext {
  model: PreferenceLM;
  prompt: number;
  rng: Rng;
}

/** The pair to show, in no particular order (sides are randomised later). */
export interface SelectedPair {
  first: number[];
  second: number[];
  /** The policy's own measure of how much this pair is worth asking. */
  acquisitionScore: number;
}

/** An exploration policy: decides which two responses to compare. */
export interface SelectionPolicy {
  readonly name: string;
  selectPair(context: SelectionContext): SelectedPair;
}

/**
 * Draws up to `count` distinct responses from the LM. Falls back to
 * uniformly random responses when the LM is too peaked to give two
 * distinct ones, so a pair of identical responses is never offered.
 */
export function sampleDistinct(
  context: SelectionContext,
  count: number,
  z: number[] | null = null,
): number[][] {
  const { model, prompt, rng } = context;
  const seen = new Map<string, number[]>();
  for (const tokens of model.sample(new Array(count).fill(prompt), rng, z)) {
    seen.set(tokens.join(","), tokens);
  }
  const { vocabSize, responseLength } = model.shape;
  for (let attempt = 0; seen.size < 2 && attempt < 100; attempt++) {
    const tokens = Array.from({ length: responseLength }, () => rng.int(vocabSize));
    seen.set(tokens.join(","), tokens);
  }
  return [...seen.values()];
}

export function sameResponse(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((token, i) => token === b[i]);
}
