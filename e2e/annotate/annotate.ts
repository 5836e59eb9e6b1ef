// Helpers shared by the annotator page's end-to-end tests.
import { expect, type Page, type TestInfo } from "@playwright/test";
import { ANNOTATOR_COOKIE } from "../support/annotators";
import { e2eDb } from "../support/db";

/** What the page shows of a pair: its comparison and the response ids on each side. */
export interface ShownPair {
  comparisonId: string;
  leftId: number;
  rightId: number;
}

/** Waits until a pair other than `previous` is on screen and can be answered. */
export async function waitForPair(page: Page, previous?: string): Promise<ShownPair> {
  const pair = page.getByTestId("pair");
  if (previous) await expect(pair).not.toHaveAttribute("data-comparison-id", previous);
  await expect(page.locator("main")).toHaveAttribute("data-phase", "ready");
  const id = async (testId: string) =>
    Number(await page.getByTestId(testId).getAttribute("data-response-id"));
  return {
    comparisonId: (await pair.getAttribute("data-comparison-id")) ?? "",
    leftId: await id("response-left"),
    rightId: await id("response-right"),
  };
}

/** The annotator id in this page's session cookie. */
export async function annotatorIdOf(page: Page): Promise<string> {
  const cookies = await page.context().cookies();
  const cookie = cookies.find((c) => c.name === ANNOTATOR_COOKIE);
  if (!cookie) throw new Error(`Expected a ${ANNOTATOR_COOKIE} cookie, but there is none`);
  return cookie.value;
}

/** Every answer of an annotator, oldest first, with its comparison. */
export function answersOf(annotatorId: string) {
  return e2eDb().answer.findMany({
    where: { annotatorId },
    orderBy: { id: "asc" },
    include: { comparison: true },
  });
}

/** Counts the answer submissions the page sends. */
export function countAnswerPosts(page: Page): () => number {
  let posts = 0;
  page.on("request", (request) => {
    if (request.method() === "POST" && request.url().endsWith("/api/answers")) posts++;
  });
  return () => posts;
}

/** Saves a full-page screenshot under test-results/screenshots and attaches it to the report. */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = `test-results/screenshots/${name}.png`;
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

export const PHONE = { width: 390, height: 844 };
