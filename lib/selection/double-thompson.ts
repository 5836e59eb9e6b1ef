import { argmax, preferenceVariance, scoreCandidates } from "./candidate-scores";
import { sampleDistinct, type SelectionPolicy } from "./policy";

export interface DoubleThompsonOptions {
  /** Candidate responses drawn from the LM before choosing a pair (>= 2). */
  candidates?: number;
  /** Further indices tried for a second response that differs (>= 1). */
  maxRetries?: number;
}

/**
 * Double Thompson sampling: draw an epistemic index z1 and take the
 * candidate with the highest reward r_z1; then draw z2 and take its best,
 * redrawing z2 up to `maxRetries` times until the two differ, and if they
 * never do, pair the first with a uniformly chosen other candidate. Each
 * response is thus one a plausible model thinks is the best. The acquisition
 * score is the variance across the drawn indices of P_z(first > second).
 */
export function createDoubleThompsonPolicy(options: DoubleThompsonOptions = {}): SelectionPolicy {
  const { candidates = 16, maxRetries = 15 } = options;
  if (!(Number.isInteger(maxRetries) && maxRetries >= 1)) {
    throw new Error(`Expected maxRetries >= 1, but got ${maxRetries}`);
  }
  return {
    name: "double-ts",
    selectPair(context) {
      const { responses, underIndices } = scoreCandidates(
        context,
        sampleDistinct(context, candidates),
        1 + maxRetries,
      );
      const first = argmax(underIndices[0]);
      let second = -1;
      for (let m = 1; m < underIndices.length && second < 0; m++) {
        const best = argmax(underIndices[m]);
        if (best !== first) second = best;
      }
      if (second < 0) {
        second = (first + 1 + context.rng.int(responses.length - 1)) % responses.length;
      }
      return {
        first: responses[first],
        second: responses[second],
        acquisitionScore: preferenceVariance(underIndices, first, second),
      };
    },
  };
}
