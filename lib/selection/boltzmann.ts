import { scoreCandidates } from "./candidate-scores";
import { sampleDistinct, type SelectionPolicy } from "./policy";

export interface BoltzmannOptions {
  /** Candidate responses drawn from the LM before choosing a pair (>= 2). */
  candidates?: number;
  /**
   * Temperature tau (> 0): candidates are picked with probability
   * proportional to exp(r / tau). Small tau compares the model's favourites;
   * large tau picks uniformly among the distinct candidates.
   */
  temperature?: number;
}

/**
 * Boltzmann exploration: draw distinct candidates from the LM, then pick two
 * of them without replacement with probability proportional to
 * exp(r(x, y) / tau), where r = log pi(y|x) is the LM's own reward. The
 * acquisition score is the pair's mean reward (nats).
 */
export function createBoltzmannPolicy(options: BoltzmannOptions = {}): SelectionPolicy {
  const { candidates = 16, temperature = 1 } = options;
  if (!(temperature > 0)) throw new Error(`Expected temperature > 0, but got ${temperature}`);
  return {
    name: "boltzmann",
    selectPair(context) {
      const { responses, lm } = scoreCandidates(context, sampleDistinct(context, candidates), 0);
      const top = Math.max(...lm);
      const weights = Array.from(lm, (r) => Math.exp((r - top) / temperature));
      const i = context.rng.categorical(weights);
      weights[i] = 0;
      // Underflow can leave only zeros: fall back to uniform over the rest.
      const j = weights.some((w) => w > 0)
        ? context.rng.categorical(weights)
        : (i + 1 + context.rng.int(responses.length - 1)) % responses.length;
      return {
        first: responses[i],
        second: responses[j],
        acquisitionScore: (lm[i] + lm[j]) / 2,
      };
    },
  };
}
