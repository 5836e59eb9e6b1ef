import { type World } from "../didactic/world";
import { sameResponse, type SelectionPolicy } from "../selection/policy";

/**
 * An experiment-only yardstick, not a deployable policy: it knows the
 * world. It shows one response drawn from the inclusive target pi* itself
 * (a type drawn by weight, then its words) against one drawn from the LM,
 * so the minority's favourites appear as often as the target holds them.
 * How fast the model learns from these answers bounds what any policy that
 * hunts for neglected responses could gain with the same learner.
 */
export function createTargetOraclePolicy(world: World): SelectionPolicy {
  return {
    name: "target-oracle",
    selectPair({ model, prompt, rng }) {
      const type = world.types[rng.categorical(world.types.map((t) => t.weight))];
      const probs = Array.from(type.tokenLogProbs[prompt], Math.exp);
      const first = Array.from({ length: world.responseLength }, () => rng.categorical(probs));
      for (let attempt = 0; attempt < 16; attempt++) {
        const [second] = model.sample([prompt], rng);
        if (!sameResponse(first, second)) return { first, second, acquisitionScore: 0 };
      }
      // The LM keeps answering with the target's draw: compare with any other.
      const second = first.map((token, t) => (t === 0 ? (token + 1) % world.vocabSize : token));
      return { first, second, acquisitionScore: 0 };
    },
  };
}
