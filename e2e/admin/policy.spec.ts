import { expect, test } from "@playwright/test";
import { e2eDb } from "../support/db";
import { signIn } from "./admin-session";

test("switching the policy changes the policy recorded on the next comparisons", async ({
  page,
}) => {
  await signIn(page);
  await page.goto("/admin");
  const select = page.getByTestId("policy-select");

  for (const policy of ["passive", "infomax", "passive"]) {
    await select.selectOption(policy);
    await expect(page.getByTestId("policy-status")).toHaveText(
      `The next comparisons use ${policy}.`,
    );
    await expect(page.getByTestId("active-policy")).toHaveText(policy);

    const next = await page.request.get("/api/comparisons/next");
    expect(next.status()).toBe(200);
    const { comparisonId } = await next.json();
    const stored = await e2eDb().comparison.findUniqueOrThrow({ where: { id: comparisonId } });
    expect(stored.policy).toBe(policy);

    // Answer it: a pair still held would be handed back on the next request.
    const answer = await page.request.post("/api/answers", {
      data: { comparisonId, outcome: "SKIP", idempotencyKey: `policy-test-${comparisonId}` },
    });
    expect(answer.status()).toBe(201);
  }
});
