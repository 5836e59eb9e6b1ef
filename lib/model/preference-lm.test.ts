import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "./backend";
import { PreferenceLM, type ChoiceExample } from "./preference-lm";
import { createRng, logSumExp, sigmoid } from "../util/random";

const shape = { promptCount: 2, vocabSize: 4, responseLength: 3 };

beforeAll(async () => {
  await initBackend("wasm");
});

describe("PreferenceLM", () => {
  it("runs on the WebAssembly backend", () => {
    expect(tf.getBackend()).toBe("wasm");
  });

  it("gives every prompt a normalised distribution over all responses", () => {
    const model = new PreferenceLM(shape, { seed: 1 });
    for (let prompt = 0; prompt < shape.promptCount; prompt++) {
      const logProbs = model.allResponseLogProbs(prompt);
      expect(logProbs).toHaveLength(4 ** 3);
      expect(logSumExp(logProbs)).toBeCloseTo(0, 4);
    }
    model.dispose();
  });

  it("computes the Luce choice probability as a sigmoid of the reward difference", () => {
    const model = new PreferenceLM(shape, { seed: 2 });
    const a = [0, 1, 2];
    const b = [3, 3, 1];
    const [ra, rb] = model.sequenceLogProbs([0, 0], [a, b]);
    // P(a over b) = pi(a) / (pi(a) + pi(b)) = sigmoid(r_a - r_b)
    const luce = Math.exp(ra) / (Math.exp(ra) + Math.exp(rb));
    expect(sigmoid(ra - rb)).toBeCloseTo(luce, 6);
    // The loss of one choice is -log P(choice); a tie costs the mean of both.
    const loss = (pLeft: number) =>
      model.evaluateChoiceLoss([{ prompt: 0, left: a, right: b, pLeft }]);
    expect(loss(1)).toBeCloseTo(-Math.log(sigmoid(ra - rb)), 4);
    expect(loss(0)).toBeCloseTo(-Math.log(sigmoid(rb - ra)), 4);
    expect(loss(0.5)).toBeCloseTo((loss(1) + loss(0)) / 2, 4);
    model.dispose();
  });

  it("learns a preference: the training loss falls and the chosen response gains mass", () => {
    const model = new PreferenceLM(shape, { seed: 3, learningRate: 0.01 });
    const chosen = [1, 1, 1];
    const rejected = [2, 2, 2];
    const examples: ChoiceExample[] = Array.from({ length: 16 }, () => ({
      prompt: 0,
      left: chosen,
      right: rejected,
      pLeft: 1,
    }));
    const rng = createRng(4);
    const before = model.evaluateChoiceLoss(examples);
    for (let step = 0; step < 30; step++) model.trainOnChoices(examples, rng);
    const after = model.evaluateChoiceLoss(examples);
    expect(after).toBeLessThan(before * 0.5);
    const [rc, rr] = model.sequenceLogProbs([0, 0], [chosen, rejected]);
    expect(rc).toBeGreaterThan(rr);
    model.dispose();
  });

  it("does not leak tensors while sampling, scoring and training", () => {
    const model = new PreferenceLM(shape, { seed: 5 });
    const rng = createRng(6);
    const example = { prompt: 1, left: [0, 0, 0], right: [1, 2, 3], pLeft: 0 };
    model.trainOnChoices([example], rng); // the optimizer allocates its slots once
    const before = tf.memory().numTensors;
    model.sample([0, 1, 1], rng);
    model.sample([0], rng, model.sampleIndices(1, rng)[0]);
    model.sequenceLogProbsUnder(
      [0, 1],
      [
        [0, 1, 2],
        [3, 2, 1],
      ],
      model.sampleIndices(4, rng),
    );
    model.preferenceSpread(0, [[example.left, example.right]], model.sampleIndices(3, rng));
    model.trainOnChoices([example], rng);
    model.evaluateChoiceLoss([example]);
    model.allResponseLogProbs(0);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it("round-trips its weights through serialize/deserialize exactly", () => {
    const model = new PreferenceLM(shape, { seed: 7 });
    const rng = createRng(8);
    model.trainOnChoices([{ prompt: 0, left: [0, 1, 2], right: [2, 1, 0], pLeft: 1 }], rng);
    const copy = PreferenceLM.deserialize(model.serialize());
    const indices = model.sampleIndices(3, rng);
    const responses = [
      [0, 1, 2],
      [3, 3, 3],
    ];
    expect(copy.sequenceLogProbsUnder([0, 1], responses, indices)).toEqual(
      model.sequenceLogProbsUnder([0, 1], responses, indices),
    );
    model.dispose();
    copy.dispose();
  });

  it("narrows the epistemic spread where choices are plentiful and keeps it wide where there are none", () => {
    const model = new PreferenceLM(shape, { seed: 9 });
    const rng = createRng(10);
    const indices = model.sampleIndices(64, createRng(11));
    const studied: [number[], number[]] = [
      [0, 0, 0],
      [1, 1, 1],
    ];
    const unseen: [number[], number[]] = [
      [2, 2, 2],
      [3, 3, 3],
    ];
    const spread = () => ({
      studied: model.preferenceSpread(0, [studied], indices)[0],
      unseen: model.preferenceSpread(1, [unseen], indices)[0],
    });
    const before = spread();
    expect(before.studied).toBeGreaterThan(0.05);
    expect(before.unseen).toBeGreaterThan(0.05);

    // Three people in four prefer the first response of the studied pair.
    const examples = Array.from({ length: 32 }, (_, i) => ({
      prompt: 0,
      left: studied[0],
      right: studied[1],
      pLeft: i % 4 === 0 ? 0 : 1,
    }));
    for (let step = 0; step < 250; step++) model.trainOnChoices(examples, rng);
    const after = spread();

    expect(after.studied).toBeLessThan(before.studied * 0.75);
    expect(after.unseen).toBeGreaterThan(before.unseen * 0.85);
    expect(after.unseen).toBeGreaterThan(after.studied * 1.3);
    model.dispose();
  });

  it("rejects malformed inputs with a message saying what it expected", () => {
    const model = new PreferenceLM(shape);
    expect(() => model.sequenceLogProbs([0], [[0, 1]])).toThrow(/Expected responses of 3 tokens/);
    expect(() => model.sequenceLogProbs([5], [[0, 1, 2]])).toThrow(/Prompt index 5/);
    expect(() => new PreferenceLM({ ...shape, vocabSize: 0 })).toThrow(/vocabSize/);
    model.dispose();
  });
});
