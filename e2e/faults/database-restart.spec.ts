// PostgreSQL goes away under a running app and comes back: requests fail
// fast with 503, the page keeps the person's answer and resends it by
// itself, and the app, its trainer and its model store recover without a
// restart, storing the answer exactly once.
//
// The test runs its own PostgreSQL server and app instance (not the shared
// e2e server), since it stops the database.
import { randomUUID } from "node:crypto";
import { expect, test, type APIResponse, type Page } from "@playwright/test";
import { createPrisma, type PrismaClient } from "../../lib/db/client";
import { AppInstance } from "../../scripts/support/app-instance";
import { waitForPair } from "../annotate/annotate";
import { E2E_ADMIN_TOKEN } from "../support/env";
import { PrivatePostgres } from "../support/private-postgres";

/** "Fail fast": a generous bound, far below any connect timeout's minutes. */
const FAST_MS = 5_000;

let postgres: PrivatePostgres;
let app: AppInstance;
let db: PrismaClient;

test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
  postgres = await PrivatePostgres.start();
  app = await AppInstance.start("db-fault-app", {
    databaseUrl: postgres.url,
    env: {
      ADMIN_TOKEN: E2E_ADMIN_TOKEN,
      CHORUS_TRAIN_MIN_ANSWERS: "1",
      CHORUS_TRAINER_POLL_MS: "200",
      CHORUS_PUBLISH_INTERVAL_MS: "0",
    },
  });
  db = createPrisma(postgres.url, 2);
});

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    await testInfo.attach("app output", { body: app.output(), contentType: "text/plain" });
  }
});

test.afterAll(async () => {
  await app?.stop();
  await db?.$disconnect();
  await postgres?.dispose();
});

test("a database outage loses and doubles no answer, and everything recovers by itself", async ({
  page,
}) => {
  const url = (path: string) => `${app.baseUrl}${path}`;
  const versionBefore = await newestVersion();
  await page.goto(url("/"));
  const shown = await waitForPair(page);

  const outageStartsAt = app.output().length;
  await postgres.stop();

  await test.step("the API answers 503 database_unavailable at once", async () => {
    const { response: next, ms: nextMs } = await timed(() =>
      page.request.get(url("/api/comparisons/next")),
    );
    await expectUnavailable(next);
    expect(nextMs).toBeLessThan(FAST_MS);

    const { response: answer, ms: answerMs } = await timed(() =>
      page.request.post(url("/api/answers"), {
        data: { comparisonId: shown.comparisonId, outcome: "RIGHT", idempotencyKey: randomUUID() },
      }),
    );
    await expectUnavailable(answer);
    expect(answerMs).toBeLessThan(FAST_MS);

    const health = await page.request.get(url("/api/health"));
    expect(health.status()).toBe(503);
    expect(await health.json()).toMatchObject({ ok: false, database: "down" });
  });

  await test.step("the page keeps the answer, says it was not saved and keeps resending", async () => {
    const refused = countResponses(page, 503);
    await page.getByTestId("response-left").click();

    const failure = page.getByTestId("failure");
    await expect(failure).toContainText("was not saved");
    await expect(failure).toContainText("resent automatically");
    await expect(failure.getByRole("button", { name: "Resend now" })).toBeVisible();
    // Waiting loses nothing: the page resends by itself (after about 1, 2
    // and 4 s) and keeps the pair.
    await expect.poll(refused, { timeout: 30_000 }).toBeGreaterThanOrEqual(4);
    await expect(failure).toContainText("was not saved");
    await expect(page.getByTestId("pair")).toHaveAttribute(
      "data-comparison-id",
      shown.comparisonId,
    );
  });

  await test.step("the app survives the outage", async () => {
    expect(app.groupAlive()).toBe(true);
    expect(app.output().slice(outageStartsAt)).not.toMatch(/trainer exited/);
  });

  await postgres.restart();

  await test.step("the page resends by itself and the answer is stored once", async () => {
    await expect(page.getByTestId("notice")).toHaveText(/Saved: you preferred the left/, {
      timeout: 30_000,
    });
    await waitForPair(page, shown.comparisonId);
    await expect(page.getByTestId("failure")).toHaveCount(0);

    const stored = await db.answer.findMany({ where: { comparisonId: shown.comparisonId } });
    expect(stored.map((a) => a.outcome)).toEqual(["LEFT"]);
    expect(await db.answer.count()).toBe(1);
  });

  await test.step("the trainer takes its lock again and learns the answer", async () => {
    await expect
      .poll(() => db.answer.count({ where: { learnedInVersion: null } }), { timeout: 60_000 })
      .toBe(0);
    const version = await newestVersion();
    expect(version).toBeGreaterThan(versionBefore);
    const log = app.output().slice(outageStartsAt);
    expect(log).toMatch(/this process is now the trainer/);
    // The standby trainer tried for the lock all along, but said so once.
    expect(log.match(/could not reach the database for the trainer lock/g)).toHaveLength(1);

    // The model store refreshes again: the app serves the new version.
    await expect
      .poll(async () => (await (await page.request.get(url("/api/health"))).json()).modelVersion, {
        timeout: 30_000,
      })
      .toBe(version);
    const health = await page.request.get(url("/api/health"));
    expect(await health.json()).toMatchObject({ ok: true, database: "up" });
  });
});

async function newestVersion(): Promise<number> {
  const newest = await db.checkpoint.findFirstOrThrow({ orderBy: { version: "desc" } });
  return newest.version;
}

async function expectUnavailable(response: APIResponse): Promise<void> {
  expect(response.status()).toBe(503);
  expect(await response.json()).toEqual({
    error: {
      code: "database_unavailable",
      message: expect.stringMatching(/database is unavailable/),
    },
  });
}

async function timed(send: () => Promise<APIResponse>) {
  const started = Date.now();
  const response = await send();
  return { response, ms: Date.now() - started };
}

/** Counts the page's responses with this status from now on. */
function countResponses(page: Page, status: number): () => number {
  let count = 0;
  page.on("response", (response) => {
    if (response.status() === status) count++;
  });
  return () => count;
}
