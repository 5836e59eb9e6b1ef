import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getWorld } from "@/lib/service/world";
import { AppInstance } from "@/scripts/support/app-instance";
import { runAnnotators, type AcknowledgedAnswer } from "@/scripts/support/annotators";
import { ensureBuilt } from "@/scripts/support/next-build";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { waitFor } from "../helpers/wait";

let db: TestDatabase;
const apps: AppInstance[] = [];

beforeAll(() => ensureBuilt(), 600_000);

// Each test has its own database and instances: a trainer left running
// would hold the trainer lock for the next test.
beforeEach(async () => {
  db = await createTestDatabase();
}, 120_000);

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.stop()));
  await db?.drop();
}, 120_000);

const trainerEnv = {
  LOG_LEVEL: "debug",
  CHORUS_TRAIN_MIN_ANSWERS: "1",
  CHORUS_TRAINER_POLL_MS: "100",
  CHORUS_PUBLISH_INTERVAL_MS: "0",
};

async function start(name: string, stepsPerRound: number): Promise<AppInstance> {
  const app = await AppInstance.start(name, {
    databaseUrl: db.url,
    env: { ...trainerEnv, CHORUS_TRAIN_STEPS: String(stepsPerRound) },
  });
  apps.push(app);
  return app;
}

async function annotate(app: AppInstance, durationMs: number): Promise<AcknowledgedAnswer[]> {
  const report = await runAnnotators({
    baseUrls: [app.baseUrl],
    annotators: 4,
    durationMs,
    thinkMs: 50,
    world: getWorld(),
  });
  expect(report.serverErrors).toBe(0);
  return report.acknowledged;
}

async function storedAnswers() {
  return db.prisma.answer.findMany({
    select: { id: true, comparisonId: true, outcome: true, learnedInVersion: true },
    orderBy: { id: "asc" },
  });
}

describe("restart without loss", () => {
  it("comes back after SIGKILL in the middle of training with every answer, each learned once", async () => {
    // Long rounds (many steps each) so that the kill lands inside one.
    const first = await start("before-kill", 60);
    const acknowledged = await annotate(first, 3000);
    await first.waitForOutput(/model version published/, 120_000);
    const mark = first.output().length;
    acknowledged.push(...(await annotate(first, 1000)));
    await first.waitForOutput(/training round started/, 120_000, mark);

    first.kill("SIGKILL");
    await waitFor("every process of the app to be gone", () => !first.groupAlive());

    const afterKill = await storedAnswers();
    expect(afterKill.map((a) => a.id)).toEqual(acknowledged.map((a) => a.answerId).sort(byNumber));
    expect(afterKill.some((a) => a.learnedInVersion === null)).toBe(true);
    const versionAtKill = (
      await db.prisma.checkpoint.findFirstOrThrow({ orderBy: { version: "desc" } })
    ).version;
    expect(versionAtKill).toBeGreaterThan(0);

    const second = await start("after-restart", 20);
    acknowledged.push(...(await annotate(second, 1000)));
    await waitFor(
      "the restarted trainer to learn every answer",
      async () => (await db.prisma.answer.count({ where: { learnedInVersion: null } })) === 0,
      180_000,
      200,
    );

    const stored = await storedAnswers();
    const byId = new Map(stored.map((a) => [a.id, a]));
    expect(stored).toHaveLength(acknowledged.length);
    for (const answer of acknowledged) {
      expect(byId.get(answer.answerId)).toMatchObject({
        comparisonId: answer.comparisonId,
        outcome: answer.outcome,
      });
    }
    const checkpoints = await db.prisma.checkpoint.findMany({ orderBy: { version: "asc" } });
    const learned = checkpoints.map((c) => (c.metrics as { newAnswers?: number }).newAnswers ?? 0);
    expect(learned.reduce((a, b) => a + b, 0)).toBe(stored.length);
    expect(checkpoints.at(-1)!.answersLearned).toBe(stored.length);
    expect(checkpoints.at(-1)!.version).toBeGreaterThan(versionAtKill);
    expect(stored.filter((a) => a.learnedInVersion! > versionAtKill).length).toBeGreaterThan(0);

    const newest = checkpoints.at(-1)!.version;
    await waitFor("the restarted app to serve the newest version", async () => {
      const health = await (await fetch(`${second.baseUrl}/api/health`)).json();
      return health.modelVersion === newest;
    });
  }, 600_000);
});

describe("take-over by a standby trainer", () => {
  it("lets the other instance train when the training instance is killed", async () => {
    const [a, b] = await Promise.all([start("instance-a", 20), start("instance-b", 20)]);
    const trainerOf = async () => {
      const pattern = /this process is now the trainer/;
      await waitFor("one instance to become the trainer", () =>
        [a, b].some((app) => pattern.test(app.output())),
      );
      return [a, b].filter((app) => pattern.test(app.output()));
    };
    const trainers = await trainerOf();
    expect(trainers).toHaveLength(1);
    const [training] = trainers;
    const standby = training === a ? b : a;
    await standby.waitForOutput(/another process is the trainer; standing by/, 60_000);

    const acknowledged = await annotate(training, 1500);
    training.kill("SIGKILL");
    await waitFor("every process of the killed instance to be gone", () => !training.groupAlive());

    await standby.waitForOutput(/this process is now the trainer/, 30_000);
    acknowledged.push(...(await annotate(standby, 1500)));
    await waitFor(
      "the new trainer to learn every answer",
      async () => (await db.prisma.answer.count({ where: { learnedInVersion: null } })) === 0,
      180_000,
      200,
    );
    const stored = await storedAnswers();
    expect(stored.map((answer) => answer.id)).toEqual(
      acknowledged.map((answer) => answer.answerId).sort(byNumber),
    );
  }, 600_000);
});

function byNumber(a: number, b: number): number {
  return a - b;
}
