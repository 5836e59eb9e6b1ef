import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import {
  resetAnnotationSettings,
  startAnnotationRound,
} from "../../lib/service/annotation-settings";
import { e2eDb } from "../support/db";
import { PHONE, saveScreenshot, waitForPair } from "./annotate";

let roundStartedAt: Date;

test.beforeAll(async () => {
  const settings = await startAnnotationRound(e2eDb(), { overlap: 1, comparisonBudget: 3 });
  roundStartedAt = settings.roundStartedAt!;
});

test.afterAll(async () => {
  await resetAnnotationSettings(e2eDb());
});

test("with three pairs and overlap 1, two annotators at once never get the same pair, then no work is left", async ({
  browser,
}, testInfo) => {
  const contexts = await Promise.all([1, 2, 3].map(() => browser.newContext()));
  const [ann, bob, cat] = await Promise.all(contexts.map((c) => c.newPage()));

  await Promise.all([ann.goto("/"), bob.goto("/")]);
  const [a1, b1] = await Promise.all([waitForPair(ann), waitForPair(bob)]);
  expect(a1.comparisonId).not.toBe(b1.comparisonId);

  await ann.keyboard.press("1");
  const a2 = await waitForPair(ann, a1.comparisonId);
  expect([a1.comparisonId, b1.comparisonId]).not.toContain(a2.comparisonId);

  await bob.keyboard.press("2");
  await expect(bob.getByTestId("no-work")).toContainText("No more pairs to compare");
  await expect(bob.getByTestId("no-work")).toContainText("1 pair is being answered by others");

  await ann.keyboard.press("t");
  await expect(ann.getByTestId("no-work")).toContainText("No more pairs to compare");
  await expect(ann.getByTestId("no-work")).not.toContainText("answered by others");

  await cat.goto("/");
  const noWork = cat.getByTestId("no-work");
  await expect(noWork).toContainText("No more pairs to compare");
  await expect(cat.getByRole("heading", { name: "No more pairs to compare" })).toBeFocused();
  const axe = await new AxeBuilder({ page: cat }).analyze();
  expect(axe.violations).toEqual([]);
  await saveScreenshot(cat, testInfo, "annotate-no-work-desktop");
  await cat.setViewportSize(PHONE);
  await saveScreenshot(cat, testInfo, "annotate-no-work-phone");

  const inRound = { runId: null, createdAt: { gte: roundStartedAt } };
  const comparisons = await e2eDb().comparison.findMany({
    where: inRound,
    include: { answers: true, leases: true },
  });
  expect(comparisons).toHaveLength(3);
  for (const comparison of comparisons) {
    expect(comparison.leases).toHaveLength(1);
    expect(comparison.answers).toHaveLength(1);
  }
  await Promise.all(contexts.map((c) => c.close()));
});
