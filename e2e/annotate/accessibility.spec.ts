import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { PHONE, waitForPair } from "./annotate";

const WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function violations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`);
}

test("the pair page passes the WCAG 2.1 AA checks (labels, contrast) at desktop and phone width", async ({
  page,
}) => {
  await page.goto("/");
  await waitForPair(page);
  expect(await violations(page)).toEqual([]);

  await page.getByRole("button", { name: "Add your name" }).click();
  expect(await violations(page)).toEqual([]);

  await page.setViewportSize(PHONE);
  expect(await violations(page)).toEqual([]);
});

test("focus moves in reading order: identity, left, right, tie, skip, reason", async ({ page }) => {
  await page.goto("/");
  await waitForPair(page);
  const order = [
    page.getByRole("button", { name: "Add your name" }),
    page.getByRole("button", { name: "Not you? New session" }),
    page.getByRole("button", { name: /^Left response: / }),
    page.getByRole("button", { name: /^Right response: / }),
    page.getByRole("button", { name: /^Tie/ }),
    page.getByRole("button", { name: /^Skip/ }),
    page.getByLabel("Why? (optional)"),
  ];

  for (const element of order) {
    await page.keyboard.press("Tab");
    await expect(element).toBeFocused();
  }
});

test("the answer buttons name their keys for assistive technology", async ({ page }) => {
  await page.goto("/");
  await waitForPair(page);

  await expect(page.getByTestId("response-left")).toHaveAttribute(
    "aria-keyshortcuts",
    "1 ArrowLeft",
  );
  await expect(page.getByTestId("response-right")).toHaveAttribute(
    "aria-keyshortcuts",
    "2 ArrowRight",
  );
  await expect(page.getByTestId("answer-tie")).toHaveAttribute("aria-keyshortcuts", "t");
  await expect(page.getByTestId("answer-skip")).toHaveAttribute("aria-keyshortcuts", "s");
});
