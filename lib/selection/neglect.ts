import { preferenceVariance, scoreCandidates } from "./candidate-scores";
import { sampleDistinct, type SelectionPolicy } from "./policy";

export interface NeglectOptions {
  /** Candidates drawn from the LM, and as many again from a plausible model (>= 2). */
  candidates?: number;
  /** Epistemic indices that stand for plausible targets (>= 2). */
  indices?: number;
}

/**
 * Neglect sampling, our policy for the inclusive fit KL(target || model).
 *
 * The KL is large where the target has mass the model lacks, and passive
 * sampling rarely shows such responses because it draws from the model. So
 * candidates come from the LM ("typical") and from one plausible model (a
 * Thompson draw of the epistemic index). Each candidate's neglect is the KL
 * term it would contribute if a plausible model were the truth, counted
 * only where that model gives it more mass than the LM does:
 * neglect(y) = mean_z max(0, pi_z(y) (log pi_z(y) - log pi(y))) (nats).
 * The first response is drawn with probability proportional to its neglect
 * (drawn, not maximised, so a batch asks about many neglected responses);
 * the second is the typical candidate whose comparison with it the
 * plausible models disagree on most, anchoring it to where the model's mass
 * is. The acquisition score is neglect(first) * Var_z P_z(first > second).
 */
export function createNeglectPolicy(options: NeglectOptions = {}): SelectionPolicy {
  const { candidates = 8, indices = 16 } = options;
  return {
    name: "neglect",
    selectPair(context) {
      const { model, rng } = context;
      const [plausible] = model.sampleIndices(1, rng);
      const typical = sampleDistinct(context, candidates);
      // Typical candidates keep the first positions (a Map keeps insertion order).
      const unique = new Map(typical.map((tokens) => [tokens.join(","), tokens]));
      for (const tokens of sampleDistinct(context, candidates, plausible)) {
        if (!unique.has(tokens.join(","))) unique.set(tokens.join(","), tokens);
      }
      const { responses, lm, underIndices } = scoreCandidates(
        context,
        [...unique.values()],
        indices,
      );

      const neglect = responses.map((_, i) => {
        let total = 0;
        for (const scores of underIndices) {
          total += Math.max(0, Math.exp(scores[i]) * (scores[i] - lm[i]));
        }
        return total / underIndices.length;
      });
      const first = neglect.some((n) => n > 0)
        ? rng.categorical(neglect)
        : rng.int(responses.length);
      let second = -1;
      let variance = -1;
      for (let j = 0; j < typical.length; j++) {
        const v = j === first ? -1 : preferenceVariance(underIndices, first, j);
        if (v > variance) [second, variance] = [j, v];
      }
      // Only one typical candidate, and it is the first: take any other.
      if (second < 0 || second === first) {
        second = (first + 1) % responses.length;
        variance = preferenceVariance(underIndices, first, second);
      }
      return {
        first: responses[first],
        second: responses[second],
        acquisitionScore: neglect[first] * variance,
      };
    },
  };
}
