import { expect, test } from "@playwright/test";
import { PHONE, saveScreenshot, waitForPair } from "./annotate";

test("the pair at desktop width: side by side, keys shown, last answer confirmed", async ({
  page,
}, testInfo) => {
  await page.goto("/");
  const first = await waitForPair(page);
  await page.keyboard.press("2");
  await waitForPair(page, first.comparisonId);
  await page.getByTestId("reason").fill("The second one sounds calmer.");

  const left = await page.getByTestId("response-left").boundingBox();
  const right = await page.getByTestId("response-right").boundingBox();
  expect(right!.x).toBeGreaterThan(left!.x + left!.width);
  await saveScreenshot(page, testInfo, "annotate-desktop");
});

test("the pair at phone width: stacked, nothing cut off", async ({ page }, testInfo) => {
  await page.setViewportSize(PHONE);
  await page.goto("/");
  await waitForPair(page);

  const left = await page.getByTestId("response-left").boundingBox();
  const right = await page.getByTestId("response-right").boundingBox();
  expect(right!.y).toBeGreaterThan(left!.y + left!.height);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBe(0);
  await saveScreenshot(page, testInfo, "annotate-phone");
});
