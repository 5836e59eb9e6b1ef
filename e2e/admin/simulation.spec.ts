import { expect, test, type Locator, type Page } from "@playwright/test";
import { e2eDb } from "../support/db";
import { signIn } from "./admin-session";

test.use({ viewport: { width: 1440, height: 900 } });

async function startRun(page: Page, labels: number) {
  const form = page
    .locator("form")
    .filter({ has: page.getByRole("button", { name: "Start run" }) });
  await form.getByLabel("Labels").fill(String(labels));
  await form.getByLabel("Policy").selectOption("passive");
  await form.getByLabel("Tie rate").fill("0.2");
  await form.getByLabel("Skip rate").fill("0.1");
  const started = page.waitForResponse(
    (r) => r.url().endsWith("/api/admin/simulations") && r.request().method() === "POST",
  );
  await form.getByRole("button", { name: "Start run" }).click();
  const response = await started;
  expect(response.status()).toBe(202);
  const { id } = await response.json();
  return page.locator(`[data-testid="simulation-run"][data-run-id="${id}"]`);
}

/** The run's progress as the page shows it: [status, labels done]. */
async function progressOf(run: Locator): Promise<[string, number]> {
  const status = (await run.getAttribute("data-status")) ?? "";
  const done = Number(await run.getByRole("progressbar").getAttribute("aria-valuenow"));
  return [status, done];
}

test("a run started from the page shows progress, and its answers reach the tables and counts", async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signIn(page);
  await page.goto("/admin");

  const run = await startRun(page, 150);
  const runId = (await run.getAttribute("data-run-id"))!;

  await expect
    .poll(
      async () => {
        const [status, done] = await progressOf(run);
        return status === "RUNNING" && done > 0 && done < 150;
      },
      { timeout: 120_000 },
    )
    .toBe(true);
  await expect(run).toHaveAttribute("data-status", "DONE", { timeout: 180_000 });
  await expect(run.getByTestId("simulation-progress")).toHaveText("150 / 150 labels");

  await page.reload();
  await expect(
    page.locator(`[data-testid="comparison-row"][data-run-id="${runId}"]`).first(),
  ).toBeVisible();
  await expect(page.getByTestId("annotator-table")).toContainText(`run ${runId.slice(0, 8)}`);

  const db = e2eDb();
  const count = (outcome?: "LEFT" | "RIGHT" | "TIE" | "SKIP") =>
    db.answer.count({ where: outcome ? { outcome } : undefined });
  expect(await db.answer.count({ where: { comparison: { runId } } })).toBe(150);
  expect(
    await db.answer.count({ where: { comparison: { runId }, outcome: "TIE" } }),
  ).toBeGreaterThan(0);
  expect(
    await db.answer.count({ where: { comparison: { runId }, outcome: "SKIP" } }),
  ).toBeGreaterThan(0);
  await expect(page.getByTestId("count-answers")).toHaveText(String(await count()));
  await expect(page.getByTestId("count-left")).toHaveText(String(await count("LEFT")));
  await expect(page.getByTestId("count-right")).toHaveText(String(await count("RIGHT")));
  await expect(page.getByTestId("count-ties")).toHaveText(String(await count("TIE")));
  await expect(page.getByTestId("count-skips")).toHaveText(String(await count("SKIP")));
  await expect(page.getByTestId("count-comparisons")).toHaveText(
    String(await db.comparison.count()),
  );
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: "test-results/screenshots/admin-after-run.png", fullPage: true });
});

test("a running simulation stops when asked from the page", async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page);
  await page.goto("/admin");

  const run = await startRun(page, 5000);
  await expect
    .poll(async () => (await progressOf(run))[1], { timeout: 120_000 })
    .toBeGreaterThan(0);
  await run.getByRole("button", { name: "Stop" }).click();

  await expect(run).toHaveAttribute("data-status", "STOPPED", { timeout: 120_000 });
  const row = await e2eDb().simulationRun.findUniqueOrThrow({
    where: { id: (await run.getAttribute("data-run-id"))! },
  });
  expect(row.status).toBe("STOPPED");
  expect(row.done).toBeLessThan(5000);
  expect(await e2eDb().answer.count({ where: { comparison: { runId: row.id } } })).toBe(row.done);
});
