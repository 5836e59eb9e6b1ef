import { preferenceVariance, scoreCandidates } from "./candidate-scores";
import { sampleDistinct, type SelectionPolicy } from "./policy";

export interface InfomaxOptions {
  /** Candidate responses drawn from the LM before choosing a pair (>= 2). */
  candidates?: number;
  /** Epistemic indices used to measure disagreement (>= 2). */
  indices?: number;
}

/**
 * Infomax: among LM samples, the pair whose predicted preference
 * P_z(y1 > y2) = sigmoid(r_z(y1) - r_z(y2)) varies most across epistemic
 * indices z. The acquisition score is that variance.
 */
export function createInfomaxPolicy(options: InfomaxOptions = {}): SelectionPolicy {
  const { candidates = 16, indices = 16 } = options;
  return {
    name: "infomax",
    selectPair(context) {
      const { responses, underIndices } = scoreCandidates(
        context,
        sampleDistinct(context, candidates),
        indices,
      );
      let best = { i: 0, j: 1, variance: -1 };
      for (let i = 0; i < responses.length; i++) {
        for (let j = i + 1; j < responses.length; j++) {
          const variance = preferenceVariance(underIndices, i, j);
          if (variance > best.variance) best = { i, j, variance };
        }
      }
      return {
        first: responses[best.i],
        second: responses[best.j],
        acquisitionScore: best.variance,
      };
    },
  };
}
