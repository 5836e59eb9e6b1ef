import { SimulatedAnnotator, type World } from "../didactic/world";
import { evaluateObjectives, type BestResponseReference } from "../learning/evaluate";
import { trainRound, type TrainRoundOptions } from "../learning/train-round";
import { PreferenceLM, type ChoiceExample, type ModelOptions } from "../model/preference-lm";
import { getPolicy, type PolicyOptions } from "../selection";
import { createRng } from "../util/random";
import { createTargetOraclePolicy } from "./target-oracle-policy";

export interface TrialOptions {
  /** A registered exploration policy, or the experiment-only "target-oracle". */
  policy: string;
  policyOptions?: PolicyOptions;
  /** Seeds prompts, annotators and training; the same seed gives every policy the same people. */
  seed: number;
  /** Answers to collect (>= 1). */
  labels: number;
  /** Answers between training rounds (>= 1), like the simulator's `--batch`. */
  batchSize?: number;
  /** Settings of each training round (cheaper than production is fine). */
  train?: TrainRoundOptions;
  /** Scale of the epinet's frozen prior (>= 0); the pretrained model's own if unset. */
  priorScale?: number;
  /** Precision of the learnable epinet's prior (>= 0); the pretrained model's own if unset. */
  epinetWeight?: number;
  /** Called after every evaluation, the pretrained one included. */
  onPoint?: (point: CurvePoint) => void;
}

/** Both objectives after `labels` answers. */
export interface CurvePoint {
  labels: number;
  /** KL(target || model), mean over prompts (nats, lower is better). */
  kl: number;
  /** Model share of each annotator type's favourite responses, by type name. */
  shares: Record<string, number>;
  /** Win rate of the model's best-of-N pick over a pretrained sample (higher is better). */
  bestResponse: number;
}

/**
 * One run of the annotation loop in memory, mirroring the database-backed
 * simulation: for each answer a prompt is drawn, the policy picks the pair
 * from the current model, sides are shuffled, a person drawn from the
 * population answers by the Luce rule of their type, and after every batch
 * the model learns through `trainRound`, starting from a round-tripped
 * checkpoint exactly as the trainer process does. Both objectives are
 * measured exactly before the first answer and after every batch.
 *
 * @param pretrained serialised weights of the pretrained model.
 */
export function runTrial(
  world: World,
  pretrained: Uint8Array,
  reference: BestResponseReference,
  options: TrialOptions,
): CurvePoint[] {
  const { labels, seed, batchSize = 25 } = options;
  if (!Number.isInteger(labels) || labels < 1) {
    throw new Error(`Expected labels to be a positive integer, but got ${labels}`);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`Expected batchSize to be a positive integer, but got ${batchSize}`);
  }
  const policy =
    options.policy === "target-oracle"
      ? createTargetOraclePolicy(world)
      : getPolicy(options.policy, options.policyOptions);
  // Separate streams, so that under one seed every policy meets the same
  // prompts and the same people in the same order.
  const prompts = createRng(`trial:${seed}:prompts`);
  const people = createRng(`trial:${seed}:people`);
  const sides = createRng(`trial:${seed}:sides`);
  const choices = createRng(`trial:${seed}:policy`);
  const training = createRng(`trial:${seed}:train`);
  const overrides: ModelOptions = {};
  if (options.priorScale !== undefined) overrides.priorScale = options.priorScale;
  if (options.epinetWeight !== undefined) overrides.epinetWeight = options.epinetWeight;

  let model = PreferenceLM.deserialize(pretrained, overrides);
  const curve: CurvePoint[] = [];
  const record = (done: number) => {
    const point = toPoint(done, evaluateObjectives(world, model, reference));
    curve.push(point);
    options.onPoint?.(point);
  };

  try {
    record(0);
    const learned: ChoiceExample[] = [];
    let fresh: ChoiceExample[] = [];
    for (let done = 1; done <= labels; done++) {
      const prompt = prompts.int(world.prompts.length);
      const pair = policy.selectPair({ model, prompt, rng: choices });
      const [left, right] =
        sides.uniform() < 0.5 ? [pair.first, pair.second] : [pair.second, pair.first];
      const outcome = new SimulatedAnnotator(world, people).answer(prompt, left, right);
      fresh.push({ prompt, left, right, pLeft: outcome === "LEFT" ? 1 : 0 });

      if (done % batchSize === 0 || done === labels) {
        const next = PreferenceLM.deserialize(model.serialize());
        model.dispose();
        model = next;
        trainRound(model, fresh, learned, training, options.train);
        learned.push(...fresh);
        fresh = [];
        record(done);
      }
    }
    return curve;
  } finally {
    model.dispose();
  }
}

function toPoint(labels: number, fit: ReturnType<typeof evaluateObjectives>): CurvePoint {
  return {
    labels,
    kl: fit.kl,
    shares: Object.fromEntries(fit.shares.map((s) => [s.type, s.modelShare])),
    bestResponse: fit.winRate,
  };
}
