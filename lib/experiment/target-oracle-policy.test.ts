import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_WORLD } from "../didactic/default-world";
import { typeShares } from "../didactic/metrics";
import { createWorld, responseIndex, targetLogProbs, typeLogProb } from "../didactic/world";
import { initBackend } from "../model/backend";
import { PreferenceLM } from "../model/preference-lm";
import { sameResponse } from "../selection/policy";
import { createRng } from "../util/random";
import { createTargetOraclePolicy } from "./target-oracle-policy";

const world = createWorld(DEFAULT_WORLD);

beforeAll(async () => {
  await initBackend("wasm");
});

describe("the target oracle", () => {
  it("shows the minority's favourites as often as the inclusive target holds them", () => {
    const model = new PreferenceLM({ promptCount: 4, vocabSize: 8, responseLength: 3 });
    const oracle = createTargetOraclePolicy(world);
    const rng = createRng(1);
    const prompt = 2;
    const target = targetLogProbs(world, prompt);
    const hermits = world.types.find((t) => t.name === "hermits")!;
    const draws = 400;
    let favourites = 0;
    for (let i = 0; i < draws; i++) {
      const { first, second } = oracle.selectPair({ model, prompt, rng });
      expect(sameResponse(first, second)).toBe(false);
      if (typeLogProb(hermits, prompt, first) > target[responseIndex(world, first)]) favourites++;
    }
    const share = typeShares(world, prompt, target).find((s) => s.type === "hermits")!;
    expect(favourites / draws).toBeCloseTo(share.targetShare, 1);
    model.dispose();
  });
});
