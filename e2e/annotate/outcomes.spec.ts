import { expect, test, type Page } from "@playwright/test";
import type { Outcome } from "../../lib/service/answers";
import { annotatorIdOf, answersOf, waitForPair, type ShownPair } from "./annotate";

const WAYS: { outcome: Outcome; button: string; keys: string[]; saved: RegExp }[] = [
  { outcome: "LEFT", button: "response-left", keys: ["1", "ArrowLeft"], saved: /left response/ },
  { outcome: "RIGHT", button: "response-right", keys: ["2", "ArrowRight"], saved: /right/ },
  { outcome: "TIE", button: "answer-tie", keys: ["t"], saved: /a tie/ },
  { outcome: "SKIP", button: "answer-skip", keys: ["s"], saved: /skipped/ },
];

/** Each stored answer has the outcome given, for the comparison and sides that were shown. */
async function expectStored(page: Page, shown: ShownPair[], outcome: Outcome) {
  const answers = await answersOf(await annotatorIdOf(page));
  expect(answers.map((a) => a.comparisonId)).toEqual(shown.map((s) => s.comparisonId));
  for (const [i, answer] of answers.entries()) {
    expect(answer.outcome).toBe(outcome);
    expect(answer.comparison.leftResponseId).toBe(shown[i].leftId);
    expect(answer.comparison.rightResponseId).toBe(shown[i].rightId);
  }
}

for (const { outcome, button, keys, saved } of WAYS) {
  test(`${outcome} by mouse stores ${outcome} with the responses shown`, async ({ page }) => {
    await page.goto("/");
    const shown = await waitForPair(page);

    await page.getByTestId(button).click();

    await expect(page.getByTestId("notice")).toHaveText(saved);
    await waitForPair(page, shown.comparisonId);
    await expectStored(page, [shown], outcome);
  });

  test(`${outcome} by keyboard (${keys.join(", ")}) stores ${outcome} with the responses shown`, async ({
    page,
  }) => {
    await page.goto("/");
    const shown: ShownPair[] = [];
    for (const key of keys) {
      shown.push(await waitForPair(page, shown.at(-1)?.comparisonId));
      await page.keyboard.press(key);
    }

    await expect(page.getByTestId("notice")).toHaveText(saved);
    await waitForPair(page, shown.at(-1)?.comparisonId);
    await expectStored(page, shown, outcome);
  });
}

test("clicking the response on the right 20 times records the right-hand one each time", async ({
  page,
}) => {
  await page.goto("/");
  const shown: ShownPair[] = [];
  for (let i = 0; i < 20; i++) {
    shown.push(await waitForPair(page, shown.at(-1)?.comparisonId));
    await page.getByTestId("response-right").click();
  }
  await waitForPair(page, shown.at(-1)?.comparisonId);

  await expectStored(page, shown, "RIGHT");
  const answers = await answersOf(await annotatorIdOf(page));
  // The policy's first response was sometimes put on the right, sometimes on the left.
  expect(new Set(answers.map((a) => a.comparison.sidesSwapped))).toEqual(new Set([true, false]));
  await expect(page.getByTestId("progress-yours")).toHaveText("20");
});
