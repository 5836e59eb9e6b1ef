import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "@/lib/model/backend";
import { submitAnswer } from "@/lib/service/answers";
import { nextComparison } from "@/lib/service/comparisons";
import { bootstrapWorld, ModelStore } from "@/lib/service/model-store";
import { OnlineTrainer, trainPending, type TrainingRound } from "@/lib/service/trainer";
import { runTrainerLoop, TRAINER_LOCK } from "@/lib/service/trainer-loop";
import { getWorld } from "@/lib/service/world";
import { createRng } from "@/lib/util/random";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { waitFor } from "../helpers/wait";

let db: TestDatabase;
let models: ModelStore;
let annotatorId: string;
let answered = 0;
const world = getWorld();
const quick = { stepsPerRound: 2, seed: 1 };

beforeAll(async () => {
  await initBackend();
  db = await createTestDatabase();
  await bootstrapWorld(db.prisma, world);
  models = new ModelStore(db.prisma, 0);
  annotatorId = (await db.prisma.annotator.create({ data: { kind: "SIMULATED" } })).id;
});

afterAll(async () => {
  models?.dispose();
  await db?.drop();
});

/** Stores `count` answers through the same service code as the app. */
async function answer(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const n = answered++;
    const view = await nextComparison(db.prisma, models, world, {
      annotatorId,
      policy: "passive",
      rng: createRng(`answer:${n}`),
    });
    await submitAnswer(db.prisma, annotatorId, {
      comparisonId: view.comparisonId,
      outcome: (["LEFT", "RIGHT", "TIE", "SKIP"] as const)[n % 4],
      idempotencyKey: `online-${n}`,
    });
  }
}

const unlearned = () => db.prisma.answer.count({ where: { learnedInVersion: null } });

/** Every answer learned exactly once, and the checkpoints agree. */
async function expectEveryAnswerLearnedOnce(): Promise<void> {
  const total = await db.prisma.answer.count();
  const checkpoints = await db.prisma.checkpoint.findMany({ orderBy: { version: "asc" } });
  const perVersion = checkpoints.map((c) => (c.metrics as { newAnswers?: number }).newAnswers ?? 0);
  expect(await unlearned()).toBe(0);
  expect(perVersion.reduce((a, b) => a + b, 0)).toBe(total);
  expect(checkpoints.at(-1)!.answersLearned).toBe(total);
  expect(checkpoints.map((c) => c.version)).toEqual(checkpoints.map((_, i) => i));
}

async function newestVersion(): Promise<number> {
  return (await db.prisma.checkpoint.findFirstOrThrow({ orderBy: { version: "desc" } })).version;
}

describe("the online trainer", () => {
  it("folds several rounds into one published version and marks each answer learned in it", async () => {
    const trainer = new OnlineTrainer(db.prisma, world, quick);
    await answer(3);
    expect(await trainer.trainRound()).toBe(3);
    await answer(2);
    expect(await trainer.trainRound()).toBe(2);
    expect(await trainer.trainRound()).toBe(0);
    expect(await unlearned()).toBe(5);

    const round = await trainer.publish();
    trainer.dispose();

    expect(round).toMatchObject({ version: 1, newAnswers: 5, rounds: 2 });
    const versions = await db.prisma.answer.groupBy({ by: ["learnedInVersion"], _count: true });
    expect(versions).toEqual([{ learnedInVersion: 1, _count: 5 }]);
    const checkpoint = await db.prisma.checkpoint.findUniqueOrThrow({ where: { version: 1 } });
    expect(checkpoint.metrics).toMatchObject({ newAnswers: 5, rounds: 2 });
    expect(checkpoint.weights.length).toBeGreaterThan(1000);
    await expectEveryAnswerLearnedOnce();
  });

  it("loses nothing when it dies before publishing: the next trainer learns those answers", async () => {
    await answer(4);
    const crashed = new OnlineTrainer(db.prisma, world, quick);
    expect(await crashed.trainRound()).toBe(4);
    crashed.dispose(); // gone without publishing, as after kill -9

    const round = await trainPending(db.prisma, world, quick);

    expect(round).toMatchObject({ version: 2, newAnswers: 4 });
    await expectEveryAnswerLearnedOnce();
  });

  it("lets only one of two racing trainers publish, and the other retrains from the newest version", async () => {
    await answer(3);
    const first = new OnlineTrainer(db.prisma, world, quick);
    const second = new OnlineTrainer(db.prisma, world, quick);
    await Promise.all([first.trainRound(), second.trainRound()]);

    expect(await first.publish()).toMatchObject({ version: 3, newAnswers: 3 });
    expect(await second.publish()).toBeNull();
    expect(await second.trainRound()).toBe(0);
    await answer(1);
    expect(await second.trainRound()).toBe(1);
    expect(await second.publish()).toMatchObject({ version: 4, newAnswers: 1 });
    first.dispose();
    second.dispose();

    await expectEveryAnswerLearnedOnce();
  });

  it("drops its working copy when a version is published elsewhere (e.g. an admin rollback)", async () => {
    await answer(2);
    const trainer = new OnlineTrainer(db.prisma, world, quick);
    expect(await trainer.trainRound()).toBe(2);
    const v0 = await db.prisma.checkpoint.findUniqueOrThrow({ where: { version: 0 } });
    const newest = await db.prisma.checkpoint.findFirstOrThrow({ orderBy: { version: "desc" } });
    await db.prisma.checkpoint.create({
      data: {
        version: newest.version + 1,
        worldKey: v0.worldKey,
        weights: v0.weights,
        metrics: { newAnswers: 0 },
        answersLearned: newest.answersLearned,
        rolledBackFrom: 0,
      },
    });

    expect(await trainer.trainRound()).toBe(2);
    const round = await trainer.publish();
    trainer.dispose();

    expect(round).toMatchObject({ version: newest.version + 2, newAnswers: 2, rounds: 1 });
    await expectEveryAnswerLearnedOnce();
  });

  it("frees every tensor it allocated", async () => {
    await answer(2);
    const before = tf.memory().numTensors;
    await trainPending(db.prisma, world, quick);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("the trainer loop", () => {
  it("trains in exactly one of two processes, and the other takes over when the first stops", async () => {
    const events: string[] = [];
    const start = (name: string) => {
      const controller = new AbortController();
      const done = runTrainerLoop(db.prisma, world, {
        ...quick,
        databaseUrl: db.url,
        signal: controller.signal,
        pollMs: 50,
        minNewAnswers: 1,
        publishIntervalMs: 0,
        onPublished: (round: TrainingRound) => events.push(`${name}:${round.version}`),
      });
      return { controller, done };
    };
    const holders = async () => {
      const rows = await db.prisma.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM pg_locks
        WHERE locktype = 'advisory' AND objid = ${TRAINER_LOCK} AND granted
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
      return Number(rows[0].n);
    };

    const a = start("a");
    await waitFor("a trainer to hold the lock", async () => (await holders()) === 1);
    const b = start("b");
    await answer(3);
    await waitFor("the answers to be learned", async () => (await unlearned()) === 0);
    expect(await holders()).toBe(1);
    const first = events[0].split(":")[0];
    expect(events.every((e) => e.startsWith(`${first}:`))).toBe(true);

    const [leader, standby] = first === "a" ? [a, b] : [b, a];
    leader.controller.abort();
    await leader.done;
    const version = await newestVersion();
    await answer(2);
    await waitFor("the standby to take over and learn", async () => (await unlearned()) === 0);
    expect(await newestVersion()).toBeGreaterThan(version);
    expect(events.at(-1)!.startsWith(first)).toBe(false);

    standby.controller.abort();
    await standby.done;
    expect(await holders()).toBe(0);
    await expectEveryAnswerLearnedOnce();
  });

  it("stands by again when its lock connection dies, then takes the lock back", async () => {
    const controller = new AbortController();
    const done = runTrainerLoop(db.prisma, world, {
      ...quick,
      databaseUrl: db.url,
      signal: controller.signal,
      pollMs: 50,
      minNewAnswers: 1,
      publishIntervalMs: 0,
    });
    const terminateLockSession = async () => {
      const rows = await db.prisma.$queryRaw<{ ok: boolean }[]>`
        SELECT pg_terminate_backend(pid) AS ok FROM pg_locks
        WHERE locktype = 'advisory' AND objid = ${TRAINER_LOCK} AND granted
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
      return rows.length === 1 && rows[0].ok;
    };
    await waitFor("the trainer to hold the lock", terminateLockSession);
    await answer(2);

    await waitFor(
      "the trainer to retake the lock and learn",
      async () => (await unlearned()) === 0,
    );
    controller.abort();
    await done;
    await expectEveryAnswerLearnedOnce();
  });
});

describe("the app's model store", () => {
  it("follows new versions in the background while requests never wait for the check", async () => {
    const store = new ModelStore(db.prisma, 50);
    const before = tf.memory().numTensors;
    const first = await store.current();
    await answer(2);
    await trainPending(db.prisma, world, quick);
    const newest = await newestVersion();

    await waitFor(
      "the store to serve the newest version",
      async () => (await store.current()).version === newest,
    );
    expect(newest).toBeGreaterThan(first.version);
    store.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  });
});
