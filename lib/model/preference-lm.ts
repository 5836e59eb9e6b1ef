import * as tf from "@tensorflow/tfjs";
import { createRng, sigmoid, type Rng } from "../util/random";

/**
 * The shared model: one small autoregressive language model that is at once
 * the policy (it writes responses token by token), the reward model (its
 * sequence log-probability is the reward) and the transition function (each
 * token appends to the state).
 *
 * The LM is a two-layer MLP over a fixed-size context: the prompt, the
 * position, and the response prefix. An epinet on the LM's final features
 * (gradient stopped) adds an index-dependent term to the logits, so each
 * epistemic index z ~ N(0, I) gives one plausible model; z = 0 is the LM
 * itself.
 */
export interface ModelShape {
  promptCount: number;
  vocabSize: number;
  responseLength: number;
}

export interface ModelOptions {
  /** Width of the LM's two hidden layers. */
  hiddenSize?: number;
  /** Dimension of the epistemic index z (10-30 in the literature). */
  indexDim?: number;
  /** Width of the epinet's hidden layer. */
  epinetHidden?: number;
  /** Scale of the frozen random prior network (>= 0). */
  priorScale?: number;
  /** Adam learning rate for preference updates. */
  learningRate?: number;
  /**
   * Precision of the Gaussian prior around the pretrained weights (>= 0):
   * the L2 anchor weighs `anchorWeight / datasetSize` per example, as in a
   * MAP fit of the whole dataset, so a handful of answers cannot drag the
   * model far while many answers can.
   */
  anchorWeight?: number;
  /**
   * Precision of the Gaussian prior on the learnable epinet (>= 0), per
   * dataset like `anchorWeight`. It trades two things: to shrink the spread
   * where data exist, the learnable part must grow to cancel the frozen
   * prior, which a strong L2 forbids (at 10 a pair answered 32 times keeps
   * 60% of its spread after 250 steps, at 0.1 under 40%); but a free epinet
   * also absorbs part of the fit, and the LM itself (z = 0) learned the
   * inclusive target more slowly at 0.1 in the experiment (README).
   */
  epinetWeight?: number;
  /** Epistemic indices sampled per training batch. */
  indicesPerStep?: number;
  seed?: number;
}

/** One recorded choice: `pLeft` is 1 (left chosen), 0 (right) or 0.5 (tie). */
export interface ChoiceExample {
  prompt: number;
  left: number[];
  right: number[];
  pLeft: number;
}

const DEFAULTS: Required<ModelOptions> = {
  hiddenSize: 64,
  indexDim: 8,
  epinetHidden: 32,
  priorScale: 1.0,
  learningRate: 0.002,
  anchorWeight: 10,
  epinetWeight: 10,
  indicesPerStep: 8,
  seed: 0,
};

const LM_PARAMS = ["w1", "b1", "w2", "b2", "wOut", "bOut"] as const;
const EPINET_PARAMS = ["e1", "eb1", "e2"] as const;
type ParamName = (typeof LM_PARAMS)[number] | (typeof EPINET_PARAMS)[number] | "p1" | "pb1" | "p2";

export class PreferenceLM {
  readonly shape: ModelShape;
  readonly options: Required<ModelOptions>;
  readonly inputSize: number;
  private readonly params = new Map<ParamName, tf.Variable>();
  /** The pretrained LM weights that the preference loss is anchored to. */
  private anchor = new Map<ParamName, tf.Tensor>();
  private optimizer: tf.Optimizer;
  private pretrainOptimizer: tf.Optimizer | null = null;
  private disposed = false;

  constructor(shape: ModelShape, options: ModelOptions = {}) {
    for (const [key, value] of Object.entries(shape)) {
      if (!Number.isInteger(value) || value < 1) {
        throw new Error(`Expected ${key} to be a positive integer, but got ${value}`);
      }
    }
    this.shape = { ...shape };
    this.options = { ...DEFAULTS, ...options };
    const { vocabSize, responseLength, promptCount } = shape;
    this.inputSize = promptCount + responseLength + (responseLength - 1) * vocabSize;

    const { hiddenSize: h, indexDim: d, epinetHidden: g } = this.options;
    const rng = createRng(`model:${this.options.seed}`);
    const init = (name: ParamName, rows: number, cols: number, scale: number, trainable = true) => {
      const values = new Float32Array(rows * cols);
      for (let i = 0; i < values.length; i++) values[i] = rng.normal() * scale;
      const shape2 = cols === 1 ? [rows] : [rows, cols];
      // The variable keeps its own reference: free the initial tensor.
      this.params.set(
        name,
        tf.tidy(() => tf.variable(tf.tensor(values, shape2), trainable)),
      );
    };
    const zeros = (name: ParamName, rows: number, cols = 1) => init(name, rows, cols, 0);

    init("w1", this.inputSize, h, Math.sqrt(2 / this.inputSize));
    zeros("b1", h);
    init("w2", h, h, Math.sqrt(2 / h));
    zeros("b2", h);
    init("wOut", h, vocabSize, Math.sqrt(1 / h));
    zeros("bOut", vocabSize);
    init("e1", h + d, g, Math.sqrt(2 / (h + d)));
    zeros("eb1", g);
    // The learnable epinet starts at zero, so the initial uncertainty is the
    // prior's alone and shrinks only as data arrive.
    zeros("e2", g, d * vocabSize);
    init("p1", h + d, g, Math.sqrt(2 / (h + d)), false);
    init("pb1", g, 1, 0.1, false);
    init("p2", g, d * vocabSize, Math.sqrt(1 / g), false);

    this.optimizer = tf.train.adam(this.options.learningRate);
    this.resetAnchor();
  }

  // ---------------------------------------------------------------- encoding

  /**
   * Encodes the state before each token of each response: one-hot prompt,
   * one-hot position, and one one-hot slot per earlier token.
   * Rows are ordered response-major: row = response * L + position.
   */
  encodeContexts(prompts: ArrayLike<number>, responses: ArrayLike<number>[]): tf.Tensor2D {
    const { responseLength: L, vocabSize: V, promptCount: P } = this.shape;
    const data = new Float32Array(responses.length * L * this.inputSize);
    for (let r = 0; r < responses.length; r++) {
      const tokens = responses[r];
      if (tokens.length !== L) {
        throw new Error(`Expected responses of ${L} tokens, but got ${tokens.length}`);
      }
      const prompt = prompts[r];
      if (!(prompt >= 0 && prompt < P)) throw new Error(`Prompt index ${prompt} out of range`);
      for (let t = 0; t < L; t++) {
        const row = (r * L + t) * this.inputSize;
        data[row + prompt] = 1;
        data[row + P + t] = 1;
        for (let s = 0; s < t; s++) {
          const token = tokens[s];
          if (!(token >= 0 && token < V)) throw new Error(`Token ${token} out of range`);
          data[row + P + L + s * V + token] = 1;
        }
      }
    }
    return tf.tensor2d(data, [responses.length * L, this.inputSize]);
  }

  // ----------------------------------------------------------------- forward

  private p(name: ParamName): tf.Variable {
    return this.params.get(name)!;
  }

  /** The LM's final hidden features, [N, hidden]. */
  private features(contexts: tf.Tensor2D): tf.Tensor2D {
    const h1 = tf.relu(tf.add(tf.matMul(contexts, this.p("w1")), this.p("b1")));
    return tf.relu(tf.add(tf.matMul(h1, this.p("w2")), this.p("b2"))) as tf.Tensor2D;
  }

  /**
   * Next-token logits under each epistemic index: [M, N, V].
   * logits_z = LM(x) + (learnable(sg(h), z) + priorScale * prior(sg(h), z)) . z
   * With `indices` null the LM alone is returned as [1, N, V].
   */
  private logits(contexts: tf.Tensor2D, indices: tf.Tensor2D | null): tf.Tensor3D {
    const h = this.features(contexts);
    const base = tf.add(tf.matMul(h, this.p("wOut")), this.p("bOut"));
    if (indices === null) return base.expandDims(0) as tf.Tensor3D;

    // The epinet reads the features as a constant: no gradient reaches the LM
    // through it, and the frozen prior branch is left off the gradient tape
    // entirely instead of being differentiated and then multiplied by zero.
    const hs = tf.tensor2d(h.dataSync() as Float32Array, h.shape);
    const epi = tf.add(
      this.epinetBranch(hs, indices, "e1", "eb1", "e2"),
      tf.mul(this.epinetBranch(hs, indices, "p1", "pb1", "p2"), this.options.priorScale),
    );
    return tf.add(base.expandDims(0), epi) as tf.Tensor3D;
  }

  /**
   * One epinet branch, contracted with z: [M, N, V].
   * out[m, n, :] = sum_d z[m, d] * (relu([h_n, z_m] W1 + b1) W2)[d, :]
   * Computed without materialising [M, N, D, V]: the first layer splits into
   * an h part and a z part, and z is folded into W2 before the last matmul.
   */
  private epinetBranch(
    h: tf.Tensor2D,
    indices: tf.Tensor2D,
    w1: ParamName,
    b1: ParamName,
    w2: ParamName,
  ): tf.Tensor3D {
    const [m, d] = indices.shape;
    const hidden = this.options.hiddenSize;
    const v = this.shape.vocabSize;
    const [wh, wz] = tf.split(this.p(w1), [hidden, d], 0);
    const fromH = tf.matMul(h, wh).expandDims(0); // [1, N, G]
    const fromZ = tf.add(tf.matMul(indices, wz), this.p(b1)).expandDims(1); // [M, 1, G]
    const activations = tf.relu(tf.add(fromH, fromZ)); // [M, N, G]
    const g = this.options.epinetHidden;
    // W_m = sum_d z[m, d] * W2[:, d, :], shape [M, G, V].
    const folded = tf.sum(
      tf.mul(tf.reshape(this.p(w2), [1, g, d, v]), tf.reshape(indices, [m, 1, d, 1])),
      2,
    );
    return tf.matMul(activations, folded) as tf.Tensor3D;
  }

  /**
   * Sequence log-probabilities r_z(x, y) = sum_t log pi_z(y_t | x, y_<t),
   * as a [M, B] tensor (M = number of indices, or 1 for the LM alone).
   */
  sequenceLogProbsTensor(
    prompts: ArrayLike<number>,
    responses: ArrayLike<number>[],
    indices: tf.Tensor2D | null = null,
  ): tf.Tensor2D {
    const { responseLength: L, vocabSize: V } = this.shape;
    const b = responses.length;
    const contexts = this.encodeContexts(prompts, responses);
    const targets = new Int32Array(b * L);
    responses.forEach((tokens, r) => {
      for (let t = 0; t < L; t++) targets[r * L + t] = tokens[t];
    });
    const logits = this.logits(contexts, indices);
    const logProbs = tf.logSoftmax(logits);
    const picked = tf.sum(tf.mul(logProbs, tf.oneHot(tf.tensor1d(targets, "int32"), V)), 2);
    const m = logits.shape[0];
    return tf.sum(tf.reshape(picked, [m, b, L]), 2) as tf.Tensor2D;
  }

  /** log pi(y|x) under the LM (z = 0) for each response. */
  sequenceLogProbs(prompts: ArrayLike<number>, responses: ArrayLike<number>[]): Float32Array {
    return tf.tidy(
      () => this.sequenceLogProbsTensor(prompts, responses).dataSync() as Float32Array,
    );
  }

  /**
   * log pi_z(y|x) for each of the given epistemic indices: result[m][b].
   * @param indices M index vectors of length `indexDim`.
   */
  sequenceLogProbsUnder(
    prompts: ArrayLike<number>,
    responses: ArrayLike<number>[],
    indices: number[][],
  ): Float32Array[] {
    return tf.tidy(() => {
      const z = tf.tensor2d(indices, [indices.length, this.options.indexDim]);
      const flat = this.sequenceLogProbsTensor(prompts, responses, z).dataSync();
      return indices.map((_, m) =>
        Float32Array.from(flat.subarray(m * responses.length, (m + 1) * responses.length)),
      );
    });
  }

  /**
   * The epistemic spread of predicted preferences: for each pair, the
   * standard deviation across the given indices z of
   * P_z(first preferred) = sigmoid(r_z(first) - r_z(second)), in [0, 0.5].
   * It is wide where the recorded choices say little about the pair and
   * shrinks as they accumulate.
   * @param pairs responses to `prompt`, compared as [first, second].
   * @param indices at least two epistemic indices (see `sampleIndices`).
   */
  preferenceSpread(prompt: number, pairs: [number[], number[]][], indices: number[][]): number[] {
    if (indices.length < 2) {
      throw new Error(`Expected at least 2 epistemic indices, but got ${indices.length}`);
    }
    const scores = this.sequenceLogProbsUnder(
      new Array(pairs.length * 2).fill(prompt),
      pairs.flat(),
      indices,
    );
    return pairs.map((_, k) => {
      const p = scores.map((r) => sigmoid(r[2 * k] - r[2 * k + 1]));
      const mean = p.reduce((a, b) => a + b, 0) / p.length;
      return Math.sqrt(p.reduce((sum, v) => sum + (v - mean) ** 2, 0) / p.length);
    });
  }

  /** Draws `count` epistemic indices z ~ N(0, I). */
  sampleIndices(count: number, rng: Rng): number[][] {
    return Array.from({ length: count }, () =>
      Array.from({ length: this.options.indexDim }, () => rng.normal()),
    );
  }

  /**
   * Samples responses token by token from the LM, or from the plausible
   * model of index `z` when given.
   */
  sample(prompts: number[], rng: Rng, z: number[] | null = null): number[][] {
    const { responseLength: L, vocabSize: V } = this.shape;
    const responses = prompts.map(() => new Array<number>(L).fill(0));
    for (let t = 0; t < L; t++) {
      const probs = tf.tidy(() => {
        const contexts = this.encodeContexts(prompts, responses);
        const zt = z === null ? null : tf.tensor2d([z], [1, this.options.indexDim]);
        const all = tf.softmax(this.logits(contexts, zt));
        // Only the rows for position t matter for this step.
        const rows = prompts.map((_, r) => r * L + t);
        return tf.gather(all.squeeze([0]), rows).dataSync();
      });
      responses.forEach((tokens, r) => {
        tokens[t] = rng.categorical(probs.subarray(r * V, (r + 1) * V));
      });
    }
    return responses;
  }

  // ---------------------------------------------------------------- training

  /**
   * Negative log-likelihood of recorded choices under the Luce rule,
   * averaged over the given epistemic indices:
   * d_z = r_z(left) - r_z(right);
   * nll = mean_z,b [ pLeft * softplus(-d) + (1 - pLeft) * softplus(d) ].
   */
  choiceNll(examples: ChoiceExample[], indices: tf.Tensor2D | null): tf.Scalar {
    const b = examples.length;
    const prompts = examples.flatMap((e) => [e.prompt, e.prompt]);
    const responses = examples.flatMap((e) => [e.left, e.right]);
    const r = this.sequenceLogProbsTensor(prompts, responses, indices);
    const m = r.shape[0];
    const pairs = tf.reshape(r, [m, b, 2]);
    const [left, right] = tf.split(pairs, 2, 2);
    const diff = tf.sub(left, right).reshape([m, b]);
    const pLeft = tf.tensor1d(examples.map((e) => e.pLeft));
    const nll = tf.add(
      tf.mul(pLeft, tf.softplus(tf.neg(diff))),
      tf.mul(tf.sub(1, pLeft), tf.softplus(diff)),
    );
    return tf.mean(nll) as tf.Scalar;
  }

  /**
   * The Gaussian priors of a MAP fit, per dataset: anchorWeight times the
   * squared distance of the LM from its anchor, plus epinetWeight times the
   * learnable epinet's squared norm.
   */
  private regulariser(): tf.Scalar {
    let anchor: tf.Tensor = tf.scalar(0);
    for (const name of LM_PARAMS) {
      anchor = tf.add(anchor, tf.sum(tf.square(tf.sub(this.p(name), this.anchor.get(name)!))));
    }
    let epinet: tf.Tensor = tf.scalar(0);
    for (const name of EPINET_PARAMS) {
      epinet = tf.add(epinet, tf.sum(tf.square(this.p(name))));
    }
    const { anchorWeight, epinetWeight } = this.options;
    return tf.add(tf.mul(anchor, anchorWeight), tf.mul(epinet, epinetWeight)) as tf.Scalar;
  }

  /**
   * One Adam step on a batch of choices: the choice NLL averaged over
   * `indicesPerStep` sampled epistemic indices, plus the priors.
   * @param datasetSize how many choices the batch was drawn from (>= 1); it
   *   scales the priors (see `anchorWeight`). Defaults to the batch size.
   * @returns the loss before the step.
   */
  trainOnChoices(examples: ChoiceExample[], rng: Rng, datasetSize = examples.length): number {
    if (examples.length === 0) throw new Error("Expected at least one choice to train on");
    if (!(datasetSize >= 1)) throw new Error(`Expected datasetSize >= 1, but got ${datasetSize}`);
    const indices = this.sampleIndices(this.options.indicesPerStep, rng);
    const varList = [...LM_PARAMS, ...EPINET_PARAMS].map((n) => this.p(n));
    const cost = this.optimizer.minimize(
      () =>
        tf.add(
          this.choiceNll(examples, tf.tensor2d(indices)),
          tf.div(this.regulariser(), datasetSize),
        ) as tf.Scalar,
      true,
      varList,
    )!;
    const value = cost.dataSync()[0];
    cost.dispose();
    return value;
  }

  /** Mean choice NLL under the LM alone (z = 0). */
  evaluateChoiceLoss(examples: ChoiceExample[]): number {
    if (examples.length === 0) return NaN;
    return tf.tidy(() => this.choiceNll(examples, null).dataSync()[0]);
  }

  /**
   * One maximum-likelihood step on text from the base distribution
   * (pretraining). Returns the mean negative log-likelihood per response.
   */
  pretrainStep(prompts: number[], responses: number[][], learningRate = 0.01): number {
    this.pretrainOptimizer ??= tf.train.adam(learningRate);
    const varList = LM_PARAMS.map((n) => this.p(n));
    const cost = this.pretrainOptimizer.minimize(
      () => tf.neg(tf.mean(this.sequenceLogProbsTensor(prompts, responses))) as tf.Scalar,
      true,
      varList,
    )!;
    const value = cost.dataSync()[0];
    cost.dispose();
    return value;
  }

  /** Makes the current LM weights the anchor (call after pretraining). */
  resetAnchor(): void {
    this.anchor.forEach((t) => t.dispose());
    this.anchor = new Map(LM_PARAMS.map((n) => [n, tf.keep(this.p(n).clone())]));
  }

  // ------------------------------------------------------- whole distribution

  /**
   * log pi(y|x) for every one of the V^L responses to `prompt`, indexed by
   * response index (first token most significant). Small worlds only.
   */
  allResponseLogProbs(prompt: number): Float32Array {
    const { vocabSize: V, responseLength: L } = this.shape;
    const count = V ** L;
    const responses: number[][] = [];
    for (let index = 0; index < count; index++) {
      const tokens = new Array<number>(L);
      let rest = index;
      for (let t = L - 1; t >= 0; t--) {
        tokens[t] = rest % V;
        rest = Math.floor(rest / V);
      }
      responses.push(tokens);
    }
    return this.sequenceLogProbs(new Array(count).fill(prompt), responses);
  }

  // ------------------------------------------------------------ persistence

  /**
   * Serialises every parameter (LM, epinet, frozen prior, anchor) to bytes:
   * a JSON header `{ shape, options, tensors: [{name, shape}] }` preceded by
   * its byte length, then the float32 values in header order.
   */
  serialize(): Uint8Array {
    const entries: { name: string; tensor: tf.Tensor }[] = [
      ...[...this.params].map(([name, tensor]) => ({ name, tensor: tensor as tf.Tensor })),
      ...[...this.anchor].map(([name, tensor]) => ({ name: `anchor.${name}`, tensor })),
    ];
    const header = new TextEncoder().encode(
      JSON.stringify({
        format: "chorus-lm/1",
        shape: this.shape,
        options: this.options,
        tensors: entries.map((e) => ({ name: e.name, shape: e.tensor.shape })),
      }),
    );
    const floats = entries.reduce((sum, e) => sum + e.tensor.size, 0);
    const headerBytes = 4 + header.length;
    const padded = headerBytes + ((4 - (headerBytes % 4)) % 4);
    const out = new Uint8Array(padded + floats * 4);
    new DataView(out.buffer).setUint32(0, header.length, true);
    out.set(header, 4);
    const values = new Float32Array(out.buffer, padded, floats);
    let offset = 0;
    for (const { tensor } of entries) {
      values.set(tensor.dataSync() as Float32Array, offset);
      offset += tensor.size;
    }
    return out;
  }

  /** Rebuilds a model from `serialize()` output. */
  static deserialize(bytes: Uint8Array, overrides: ModelOptions = {}): PreferenceLM {
    const copy = new Uint8Array(bytes);
    const headerLength = new DataView(copy.buffer).getUint32(0, true);
    const header = JSON.parse(new TextDecoder().decode(copy.subarray(4, 4 + headerLength)));
    if (header.format !== "chorus-lm/1") {
      throw new Error(`Expected chorus-lm/1 weights, but got ${String(header.format)}`);
    }
    const model = new PreferenceLM(header.shape, { ...header.options, ...overrides });
    const headerBytes = 4 + headerLength;
    const padded = headerBytes + ((4 - (headerBytes % 4)) % 4);
    const values = new Float32Array(copy.buffer, padded);
    let offset = 0;
    for (const { name, shape } of header.tensors as { name: string; shape: number[] }[]) {
      const size = shape.reduce((a, b) => a * b, 1);
      const data = values.subarray(offset, offset + size);
      offset += size;
      if (name.startsWith("anchor.")) {
        const key = name.slice("anchor.".length) as ParamName;
        model.anchor.get(key)?.dispose();
        model.anchor.set(key, tf.keep(tf.tensor(data, shape)));
      } else {
        const variable = model.params.get(name as ParamName);
        if (!variable) throw new Error(`Unknown tensor "${name}" in saved weights`);
        tf.tidy(() => variable.assign(tf.tensor(data, shape)));
      }
    }
    return model;
  }

  /** Frees every tensor the model holds. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.params.forEach((v) => v.dispose());
    this.anchor.forEach((t) => t.dispose());
    this.optimizer.dispose();
    this.pretrainOptimizer?.dispose();
  }
}
