// PostgreSQL goes away under a running app and comes back: requests fail
// fast with 503, the page keeps the person's answer (across a reload too)
// and resends it by itself, and the app, its trainer and its model store recover without a
// restart, storing the answer exactly once.
//
// Two kinds of outage: the server is stopped (every connection is closed,
// new ones are refused), and the server is frozen (connections stay open
// and nothing answers: what a network partition looks like to the app).
// Each test runs its own PostgreSQL server and app instance (not the shared
// e2e server), since it takes the database away.
import { randomUUID } from "node:crypto";
import { expect, test, type APIResponse, type Page } from "@playwright/test";
import { createPrisma, type PrismaClient } from "../../lib/db/client";
import { AppInstance } from "../../scripts/support/app-instance";
import { saveScreenshot, waitForPair } from "../annotate/annotate";
import { E2E_ADMIN_TOKEN } from "../support/env";
import { PrivatePostgres } from "../support/private-postgres";

/** The app's bound on one query's wait for a server that does not answer. */
const QUERY_TIMEOUT_MS = 3_000;
/** pg's bound on opening a connection (lib/db/client.ts). */
const CONNECT_TIMEOUT_MS = 5_000;

interface Outage {
  name: string;
  slug: string;
  /** How soon a request must fail: a stopped server refuses at once. */
  failWithinMs: number;
  begin(postgres: PrivatePostgres): Promise<void>;
  end(postgres: PrivatePostgres): Promise<void>;
  /** The trainer's lock connection closes, so it takes the lock again. */
  lockLost: boolean;
}

const OUTAGES: Outage[] = [
  {
    name: "the server is stopped",
    slug: "stopped",
    failWithinMs: CONNECT_TIMEOUT_MS,
    begin: (postgres) => postgres.stop(),
    end: (postgres) => postgres.restart(),
    lockLost: true,
  },
  {
    name: "the server stops answering (a partition)",
    slug: "partition",
    // A pooled connection's query times out; a retry then waits to connect.
    failWithinMs: QUERY_TIMEOUT_MS + CONNECT_TIMEOUT_MS + 2_000,
    begin: (postgres) => postgres.freeze(),
    end: (postgres) => postgres.thaw(),
    lockLost: false,
  },
];

for (const outage of OUTAGES) {
  test.describe(`when ${outage.name}`, () => {
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
          CHORUS_DB_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
        },
      });
      db = createPrisma(postgres.url, { poolSize: 2 });
    });

    test.afterEach(async ({}, testInfo) => {
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach("app output", { body: app.output(), contentType: "text/plain" });
      }
    });

    test.afterAll(async () => {
      // A frozen server would never stop: thaw it first (a no-op otherwise).
      if (!outage.lockLost) await postgres?.thaw().catch(() => {});
      await app?.stop();
      await db?.$disconnect();
      await postgres?.dispose();
    });

    test("no answer is lost or doubled, and everything recovers by itself", async ({ page }) => {
      const url = (path: string) => `${app.baseUrl}${path}`;
      const versionBefore = await newestVersion(db);
      await page.goto(url("/"));
      const shown = await waitForPair(page);

      const outageStartsAt = app.output().length;
      await outage.begin(postgres);

      await test.step("the API answers 503 database_unavailable, fast", async () => {
        const admin = { headers: { authorization: `Bearer ${E2E_ADMIN_TOKEN}` } };
        const [next, answer, health, answers, preferences] = await Promise.all([
          timed(() => page.request.get(url("/api/comparisons/next"))),
          timed(() =>
            page.request.post(url("/api/answers"), {
              // Not the shown pair: in a partition the server runs this
              // statement when it thaws, and the page's answer is the one
              // this test follows.
              data: {
                comparisonId: randomUUID(),
                outcome: "RIGHT",
                idempotencyKey: randomUUID(),
              },
            }),
          ),
          timed(() => page.request.get(url("/api/health"))),
          // A download that could not start is a 503, not a 200 cut short.
          timed(() => page.request.get(url("/api/admin/export/answers?format=csv"), admin)),
          timed(() => page.request.get(url("/api/admin/export/preferences"), admin)),
        ]);
        await expectUnavailable(next.response);
        await expectUnavailable(answer.response);
        await expectUnavailable(answers.response);
        await expectUnavailable(preferences.response);
        expect(health.response.status()).toBe(503);
        expect(await health.response.json()).toMatchObject({ ok: false, database: "down" });
        for (const { ms } of [next, answer, health, answers, preferences])
          expect(ms).toBeLessThan(outage.failWithinMs);
      });

      await test.step("the page keeps the answer, says it was not saved and keeps resending", async () => {
        const refused = countResponses(page, 503);
        await page.getByTestId("response-left").click();

        const failure = page.getByTestId("failure");
        await expect(failure).toContainText("was not saved", { timeout: outage.failWithinMs });
        await expect(failure).toContainText("resent automatically");
        await expect(failure.getByRole("button", { name: "Resend now" })).toBeVisible();
        // Waiting loses nothing: the page resends by itself (after about 1,
        // 2 and 4 s) and keeps the pair.
        await expect.poll(refused, { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
        await expect(failure).toContainText("was not saved");
        await expect(page.getByTestId("pair")).toHaveAttribute(
          "data-comparison-id",
          shown.comparisonId,
        );
      });

      await test.step("a reload keeps the unsent answer in the browser", async () => {
        await page.reload();
        const failure = page.getByTestId("failure");
        await expect(failure).toContainText("before this page was reloaded is not saved yet", {
          timeout: outage.failWithinMs + 5_000,
        });
        await expect(failure).toContainText("kept in this browser");
        await expect(page.getByTestId("pair")).toHaveCount(0);
        await saveScreenshot(page, test.info(), `outage-${outage.slug}-after-reload`);
      });

      await test.step("the app survives the outage", async () => {
        expect(app.groupAlive()).toBe(true);
        expect(app.output().slice(outageStartsAt)).not.toMatch(/trainer exited/);
      });

      await outage.end(postgres);

      await test.step("the reloaded page resends by itself and the answer is stored once", async () => {
        await expect(page.getByTestId("notice")).toHaveText(/Saved: you preferred the left/, {
          timeout: 30_000,
        });
        await waitForPair(page, shown.comparisonId);
        await expect(page.getByTestId("failure")).toHaveCount(0);

        const stored = await db.answer.findMany({ where: { comparisonId: shown.comparisonId } });
        expect(stored.map((a) => a.outcome)).toEqual(["LEFT"]);
        expect(await db.answer.count()).toBe(1);
        // Stored, so no longer kept in the browser.
        expect(await page.evaluate(() => localStorage.getItem("chorus.unsent-answers"))).toBeNull();
      });

      await test.step("the trainer learns the answer, having said so once", async () => {
        await expect
          .poll(() => db.answer.count({ where: { learnedInVersion: null } }), { timeout: 60_000 })
          .toBe(0);
        const version = await newestVersion(db);
        expect(version).toBeGreaterThan(versionBefore);
        const log = app.output().slice(outageStartsAt);
        // Whatever it tried during the outage, it logged one line for it.
        if (outage.lockLost) {
          expect(log).toMatch(/this process is now the trainer/);
          expect(log.match(/could not reach the database for the trainer lock/g)).toHaveLength(1);
        } else {
          expect(log).not.toMatch(/this process is now the trainer/);
          expect(log.match(/training waits for it/g)).toHaveLength(1);
          expect(log).toMatch(/training resumes/);
        }
        expect(log).not.toMatch(/training round failed/);

        // The model store refreshes again: the app serves the new version.
        await expect
          .poll(
            async () => (await (await page.request.get(url("/api/health"))).json()).modelVersion,
            { timeout: 30_000 },
          )
          .toBe(version);
        const health = await page.request.get(url("/api/health"));
        expect(await health.json()).toMatchObject({ ok: true, database: "up" });
      });
    });
  });
}

async function newestVersion(db: PrismaClient): Promise<number> {
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
