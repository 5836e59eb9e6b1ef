import type { ChoiceExample, PreferenceLM } from "../model/preference-lm";
import type { Rng } from "../util/random";

export interface TrainRoundOptions {
  /** Gradient steps in the round. */
  steps?: number;
  /** Choices per step: half new ones, half drawn from everything. */
  batchSize?: number;
}

/**
 * One round of preference learning on the shared model: `steps` Adam steps,
 * each on a batch that is half new choices and half replay drawn from all
 * choices so far (new and old), with the anchor scaled to the whole dataset.
 * The trainer process and the in-memory experiment both learn through this.
 */
export function trainRound(
  model: PreferenceLM,
  fresh: ChoiceExample[],
  replay: ChoiceExample[],
  rng: Rng,
  options: TrainRoundOptions = {},
): void {
  const { steps = 20, batchSize = 64 } = options;
  if (fresh.length === 0) return;
  const everything = replay.length > 0 ? [...fresh, ...replay] : fresh;
  const half = Math.ceil(batchSize / 2);

  for (let step = 0; step < steps; step++) {
    const batch: ChoiceExample[] = [];
    for (let i = 0; i < half; i++) batch.push(fresh[rng.int(fresh.length)]);
    for (let i = half; i < batchSize; i++) batch.push(everything[rng.int(everything.length)]);
    model.trainOnChoices(batch, rng, everything.length);
  }
}
