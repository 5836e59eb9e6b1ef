import { PreferenceLM, type ModelOptions } from "../model/preference-lm";
import { samplePretraining, type World } from "../didactic/world";
import { createRng } from "../util/random";

export interface PretrainOptions {
  /** Gradient steps of maximum likelihood on base text. */
  steps?: number;
  /** Responses per step, spread evenly over prompts. */
  batchSize?: number;
  seed?: number;
  model?: ModelOptions;
}

/**
 * Builds the pretrained model: fits a fresh LM by maximum likelihood to text
 * drawn from the world's base distribution, which differs from the
 * population's preferences, and anchors future updates to the result.
 */
export function pretrainModel(world: World, options: PretrainOptions = {}): PreferenceLM {
  const { steps = 300, batchSize = 128, seed = 0 } = options;
  const model = new PreferenceLM(
    {
      promptCount: world.prompts.length,
      vocabSize: world.vocabSize,
      responseLength: world.responseLength,
    },
    { seed, ...options.model },
  );
  const rng = createRng(`pretrain:${seed}`);

  for (let step = 0; step < steps; step++) {
    const prompts = Array.from({ length: batchSize }, (_, i) => i % world.prompts.length);
    const responses = prompts.map((p) => samplePretraining(world, p, rng));
    model.pretrainStep(prompts, responses);
  }

  model.resetAnchor();
  return model;
}
