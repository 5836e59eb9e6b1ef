import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../model/backend";
import { PreferenceLM } from "../model/preference-lm";
import { createRng } from "../util/random";
import { preferenceVariance } from "./candidate-scores";
import { getPolicy, POLICY_NAMES } from "./index";
import { sameResponse } from "./policy";

beforeAll(async () => {
  await initBackend("wasm");
});

/** A model whose LM puts nearly all its mass on one response. */
function peakedModel(shape: { promptCount: number; vocabSize: number; responseLength: number }) {
  const model = new PreferenceLM(shape, { seed: 1 });
  const favourite = new Array(shape.responseLength).fill(0);
  for (let step = 0; step < 150; step++) {
    model.pretrainStep([0, 0, 0, 0], [favourite, favourite, favourite, favourite], 0.05);
  }
  model.resetAnchor();
  return model;
}

describe("exploration policies", () => {
  it("registers passive, boltzmann, infomax, double-ts and neglect", () => {
    expect(POLICY_NAMES).toEqual(
      expect.arrayContaining(["passive", "boltzmann", "infomax", "double-ts", "neglect"]),
    );
    expect(() => getPolicy("nonsense")).toThrow(/expected one of .*double-ts/);
    expect(() => getPolicy("boltzmann", { temperature: 0 })).toThrow(/temperature > 0/);
  });

  it("never offers two identical responses, even when the LM samples one response every time", () => {
    const model = peakedModel({ promptCount: 1, vocabSize: 2, responseLength: 1 });
    const [favourite] = model.sequenceLogProbs([0, 0], [[0], [1]]);
    expect(Math.exp(favourite)).toBeGreaterThan(0.99);
    for (const name of POLICY_NAMES) {
      const policy = getPolicy(name);
      const rng = createRng(`identical:${name}`);
      for (let i = 0; i < 20; i++) {
        const pair = policy.selectPair({ model, prompt: 0, rng });
        expect(sameResponse(pair.first, pair.second), name).toBe(false);
        expect(Number.isFinite(pair.acquisitionScore), name).toBe(true);
      }
    }
    model.dispose();
  });

  it("gives the same pair for the same seed and model", () => {
    const model = new PreferenceLM(
      { promptCount: 2, vocabSize: 4, responseLength: 3 },
      { seed: 2 },
    );
    for (const name of POLICY_NAMES) {
      const pick = (seed: number) =>
        Array.from({ length: 5 }, (_, i) => {
          const pair = getPolicy(name).selectPair({
            model,
            prompt: i % 2,
            rng: createRng(seed + i),
          });
          return [pair.first, pair.second, pair.acquisitionScore];
        });
      expect(pick(7), name).toEqual(pick(7));
    }
    model.dispose();
  });

  it("infomax asks about the pair whose answer the plausible models disagree on most", () => {
    // Three responses; the LM learns that 0 and 1 are a coin flip, while
    // nothing is known about 2, so every pair with 2 stays uncertain.
    const model = new PreferenceLM(
      { promptCount: 1, vocabSize: 3, responseLength: 1 },
      // A light L2 on the epinet lets the studied pair's spread shrink fast.
      { seed: 3, priorScale: 2, epinetWeight: 0.1 },
    );
    const rng = createRng(4);
    const examples = Array.from({ length: 32 }, (_, i) => ({
      prompt: 0,
      left: [0],
      right: [1],
      pLeft: i % 2,
    }));
    for (let step = 0; step < 250; step++) model.trainOnChoices(examples, rng);
    const indices = model.sampleIndices(256, createRng(5));
    const pairs: [number[], number[]][] = [
      [[0], [1]],
      [[0], [2]],
      [[1], [2]],
    ];
    const spreads = model.preferenceSpread(0, pairs, indices);
    const widest = Math.max(...spreads);
    expect(spreads[0]).toBeLessThan(widest / 1.5);

    const infomax = getPolicy("infomax");
    for (let i = 0; i < 20; i++) {
      const pick = infomax.selectPair({ model, prompt: 0, rng });
      const [spread] = model.preferenceSpread(0, [[pick.first, pick.second]], indices);
      expect(spread).toBeGreaterThan(widest * 0.95);
      expect(pick.acquisitionScore).toBeGreaterThan(0);
    }
    model.dispose();
  });

  it("double-ts concentrates on pairs of contenders that passive rarely samples", () => {
    // An LM spread over 16 responses, pretrained on skewed token frequencies.
    const model = new PreferenceLM(
      { promptCount: 1, vocabSize: 4, responseLength: 2 },
      { seed: 1 },
    );
    const rng = createRng(0);
    for (let step = 0; step < 100; step++) {
      const responses = Array.from({ length: 32 }, () => [
        rng.categorical([0.4, 0.3, 0.2, 0.1]),
        rng.categorical([0.4, 0.3, 0.2, 0.1]),
      ]);
      model.pretrainStep(new Array(32).fill(0), responses, 0.02);
    }
    const pi = Array.from(model.allResponseLogProbs(0), Math.exp);
    const distinct = 1 - pi.reduce((sum, p) => sum + p * p, 0);
    // Passive draws two independent samples, redrawn when they coincide.
    const passiveProbability = (a: number, b: number) => (2 * pi[a] * pi[b]) / distinct;

    const shareOnPairsPassiveRarelySamples = (name: string) => {
      const counts = new Map<string, number>();
      const picks = 200;
      for (let i = 0; i < picks; i++) {
        const pair = getPolicy(name).selectPair({ model, prompt: 0, rng });
        const [a, b] = [pair.first, pair.second].map((t) => t[0] * 4 + t[1]).sort((x, y) => x - y);
        counts.set(`${a},${b}`, (counts.get(`${a},${b}`) ?? 0) + 1 / picks);
      }
      let share = 0;
      for (const [key, frequency] of counts) {
        const [a, b] = key.split(",").map(Number);
        if (frequency >= 4 * passiveProbability(a, b)) share += frequency;
      }
      return share;
    };

    expect(shareOnPairsPassiveRarelySamples("double-ts")).toBeGreaterThan(0.3);
    // The same yardstick on passive itself only catches sampling noise.
    expect(shareOnPairsPassiveRarelySamples("passive")).toBeLessThan(0.15);
    model.dispose();
  });

  it("scores the variance of the predicted preference across indices", () => {
    // Index 0 says y0 and y1 are equal, index 1 says y0 is far better.
    const scores = [Float32Array.from([0, 0, -1]), Float32Array.from([10, 0, -1])];
    const p = [0.5, 1 / (1 + Math.exp(-10))];
    const mean = (p[0] + p[1]) / 2;
    expect(preferenceVariance(scores, 0, 1)).toBeCloseTo(
      ((p[0] - mean) ** 2 + (p[1] - mean) ** 2) / 2,
      6,
    );
    expect(preferenceVariance(scores, 1, 2)).toBeCloseTo(0, 10);
  });
});
