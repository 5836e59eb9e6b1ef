import { expect, test } from "@playwright/test";
import { e2eDb } from "../support/db";
import { annotatorIdOf, answersOf, countAnswerPosts, waitForPair } from "./annotate";

test("a double-click stores one answer", async ({ page }) => {
  const posts = countAnswerPosts(page);
  await page.goto("/");
  const shown = await waitForPair(page);

  await page.getByTestId("response-left").dblclick();

  await waitForPair(page, shown.comparisonId);
  expect(posts()).toBe(1);
  const answers = await answersOf(await annotatorIdOf(page));
  expect(answers.map((a) => [a.comparisonId, a.outcome])).toEqual([[shown.comparisonId, "LEFT"]]);
});

test("a key pressed twice within 50 ms stores one answer", async ({ page }, testInfo) => {
  const posts = countAnswerPosts(page);
  await page.goto("/");
  const shown = await waitForPair(page);
  await page.evaluate(() => {
    const times: number[] = [];
    Object.assign(window, { keydownTimes: times });
    window.addEventListener("keydown", (event) => times.push(event.timeStamp), true);
  });

  // Both presses are sent at once, not one after the other has been handled.
  await Promise.all([page.keyboard.press("2"), page.keyboard.press("2")]);

  await waitForPair(page, shown.comparisonId);
  const times = await page.evaluate(
    () => (window as unknown as { keydownTimes: number[] }).keydownTimes,
  );
  expect(times).toHaveLength(2);
  const gapMs = times[1] - times[0];
  testInfo.annotations.push({ type: "keydown gap", description: `${gapMs.toFixed(1)} ms` });
  expect(gapMs).toBeLessThan(50);
  expect(posts()).toBe(1);
  const answers = await answersOf(await annotatorIdOf(page));
  expect(answers.map((a) => [a.comparisonId, a.outcome])).toEqual([[shown.comparisonId, "RIGHT"]]);
});

test("a key held down stores one answer", async ({ page }) => {
  const posts = countAnswerPosts(page);
  await page.goto("/");
  const shown = await waitForPair(page);

  // Pressing a key that is already down sends auto-repeat events.
  for (let i = 0; i < 5; i++) await page.keyboard.down("1");
  await page.keyboard.up("1");

  await waitForPair(page, shown.comparisonId);
  expect(posts()).toBe(1);
  expect(await answersOf(await annotatorIdOf(page))).toHaveLength(1);
});

test("replaying a submission with the same idempotency key stores nothing new", async ({
  page,
}) => {
  await page.goto("/");
  const shown = await waitForPair(page);
  const sent = page.waitForRequest(
    (r) => r.method() === "POST" && r.url().endsWith("/api/answers"),
  );
  await page.keyboard.press("1");
  const body = (await sent).postDataJSON();
  await waitForPair(page, shown.comparisonId);
  const before = await e2eDb().answer.count();

  const replay = await page.request.post("/api/answers", { data: body });
  const altered = await page.request.post("/api/answers", { data: { ...body, outcome: "RIGHT" } });

  expect(replay.status()).toBe(200);
  expect(await replay.json()).toMatchObject({ outcome: "LEFT", replayed: true });
  expect(altered.status()).toBe(200);
  expect(await altered.json()).toMatchObject({ outcome: "LEFT", replayed: true });
  expect(await e2eDb().answer.count()).toBe(before);
});

test("an answer whose response was lost is resent with the same key and stored once", async ({
  page,
}) => {
  await page.goto("/");
  const shown = await waitForPair(page);
  // The server stores the answer, but the browser never hears back.
  await page.route("**/api/answers", async (route) => {
    await route.fetch();
    await route.abort("connectionreset");
  });

  await page.getByTestId("answer-tie").click();
  const failure = page.getByTestId("failure");
  await expect(failure).toContainText("could not be confirmed: the server could not be reached");
  await expect(failure).toContainText("resent automatically");
  // The line comes back; the page resends by itself, with the same key.
  await page.unrouteAll();

  await expect(page.getByTestId("notice")).toHaveText(/Saved: a tie/);
  await waitForPair(page, shown.comparisonId);
  const answers = await answersOf(await annotatorIdOf(page));
  expect(answers.map((a) => [a.comparisonId, a.outcome])).toEqual([[shown.comparisonId, "TIE"]]);
});

test("typing 1 2 t s and Enter in the reason box stores no answer", async ({ page }) => {
  const posts = countAnswerPosts(page);
  await page.goto("/");
  const shown = await waitForPair(page);
  const reason = page.getByLabel("Why? (optional)");

  await reason.click();
  await page.keyboard.type("1 2 t s");
  await page.keyboard.press("Enter");

  await expect(reason).toHaveValue("1 2 t s\n");
  await expect(page.getByTestId("pair")).toHaveAttribute("data-comparison-id", shown.comparisonId);
  expect(posts()).toBe(0);
  expect(await answersOf(await annotatorIdOf(page))).toHaveLength(0);

  // Escape leaves the box; the keys answer again, and the reason goes with the answer.
  await page.keyboard.press("Escape");
  await page.keyboard.press("t");
  await waitForPair(page, shown.comparisonId);
  const answers = await answersOf(await annotatorIdOf(page));
  expect(answers.map((a) => [a.outcome, a.reason])).toEqual([["TIE", "1 2 t s"]]);
  await expect(reason).toHaveValue("");
});

test("a kept answer the server refuses for good is dropped with a notice, and the page goes on", async ({
  page,
}) => {
  await page.goto("/");
  await waitForPair(page);
  // What a stale or tampered browser could hold: a malformed answer (400)
  // and one to a comparison that does not exist (404).
  await page.evaluate(() =>
    localStorage.setItem(
      "chorus.unsent-answers",
      JSON.stringify([
        { comparisonId: "x", outcome: "LEFT", latencyMs: 1, idempotencyKey: "kept-key-1" },
        {
          comparisonId: "00000000-0000-4000-8000-000000000000",
          outcome: "RIGHT",
          latencyMs: 1,
          idempotencyKey: "kept-key-2",
        },
      ]),
    ),
  );
  const before = await e2eDb().answer.count();

  await page.reload();
  await waitForPair(page);
  await expect(page.getByTestId("notice")).toContainText(
    "before this page was reloaded was not saved",
  );
  await expect(page.getByTestId("failure")).toHaveCount(0);
  expect(await page.evaluate(() => localStorage.getItem("chorus.unsent-answers"))).toBeNull();
  expect(await e2eDb().answer.count()).toBe(before);
});
