import { describe, expect, it } from "vitest";
import { DEFAULT_WORLD } from "./default-world";
import {
  bestOfNProbabilities,
  klDivergence,
  klFromTarget,
  populationWinRates,
  typeShares,
} from "./metrics";
import {
  createWorld,
  pretrainingLogProbs,
  responseIndex,
  responseText,
  responseTokens,
  SimulatedAnnotator,
  targetLogProbs,
  typeLogProb,
} from "./world";
import { createRng, logSumExp, sigmoid } from "../util/random";

const world = createWorld(DEFAULT_WORLD);

describe("the didactic world", () => {
  it("enumerates every response and maps it to a readable phrase", () => {
    expect(world.responseCount).toBe(8 ** 3);
    for (const index of [0, 1, 77, world.responseCount - 1]) {
      expect(responseIndex(world, responseTokens(world, index))).toBe(index);
    }
    expect(responseText(world, [0, 4, 7])).toBe("sunny quiet cool");
  });

  it("has a normalised inclusive target that mixes the types by weight", () => {
    for (let prompt = 0; prompt < world.prompts.length; prompt++) {
      const target = targetLogProbs(world, prompt);
      expect(logSumExp(target)).toBeCloseTo(0, 10);
      const tokens = [1, 5, 6];
      const mixture = world.types.reduce(
        (sum, type) => sum + type.weight * Math.exp(typeLogProb(type, prompt, tokens)),
        0,
      );
      expect(Math.exp(target[responseIndex(world, tokens)])).toBeCloseTo(mixture, 12);
    }
  });

  it("contains a minority the pretraining distribution neglects", () => {
    const hermits = world.types.find((t) => t.name === "hermits")!;
    expect(hermits.weight).toBeCloseTo(0.25);
    const shares = typeShares(world, 0, pretrainingLogProbs(world, 0));
    const hermitShare = shares.find((s) => s.type === "hermits")!;
    expect(hermitShare.modelShare).toBeLessThan(hermitShare.targetShare / 4);
  });

  it("gives zero KL for identical distributions and positive KL otherwise", () => {
    const target = targetLogProbs(world, 1);
    expect(klFromTarget(world, 1, target)).toBeCloseTo(0, 12);
    expect(klDivergence(target, pretrainingLogProbs(world, 1))).toBeGreaterThan(0.1);
    expect(() => klFromTarget(world, 1, new Float64Array(3))).toThrow(/Expected 512/);
  });

  it("simulates annotators who choose by the Luce rule of their own type", () => {
    const rng = createRng(42);
    const left = [0, 1, 2]; // crowd words
    const right = [4, 5, 6]; // hermit words
    const counts = new Map<string, { left: number; total: number; p: number }>();
    for (let i = 0; i < 4000; i++) {
      const person = new SimulatedAnnotator(world, rng);
      const entry = counts.get(person.typeName) ?? {
        left: 0,
        total: 0,
        p: person.probabilityLeft(0, left, right),
      };
      entry.total++;
      if (person.answer(0, left, right) === "LEFT") entry.left++;
      counts.set(person.typeName, entry);
    }
    const crowd = counts.get("crowd")!;
    const hermits = counts.get("hermits")!;
    expect(crowd.total / 4000).toBeCloseTo(0.75, 1);
    expect(crowd.left / crowd.total).toBeCloseTo(crowd.p, 1);
    expect(hermits.left / hermits.total).toBeCloseTo(hermits.p, 1);
    expect(crowd.p).toBeGreaterThan(0.9);
    expect(hermits.p).toBeLessThan(0.1);
    const type = world.types[0];
    expect(crowd.p).toBeCloseTo(
      sigmoid(typeLogProb(type, 0, left) - typeLogProb(type, 0, right)),
      12,
    );
  });

  it("is reproducible from a seed", () => {
    const run = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 20 }, () =>
        new SimulatedAnnotator(world, rng).answer(2, [0, 0, 0], [5, 5, 5]),
      );
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it("rejects an inconsistent world with a message naming the problem", () => {
    expect(() =>
      createWorld({
        ...DEFAULT_WORLD,
        population: [{ name: "x", weight: 1, taste: { shared: { nope: 1 } } }],
      }),
    ).toThrow(/"nope" is not in the vocabulary/);
    expect(() => createWorld({ ...DEFAULT_WORLD, responseLength: 0 })).toThrow(/responseLength/);
  });
});

describe("best-response metrics", () => {
  it("gives the exact distribution of a best-of-N pick", () => {
    const logProbs = [0.5, 0.3, 0.2].map(Math.log);
    // The best of one draw is the draw itself.
    expect(Array.from(bestOfNProbabilities(logProbs, 1))).toEqual(
      logProbs.map((l) => expect.closeTo(Math.exp(l), 12)),
    );
    // Best of two: the top response unless both draws miss it.
    const two = bestOfNProbabilities(logProbs, 2);
    expect(two[0]).toBeCloseTo(1 - 0.5 ** 2, 12);
    expect(two[1]).toBeCloseTo(0.5 ** 2 - 0.2 ** 2, 12);
    expect(two[2]).toBeCloseTo(0.2 ** 2, 12);
    expect(two.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it("scores responses by how often the population prefers them to an opponent's draw", () => {
    const prompt = 0;
    // Against a point mass on y', W(y) is the population's Luce preference.
    const opponent = new Float64Array(world.responseCount).fill(-Infinity);
    const other = responseIndex(world, [4, 5, 6]);
    opponent[other] = 0;
    const winRates = populationWinRates(world, prompt, opponent);
    const tokens = [0, 1, 2];
    const expected = world.types.reduce(
      (sum, type) =>
        sum +
        type.weight *
          sigmoid(typeLogProb(type, prompt, tokens) - typeLogProb(type, prompt, [4, 5, 6])),
      0,
    );
    expect(winRates[responseIndex(world, tokens)]).toBeCloseTo(expected, 12);
    expect(winRates[other]).toBeCloseTo(0.5, 12);
  });
});
