import { sigmoid } from "../util/random";
import { sampleDistinct, type SelectionPolicy } from "./policy";

export interface InfomaxOptions {
  /** Candidate responses drawn from the LM before choosing a pair. */
  candidates?: number;
  /** Epistemic indices used to measure disagreement. */
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
      const responses = sampleDistinct(context, candidates);
      const { model, prompt, rng } = context;
      const scores = model.sequenceLogProbsUnder(
        new Array(responses.length).fill(prompt),
        responses,
        model.sampleIndices(indices, rng),
      );
      let best = { i: 0, j: 1, variance: -1 };
      for (let i = 0; i < responses.length; i++) {
        for (let j = i + 1; j < responses.length; j++) {
          const variance = varianceOf(scores.map((r) => sigmoid(r[i] - r[j])));
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

function varianceOf(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
}
