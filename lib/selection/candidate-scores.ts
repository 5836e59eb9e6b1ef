import { sigmoid } from "../util/random";
import type { SelectionContext } from "./policy";

/** Candidate responses with their rewards under the LM and sampled indices. */
export interface CandidateScores {
  responses: number[][];
  /** r(x, y) = log pi(y|x) under the LM (z = 0), per candidate (nats). */
  lm: Float32Array;
  /** underIndices[m][i] = r_z_m(x, y_i) for each sampled epistemic index. */
  underIndices: Float32Array[];
}

/**
 * Scores candidates under the LM and `indexCount` freshly sampled epistemic
 * indices in one batched pass (z = 0 is the LM itself, so it rides along).
 * @param indexCount epistemic indices to sample (>= 0).
 */
export function scoreCandidates(
  context: SelectionContext,
  responses: number[][],
  indexCount: number,
): CandidateScores {
  const { model, prompt, rng } = context;
  const zero = new Array<number>(model.options.indexDim).fill(0);
  const [lm, ...underIndices] = model.sequenceLogProbsUnder(
    new Array(responses.length).fill(prompt),
    responses,
    [zero, ...model.sampleIndices(indexCount, rng)],
  );
  return { responses, lm, underIndices };
}

/**
 * Variance across indices of P_z(y_i preferred to y_j) =
 * sigmoid(r_z(y_i) - r_z(y_j)): the epistemic uncertainty about the answer,
 * in [0, 0.25].
 */
export function preferenceVariance(underIndices: Float32Array[], i: number, j: number): number {
  let sum = 0;
  let sumSquares = 0;
  for (const scores of underIndices) {
    const p = sigmoid(scores[i] - scores[j]);
    sum += p;
    sumSquares += p * p;
  }
  const count = underIndices.length;
  const mean = sum / count;
  return Math.max(0, sumSquares / count - mean * mean);
}

/** Index of the highest score (first on ties). */
export function argmax(scores: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i] > scores[best]) best = i;
  return best;
}
