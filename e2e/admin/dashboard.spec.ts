import { expect, test } from "@playwright/test";
import { e2eDb } from "../support/db";
import { signIn } from "./admin-session";

test.use({ viewport: { width: 1440, height: 900 } });

test("the dashboard draws the learning curves and, per prompt, the model's beliefs", async ({
  page,
}) => {
  test.setTimeout(120_000);
  // Some answers first, so the curves have training rounds to draw.
  await page.goto("/");
  for (let i = 0; i < 6; i++) {
    await expect(page.getByTestId("response-left")).toBeEnabled();
    await page.keyboard.press(i % 3 === 2 ? "t" : "1");
    await expect(page.getByTestId("progress-yours")).toHaveText(String(i + 1));
  }
  await expect
    .poll(async () => (await e2eDb().checkpoint.count()) > 1, { timeout: 30_000 })
    .toBe(true);
  await signIn(page);

  await page.goto("/admin");

  for (const chart of ["chart-kl", "chart-loss", "chart-shares"]) {
    await expect(page.getByTestId(chart).getByRole("application")).toBeVisible();
  }
  // Lines over at least two versions, and the loss of at least one round (a dot).
  await expect(page.getByTestId("chart-kl").locator(".recharts-line-curve").last()).toBeVisible();
  // Two lines per type (model, target); a flat target line has no height to be "visible".
  await expect(page.getByTestId("chart-shares").locator(".recharts-line-curve")).toHaveCount(4);
  await expect(page.getByTestId("chart-loss").locator(".recharts-line-dot").first()).toBeVisible();
  const beliefs = page.getByTestId("belief-chart");
  await expect(beliefs).toHaveCount(4);
  for (const chart of await beliefs.all()) {
    await expect(chart.locator(".recharts-bar-rectangle").first()).toBeVisible();
    await expect(chart.locator(".recharts-errorBar").first()).toBeAttached();
    await expect(chart).toContainText("hermits");
  }
  await expect(page.getByTestId("comparison-row").first()).toBeVisible();
  await expect(page.getByTestId("annotator-row").first()).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: "test-results/screenshots/admin-dashboard.png", fullPage: true });
});

test("rolling back publishes a new version that copies an old one", async ({ page }) => {
  await signIn(page);
  await page.goto("/admin");
  const before = (await e2eDb().checkpoint.aggregate({ _max: { version: true } }))._max.version!;

  const v0 = page.locator('[data-testid="checkpoint-row"][data-version="0"]');
  await v0.getByRole("button", { name: "Roll back to this" }).click();
  await v0.getByRole("button", { name: "Confirm roll back to v0" }).click();

  await expect(page.getByText(/Published v\d+ with the weights of v0/)).toBeVisible();
  const copy = await e2eDb().checkpoint.findFirstOrThrow({ where: { rolledBackFrom: 0 } });
  expect(copy.version).toBeGreaterThan(before);
  expect(await e2eDb().checkpoint.count({ where: { version: 0 } })).toBe(1);
  await expect(
    page.locator(`[data-testid="checkpoint-row"][data-version="${copy.version}"]`),
  ).toContainText("copy of v0");
});
