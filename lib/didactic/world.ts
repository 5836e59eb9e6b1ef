import { createRng, logSumExp, sigmoid, type Rng } from "../util/random";

/**
 * The didactic world: a small, fully known data-generating process.
 *
 * A response to a prompt is `responseLength` words from `vocabulary`. Each
 * annotator type has a taste (a utility per word, per prompt); its preferred
 * distribution over responses is p_k(y|x) ∝ exp(sum_t taste_k,x[y_t]), and it
 * chooses between two responses by the Luce rule on p_k. The inclusive
 * target is the population mixture pi*(y|x) = sum_k w_k p_k(y|x). The
 * pretraining distribution has a taste of its own, so the pretrained model
 * starts away from the population.
 */
export interface WorldSpec {
  key: string;
  description: string;
  vocabulary: string[];
  responseLength: number;
  prompts: string[];
  population: AnnotatorTypeSpec[];
  /** Word utilities of the pretraining (base) distribution. */
  pretraining: TasteSpec;
}

export interface AnnotatorTypeSpec {
  name: string;
  /** Share of the population; weights are normalised to sum to 1. */
  weight: number;
  taste: TasteSpec;
}

/** Word utilities: `shared` for every prompt, plus per-prompt additions. */
export interface TasteSpec {
  shared: Record<string, number>;
  perPrompt?: Record<string, number>[];
}

export interface AnnotatorType {
  name: string;
  weight: number;
  /** tokenLogProbs[prompt][token]: log softmax of the type's utilities. */
  tokenLogProbs: Float64Array[];
}

export interface World {
  spec: WorldSpec;
  key: string;
  vocabulary: string[];
  vocabSize: number;
  responseLength: number;
  prompts: string[];
  types: AnnotatorType[];
  pretrainingLogProbs: Float64Array[];
  /** V^L: the number of distinct responses to each prompt. */
  responseCount: number;
}

/** Builds a world from its description, checking it is consistent. */
export function createWorld(spec: WorldSpec): World {
  const vocabSize = spec.vocabulary.length;
  if (vocabSize < 2) throw new Error("Expected a vocabulary of at least 2 words");
  if (new Set(spec.vocabulary).size !== vocabSize) {
    throw new Error("Expected vocabulary words to be distinct");
  }
  if (!Number.isInteger(spec.responseLength) || spec.responseLength < 1) {
    throw new Error(`Expected responseLength >= 1, but got ${spec.responseLength}`);
  }
  if (spec.prompts.length < 1) throw new Error("Expected at least one prompt");
  if (spec.population.length < 1) throw new Error("Expected at least one annotator type");

  const totalWeight = spec.population.reduce((sum, t) => sum + t.weight, 0);
  if (!(totalWeight > 0) || spec.population.some((t) => !(t.weight > 0))) {
    throw new Error("Expected every population weight to be positive");
  }

  const toLogProbs = (taste: TasteSpec, where: string) =>
    spec.prompts.map((_, promptIndex) => {
      const utilities = new Float64Array(vocabSize);
      const add = (table: Record<string, number>) => {
        for (const [word, value] of Object.entries(table)) {
          const token = spec.vocabulary.indexOf(word);
          if (token < 0) throw new Error(`${where}: "${word}" is not in the vocabulary`);
          utilities[token] += value;
        }
      };
      add(taste.shared);
      if (taste.perPrompt?.[promptIndex]) add(taste.perPrompt[promptIndex]);
      const norm = logSumExp(utilities);
      return utilities.map((u) => u - norm);
    });

  return {
    spec,
    key: spec.key,
    vocabulary: spec.vocabulary,
    vocabSize,
    responseLength: spec.responseLength,
    prompts: spec.prompts,
    types: spec.population.map((t) => ({
      name: t.name,
      weight: t.weight / totalWeight,
      tokenLogProbs: toLogProbs(t.taste, `population type "${t.name}"`),
    })),
    pretrainingLogProbs: toLogProbs(spec.pretraining, "pretraining"),
    responseCount: vocabSize ** spec.responseLength,
  };
}

/** The readable phrase for a response. */
export function responseText(world: World, tokens: ArrayLike<number>): string {
  return Array.from(tokens, (t) => world.vocabulary[t]).join(" ");
}

/** Maps a response to its index in [0, V^L) (first token most significant). */
export function responseIndex(world: World, tokens: ArrayLike<number>): number {
  let index = 0;
  for (let t = 0; t < tokens.length; t++) index = index * world.vocabSize + tokens[t];
  return index;
}

/** Inverse of `responseIndex`. */
export function responseTokens(world: World, index: number): number[] {
  const tokens = new Array<number>(world.responseLength);
  for (let t = world.responseLength - 1; t >= 0; t--) {
    tokens[t] = index % world.vocabSize;
    index = Math.floor(index / world.vocabSize);
  }
  return tokens;
}

/** log p_k(y|x) for one annotator type: a sum of per-token log-probabilities. */
export function typeLogProb(
  type: AnnotatorType,
  prompt: number,
  tokens: ArrayLike<number>,
): number {
  let logProb = 0;
  for (let t = 0; t < tokens.length; t++) logProb += type.tokenLogProbs[prompt][tokens[t]];
  return logProb;
}

/**
 * Exact log pi*(y|x) of the inclusive target for every response to a prompt,
 * indexed by `responseIndex`. Needs V^L entries: for small worlds only.
 */
export function targetLogProbs(world: World, prompt: number): Float64Array {
  return mixtureLogProbs(
    world,
    world.types.map((t) => ({ weight: t.weight, tokenLogProbs: t.tokenLogProbs[prompt] })),
  );
}

/** Exact log-probabilities of the pretraining distribution for a prompt. */
export function pretrainingLogProbs(world: World, prompt: number): Float64Array {
  return mixtureLogProbs(world, [{ weight: 1, tokenLogProbs: world.pretrainingLogProbs[prompt] }]);
}

function mixtureLogProbs(
  world: World,
  components: { weight: number; tokenLogProbs: Float64Array }[],
): Float64Array {
  const out = new Float64Array(world.responseCount);
  const parts = new Float64Array(components.length);
  for (let index = 0; index < world.responseCount; index++) {
    const tokens = responseTokens(world, index);
    components.forEach((c, k) => {
      let logProb = Math.log(c.weight);
      for (const token of tokens) logProb += c.tokenLogProbs[token];
      parts[k] = logProb;
    });
    out[index] = logSumExp(parts);
  }
  return out;
}

/** Draws a response from the pretraining distribution (token by token). */
export function samplePretraining(world: World, prompt: number, rng: Rng): number[] {
  const probs = world.pretrainingLogProbs[prompt].map(Math.exp);
  return Array.from({ length: world.responseLength }, () => rng.categorical(probs));
}

export type SimulatedOutcome = "LEFT" | "RIGHT" | "TIE" | "SKIP";

export interface SimulatedAnnotatorOptions {
  /** Probability of answering "tie" instead of choosing, in [0, 1). */
  tieRate?: number;
  /** Probability of skipping the comparison, in [0, 1). */
  skipRate?: number;
}

/**
 * A simulated person: drawn from the population once, then answers every
 * comparison by the Luce rule on its own type's preferences.
 */
export class SimulatedAnnotator {
  readonly typeIndex: number;

  constructor(
    private readonly world: World,
    private readonly rng: Rng,
    private readonly options: SimulatedAnnotatorOptions = {},
  ) {
    this.typeIndex = rng.categorical(world.types.map((t) => t.weight));
  }

  get typeName(): string {
    return this.world.types[this.typeIndex].name;
  }

  /** P(left chosen) = p_k(left) / (p_k(left) + p_k(right)). */
  probabilityLeft(prompt: number, left: number[], right: number[]): number {
    const type = this.world.types[this.typeIndex];
    return sigmoid(typeLogProb(type, prompt, left) - typeLogProb(type, prompt, right));
  }

  answer(prompt: number, left: number[], right: number[]): SimulatedOutcome {
    const { tieRate = 0, skipRate = 0 } = this.options;
    const roll = this.rng.uniform();
    if (roll < skipRate) return "SKIP";
    if (roll < skipRate + tieRate) return "TIE";
    return this.rng.uniform() < this.probabilityLeft(prompt, left, right) ? "LEFT" : "RIGHT";
  }
}

/** A fresh generator for a world-level purpose, derived from a seed. */
export function worldRng(seed: number, purpose: string): Rng {
  return createRng(`${seed}:${purpose}`);
}
