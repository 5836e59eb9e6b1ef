import { expect, test } from "@playwright/test";
import { e2eDb } from "../support/db";
import { annotatorIdOf, answersOf, saveScreenshot, waitForPair } from "./annotate";

test("an expired lease says so, keeps the typed reason, and the next pair can be answered", async ({
  page,
}, testInfo) => {
  await page.goto("/");
  const shown = await waitForPair(page);
  const annotatorId = await annotatorIdOf(page);
  const reason = page.getByLabel("Why? (optional)");
  await reason.fill("The left one reads more warmly.");
  await e2eDb().lease.update({
    where: { comparisonId_annotatorId: { comparisonId: shown.comparisonId, annotatorId } },
    data: { expiresAt: new Date(Date.now() - 1000) },
  });

  await page.getByTestId("response-left").click();

  const notice = page.getByTestId("notice");
  await expect(notice).toHaveText(/expired before your answer arrived/);
  await expect(notice).toHaveText(/Your reason is kept/);
  const next = await waitForPair(page, shown.comparisonId);
  await expect(reason).toHaveValue("The left one reads more warmly.");
  await saveScreenshot(page, testInfo, "annotate-lease-expired-desktop");

  await page.keyboard.press("2");

  await waitForPair(page, next.comparisonId);
  const answers = await answersOf(annotatorId);
  expect(answers.map((a) => [a.comparisonId, a.outcome, a.reason])).toEqual([
    [next.comparisonId, "RIGHT", "The left one reads more warmly."],
  ]);
});

test("a pair already answered in another tab is refused plainly and the next one offered", async ({
  context,
}) => {
  const [first, second] = [await context.newPage(), await context.newPage()];
  await first.goto("/");
  const shown = await waitForPair(first);
  await second.goto("/");
  // Same session, so the second tab gets the pair the session holds.
  expect((await waitForPair(second)).comparisonId).toBe(shown.comparisonId);

  await first.keyboard.press("1");
  await waitForPair(first, shown.comparisonId);
  await second.getByTestId("response-right").click();

  await expect(second.getByTestId("notice")).toHaveText(/already answered this pair/);
  await waitForPair(second, shown.comparisonId);
  const answers = await answersOf(await annotatorIdOf(first));
  expect(answers.map((a) => [a.comparisonId, a.outcome])).toEqual([[shown.comparisonId, "LEFT"]]);
});

test("reloading the page gives back the pair held instead of using up a new one", async ({
  page,
}) => {
  await page.goto("/");
  const shown = await waitForPair(page);

  await page.reload();

  expect((await waitForPair(page)).comparisonId).toBe(shown.comparisonId);
  const leases = await e2eDb().lease.count({ where: { annotatorId: await annotatorIdOf(page) } });
  expect(leases).toBe(1);
});
