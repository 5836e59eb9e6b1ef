import { sampleDistinct, type SelectionPolicy } from "./policy";

/**
 * The usual RLHF baseline: two independent samples from the LM (resampled
 * if they coincide). Its acquisition score is always 0.
 */
export const passivePolicy: SelectionPolicy = {
  name: "passive",
  selectPair(context) {
    for (let attempt = 0; attempt < 8; attempt++) {
      const [first, second] = context.model.sample([context.prompt, context.prompt], context.rng);
      if (first.join() !== second.join()) return { first, second, acquisitionScore: 0 };
    }
    const [first, second] = sampleDistinct(context, 8);
    return { first, second, acquisitionScore: 0 };
  },
};
