import { expect, test } from "@playwright/test";
import { e2eDb } from "../support/db";

test("answering a pair in the browser stores the answer with the right response", async ({
  page,
}) => {
  await page.goto("/");
  const right = page.getByTestId("response-right");
  await expect(right).toBeEnabled();
  const rightId = Number(await right.getAttribute("data-response-id"));
  const before = await e2eDb().answer.count();

  await right.click();

  await expect(page.getByTestId("notice")).toHaveText(/Saved: right/);
  await expect(page.getByTestId("progress")).toContainText("1 answered");
  const answers = await e2eDb().answer.findMany({
    orderBy: { id: "desc" },
    take: 1,
    include: { comparison: true },
  });
  expect(await e2eDb().answer.count()).toBe(before + 1);
  expect(answers[0].outcome).toBe("RIGHT");
  expect(answers[0].comparison.rightResponseId).toBe(rightId);
  await page.screenshot({ path: "test-results/screenshots/annotate-desktop.png", fullPage: true });
});

test("the model version advances after answers arrive", async ({ page }) => {
  await page.goto("/");
  for (let i = 0; i < 3; i++) {
    await expect(page.getByTestId("response-left")).toBeEnabled();
    await page.keyboard.press("1");
    await expect(page.getByTestId("progress")).toContainText(`${i + 1} answered`);
  }
  await expect
    .poll(
      async () => (await e2eDb().checkpoint.aggregate({ _max: { version: true } }))._max.version,
      {
        timeout: 30_000,
      },
    )
    .toBeGreaterThan(0);
});
