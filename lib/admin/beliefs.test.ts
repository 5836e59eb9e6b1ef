import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_WORLD } from "../didactic/default-world";
import { createWorld } from "../didactic/world";
import { initBackend } from "../model/backend";
import { PreferenceLM } from "../model/preference-lm";
import { describeBeliefs, quantile } from "./beliefs";

const world = createWorld(DEFAULT_WORLD);

beforeAll(async () => {
  await initBackend("wasm");
});

describe("describeBeliefs", () => {
  it("shows each type's favourites beside the model's and target's top responses", () => {
    const model = new PreferenceLM(
      { promptCount: world.prompts.length, vocabSize: world.vocabSize, responseLength: 3 },
      { seed: 1 },
    );
    const tensorsBefore = tf.memory().numTensors;

    const beliefs = describeBeliefs(world, model, { modelTop: 4, targetTop: 4, favourites: 3 });

    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(beliefs).toHaveLength(world.prompts.length);
    for (const prompt of beliefs) {
      for (const type of world.types) {
        const marked = prompt.responses.filter((r) => r.favouriteOf.includes(type.name));
        expect(marked).toHaveLength(3);
      }
      const targets = prompt.responses.map((r) => r.targetProb);
      expect(targets).toEqual([...targets].sort((a, b) => b - a));
      for (const r of prompt.responses) {
        expect(r.bandLow).toBeLessThanOrEqual(r.bandHigh);
        expect(r.modelProb).toBeGreaterThan(0);
        expect(r.modelProb).toBeLessThan(1);
      }
      expect(prompt.kl).toBeGreaterThan(0);
      expect(prompt.shares.map((s) => s.type)).toEqual(world.types.map((t) => t.name));
    }
    model.dispose();
  });

  it("checks its options", () => {
    const model = new PreferenceLM({ promptCount: 4, vocabSize: 8, responseLength: 3 });
    expect(() => describeBeliefs(world, model, { indices: 1 })).toThrow(/at least 2 indices/);
    expect(() => describeBeliefs(world, model, { bandMass: 1 })).toThrow(/bandMass in \(0, 1\)/);
    model.dispose();
  });
});

describe("quantile", () => {
  it("interpolates between sorted values", () => {
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([0, 10], 0.25)).toBe(2.5);
    expect(quantile([7], 0.9)).toBe(7);
  });
});
