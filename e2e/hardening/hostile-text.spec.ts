// Hostile text from annotators (names, reasons) and in worlds (prompts,
// responses) is shown as text on the annotator page and in the admin
// tables, never run as HTML; the CSV export defuses formulas and JSON Lines
// keep the text as stored.
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { signIn } from "../admin/admin-session";
import { annotatorIdOf, waitForPair } from "../annotate/annotate";
import { e2eDb } from "../support/db";

const HOSTILE = {
  name: '<img src=x onerror=alert(1)> =HYPERLINK("http://x")',
  reason: '=HYPERLINK("http://x") <img src=x onerror=alert(2)>',
  prompt: '<script>alert("prompt")</script><b>Bold?</b>',
  left: '<img src=x onerror=alert("left")>',
  right: '=HYPERLINK("http://x","right")',
};

/**
 * Hands `annotatorId` a pair with hostile prompt and responses, as a world
 * file could hold them (newest lease, so it is the pair the page shows). It
 * carries a run id, so no one else is ever offered it.
 */
async function plantHostilePair(annotatorId: string): Promise<string> {
  const db = e2eDb();
  const prompt = await db.prompt.create({
    data: { worldKey: `e2e-hostile-${randomUUID()}`, index: 0, text: HOSTILE.prompt },
  });
  const response = (text: string, tokens: number[]) =>
    db.response.create({ data: { promptId: prompt.id, text, tokens } });
  const [left, right] = [
    await response(HOSTILE.left, [0, 1, 2]),
    await response(HOSTILE.right, [3, 4, 5]),
  ];
  const comparison = await db.comparison.create({
    data: {
      promptId: prompt.id,
      leftResponseId: left.id,
      rightResponseId: right.id,
      annotatorId,
      policy: "passive",
      acquisitionScore: 0,
      modelVersion: 0,
      runId: randomUUID(),
      sidesSwapped: false,
    },
  });
  await db.lease.create({
    data: { comparisonId: comparison.id, annotatorId, expiresAt: new Date(Date.now() + 300_000) },
  });
  return comparison.id;
}

/** Fails the test if the page ever runs an injected alert or loads the injected image. */
function watchForInjection(page: Page) {
  const alerts: string[] = [];
  page.on("dialog", async (dialog) => {
    alerts.push(dialog.message());
    await dialog.dismiss();
  });
  return async () => {
    expect(alerts).toEqual([]);
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
  };
}

test("hostile names, reasons, prompts and responses are text on every page and in the exports", async ({
  page,
}) => {
  const expectNoInjection = watchForInjection(page);
  await page.goto("/");
  await waitForPair(page);
  const annotatorId = await annotatorIdOf(page);
  const comparisonId = await plantHostilePair(annotatorId);

  // The annotator page.
  await page.getByRole("button", { name: "Add your name" }).click();
  await page.getByLabel("Display name").fill(HOSTILE.name);
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByTestId("identity")).toHaveText(`Answering as ${HOSTILE.name}`);
  await page.reload();
  expect((await waitForPair(page)).comparisonId).toBe(comparisonId);
  await expect(page.getByTestId("identity")).toHaveText(`Answering as ${HOSTILE.name}`);
  await expect(page.getByTestId("prompt")).toHaveText(HOSTILE.prompt);
  await expect(page.getByTestId("prompt").locator("*")).toHaveCount(0);
  await expect(page.getByTestId("response-left")).toContainText(HOSTILE.left);
  await expect(page.getByTestId("response-right")).toContainText(HOSTILE.right);
  await page.getByTestId("reason").fill(HOSTILE.reason);
  await expect(page.getByTestId("reason")).toHaveValue(HOSTILE.reason);
  await page.getByTestId("answer-skip").click();
  await waitForPair(page, comparisonId);
  await expectNoInjection();
  const answer = await e2eDb().answer.findFirstOrThrow({ where: { comparisonId, annotatorId } });
  expect(answer.reason).toBe(HOSTILE.reason);

  // The admin tables.
  await signIn(page);
  await page.goto("/admin");
  const annotatorRow = page.getByTestId("annotator-row").filter({ hasText: HOSTILE.name });
  await expect(annotatorRow).toHaveCount(1);
  const comparisonRow = page
    .getByTestId("comparison-row")
    .filter({ hasText: HOSTILE.prompt })
    .filter({ hasText: HOSTILE.left })
    .filter({ hasText: HOSTILE.right })
    .filter({ hasText: HOSTILE.name });
  await expect(comparisonRow).toHaveCount(1);
  await expectNoInjection();

  // The exports: CSV defuses cells that start like a formula, JSON Lines keep the text.
  const csv = await page.request.get("/api/admin/export/answers?format=csv");
  const record = (parse(await csv.text(), { columns: true }) as Record<string, string>[]).find(
    (r) => r.answer_id === String(answer.id),
  );
  expect(record).toMatchObject({
    prompt: HOSTILE.prompt,
    left_response: HOSTILE.left,
    right_response: `'${HOSTILE.right}`,
    reason: `'${HOSTILE.reason}`,
  });
  const jsonl = await page.request.get("/api/admin/export/answers?format=jsonl");
  const line = (await jsonl.text())
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l))
    .find((row) => row.answer_id === answer.id);
  expect(line).toMatchObject({
    prompt: HOSTILE.prompt,
    left_response: HOSTILE.left,
    right_response: HOSTILE.right,
    reason: HOSTILE.reason,
  });
});
