import { describe, expect, it } from "vitest";
import { fleissKappa, measureAgreement, type Judgement } from "./agreement";

describe("fleissKappa", () => {
  it("reproduces the textbook example (10 items, 14 raters, 5 categories: kappa 0.210)", () => {
    // The worked example of Fleiss (1971) as usually reprinted.
    const items = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];

    const summary = fleissKappa(items);

    expect(summary.items).toBe(10);
    expect(summary.judgements).toBe(140);
    expect(summary.agreement).toBeCloseTo(0.378, 3);
    expect(summary.kappa).toBeCloseTo(0.21, 3);
  });

  it("is 1 for perfect agreement and ignores items judged once", () => {
    const summary = fleissKappa([
      [3, 0, 0],
      [0, 2, 0],
      [0, 0, 1],
    ]);

    expect(summary).toMatchObject({ items: 2, judgements: 5, agreement: 1, kappa: 1 });
  });

  it("has no kappa when every judgement falls in one category, or without items", () => {
    expect(fleissKappa([[2, 0, 0]]).kappa).toBeNull();
    expect(fleissKappa([])).toEqual({ items: 0, judgements: 0, agreement: null, kappa: null });
  });
});

describe("measureAgreement", () => {
  it("counts agreement per annotator on shared items only", () => {
    const judgements: Judgement[] = [
      { item: "p1:1:2", annotatorId: "a", choice: "FIRST" },
      { item: "p1:1:2", annotatorId: "b", choice: "FIRST" },
      { item: "p1:1:2", annotatorId: "c", choice: "SECOND" },
      { item: "p1:3:4", annotatorId: "a", choice: "TIE" },
      { item: "p1:3:4", annotatorId: "b", choice: "TIE" },
      { item: "p1:5:6", annotatorId: "c", choice: "FIRST" },
    ];

    const { overall, perAnnotator } = measureAgreement(judgements);

    expect(overall.items).toBe(2);
    expect(overall.judgements).toBe(5);
    // Item 1: one agreeing pair of three; item 2: one of one.
    expect(overall.agreement).toBeCloseTo((1 / 3 + 1) / 2, 10);
    expect(perAnnotator.get("a")).toEqual({ agreed: 2, compared: 3 });
    expect(perAnnotator.get("c")).toEqual({ agreed: 0, compared: 2 });
  });
});
