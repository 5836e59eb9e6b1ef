import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../model/backend";
import { createWorld } from "../didactic/world";
import { DEFAULT_WORLD } from "../didactic/default-world";
import { klFromTarget } from "../didactic/metrics";
import { estimateKlFromTarget } from "../didactic/sampled-metrics";
import { loadWorldFile } from "../didactic/world-file";
import { createRng } from "../util/random";
import { evaluateInclusiveFit } from "./evaluate";
import { pretrainModel } from "./pretrain";

beforeAll(async () => {
  await initBackend("wasm");
});

describe("evaluating the inclusive fit", () => {
  it("estimates KL by sampling within its reported error of the exact value", () => {
    const world = createWorld(DEFAULT_WORLD);
    const model = pretrainModel(world, { seed: 3, steps: 60 });
    for (let prompt = 0; prompt < world.prompts.length; prompt++) {
      const exact = klFromTarget(world, prompt, model.allResponseLogProbs(prompt));
      const estimate = estimateKlFromTarget(
        world,
        prompt,
        (responses) => model.sequenceLogProbs(new Array(responses.length).fill(prompt), responses),
        4000,
        createRng(`kl-test:${prompt}`),
      );
      expect(estimate.standardError).toBeGreaterThan(0);
      // Within three standard errors (the reported error), on every prompt.
      expect(Math.abs(estimate.value - exact)).toBeLessThan(3 * estimate.standardError);
    }
    model.dispose();
  });

  it("falls back to a sampled, reproducible estimate in a world too large to enumerate", () => {
    const world = loadWorldFile(path.resolve(import.meta.dirname, "../../worlds/large.json"));
    expect(world.responseCount).toBe(16 ** 6);
    const model = pretrainModel(world, { seed: 1, steps: 40 });
    const first = evaluateInclusiveFit(world, model, { samples: 300 });
    const again = evaluateInclusiveFit(world, model, { samples: 300 });
    expect(first.method).toBe("sampled");
    expect(first.kl).toBeGreaterThan(0);
    expect(first.klStandardError).toBeGreaterThan(0);
    expect(first.klStandardError).toBeLessThan(first.kl);
    expect(again).toEqual(first);
    const elders = first.shares.find((s) => s.type === "elders")!;
    expect(elders.modelShare).toBeLessThan(elders.targetShare);
    model.dispose();
  });
});
