import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPrisma, type PrismaClient } from "@/lib/db/client";
import {
  getAnnotationSettings,
  resetAnnotationSettings,
  startAnnotationRound,
  updateAnnotationSettings,
} from "@/lib/service/annotation-settings";
import { submitAnswer, type Outcome } from "@/lib/service/answers";
import { leaseNextComparison, releaseHeldLeases, type LeaseResult } from "@/lib/service/leases";
import { bootstrapWorld, ModelStore } from "@/lib/service/model-store";
import { getWorld } from "@/lib/service/world";
import { createRng } from "@/lib/util/random";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

let db: TestDatabase;
let models: ModelStore;
// A second client stands for a second app instance on the same database.
let otherInstance: PrismaClient;
let otherModels: ModelStore;
const world = getWorld();
const LEASE_SECONDS = 60;

beforeAll(async () => {
  db = await createTestDatabase();
  await bootstrapWorld(db.prisma, world);
  models = new ModelStore(db.prisma, 60_000);
  otherInstance = createPrisma(db.url, { poolSize: 5 });
  otherModels = new ModelStore(otherInstance, 60_000);
});

afterAll(async () => {
  models?.dispose();
  otherModels?.dispose();
  await otherInstance?.$disconnect();
  await db?.drop();
});

beforeEach(async () => {
  await db.prisma.$executeRaw`TRUNCATE "Answer", "Lease", "Comparison" CASCADE`;
  await resetAnnotationSettings(db.prisma);
  await updateAnnotationSettings(db.prisma, { leaseSeconds: LEASE_SECONDS });
});

async function newAnnotator() {
  return (await db.prisma.annotator.create({ data: { kind: "HUMAN" } })).id;
}

let seed = 0;
function lease(annotatorId: string, now?: Date, prisma = db.prisma, store = models) {
  return leaseNextComparison(prisma, store, world, { annotatorId, rng: createRng(seed++), now });
}

function pairOf(result: LeaseResult): string {
  if (result.kind !== "pair") throw new Error(`Expected a pair, but got ${result.kind}`);
  return result.comparison.comparisonId;
}

function answer(annotatorId: string, comparisonId: string, outcome: Outcome, now?: Date) {
  const idempotencyKey = `${annotatorId}:${comparisonId}`;
  return submitAnswer(db.prisma, annotatorId, { comparisonId, outcome, idempotencyKey }, now);
}

const later = (seconds: number) => new Date(Date.now() + seconds * 1000);

describe("comparisons as leases", () => {
  it("gives a person who reloads the pair they already hold, not a new one", async () => {
    const annotator = await newAnnotator();

    const first = pairOf(await lease(annotator));
    const again = pairOf(await lease(annotator));

    expect(again).toBe(first);
    expect(await db.prisma.comparison.count()).toBe(1);
  });

  it("never hands one pair to two annotators with overlap 1, even from two instances at once", async () => {
    await updateAnnotationSettings(db.prisma, { overlap: 1, comparisonBudget: 3 });
    const annotators = await Promise.all(Array.from({ length: 12 }, newAnnotator));

    const results = await Promise.all(
      annotators.map((id, i) =>
        i % 2 === 0 ? lease(id) : lease(id, undefined, otherInstance, otherModels),
      ),
    );

    const pairs = results.filter((r) => r.kind === "pair").map(pairOf);
    expect(pairs).toHaveLength(3);
    expect(new Set(pairs).size).toBe(3);
    expect(results.filter((r) => r.kind === "no_work")).toHaveLength(9);
    expect(await db.prisma.comparison.count()).toBe(3);
    expect(await db.prisma.lease.count()).toBe(3);
  });

  it("hands each pair to at most `overlap` annotators when many ask at once", async () => {
    await updateAnnotationSettings(db.prisma, { overlap: 2, comparisonBudget: 2 });
    const annotators = await Promise.all(Array.from({ length: 8 }, newAnnotator));

    const results = await Promise.all(
      annotators.map((id, i) =>
        i % 2 === 0 ? lease(id) : lease(id, undefined, otherInstance, otherModels),
      ),
    );

    const pairs = results.filter((r) => r.kind === "pair").map(pairOf);
    expect(pairs).toHaveLength(4);
    const holders = new Map<string, number>();
    for (const id of pairs) holders.set(id, (holders.get(id) ?? 0) + 1);
    expect([...holders.values()]).toEqual([2, 2]);
  });

  it("re-offers a pair short of answers to someone new before generating another", async () => {
    await updateAnnotationSettings(db.prisma, { overlap: 2 });
    const [ann, bob, cat] = [await newAnnotator(), await newAnnotator(), await newAnnotator()];

    const first = pairOf(await lease(ann));
    expect(pairOf(await lease(bob))).toBe(first);
    const second = pairOf(await lease(cat));
    expect(second).not.toBe(first);

    await answer(ann, first, "LEFT");
    expect(pairOf(await lease(ann))).toBe(second);
    await answer(bob, first, "RIGHT");
    const answers = await db.prisma.answer.findMany({ where: { comparisonId: first } });
    expect(answers.map((a) => a.outcome).sort()).toEqual(["LEFT", "RIGHT"]);
  });

  it("refuses a late answer with 409 and gives the lapsed pair to someone else", async () => {
    await updateAnnotationSettings(db.prisma, { overlap: 1, comparisonBudget: 1 });
    const [ann, bob] = [await newAnnotator(), await newAnnotator()];
    const pair = pairOf(await lease(ann));
    const afterExpiry = later(LEASE_SECONDS + 1);
    const before = await db.counts();

    await expect(answer(ann, pair, "LEFT", afterExpiry)).rejects.toMatchObject({
      status: 409,
      code: "lease_expired",
    });
    expect(await db.counts()).toEqual(before);

    expect(pairOf(await lease(bob, afterExpiry))).toBe(pair);
    await answer(bob, pair, "RIGHT", afterExpiry);
    expect(await lease(ann, afterExpiry)).toEqual({ kind: "no_work", waiting: 0 });
  });

  it("lets a skipped pair go to someone else; ties and choices fill it", async () => {
    await updateAnnotationSettings(db.prisma, { overlap: 1, comparisonBudget: 1 });
    const [ann, bob, cat] = [await newAnnotator(), await newAnnotator(), await newAnnotator()];
    const pair = pairOf(await lease(ann));

    await answer(ann, pair, "SKIP");
    expect(pairOf(await lease(bob))).toBe(pair);
    expect(await lease(cat)).toEqual({ kind: "no_work", waiting: 1 });
    await answer(bob, pair, "TIE");

    expect(await lease(cat)).toEqual({ kind: "no_work", waiting: 0 });
    const row = await db.prisma.comparison.findUniqueOrThrow({ where: { id: pair } });
    expect(row.nonSkipAnswers).toBe(1);
  });

  it("returns the pairs of an ended session to the pool at once", async () => {
    await updateAnnotationSettings(db.prisma, { overlap: 1, comparisonBudget: 1 });
    const [ann, bob] = [await newAnnotator(), await newAnnotator()];
    const pair = pairOf(await lease(ann));
    expect(await lease(bob)).toEqual({ kind: "no_work", waiting: 1 });

    expect(await releaseHeldLeases(db.prisma, ann)).toBe(1);

    expect(pairOf(await lease(bob))).toBe(pair);
  });

  it("starts a new round: older pairs are neither offered again nor counted", async () => {
    await updateAnnotationSettings(db.prisma, { overlap: 1, comparisonBudget: 1 });
    const [ann, bob] = [await newAnnotator(), await newAnnotator()];
    const old = pairOf(await lease(ann));
    await answer(ann, old, "SKIP");

    await startAnnotationRound(db.prisma, { comparisonBudget: 1 }, later(1));
    const fresh = pairOf(await lease(bob, later(2)));

    expect(fresh).not.toBe(old);
    expect(await lease(ann, later(3))).toEqual({ kind: "no_work", waiting: 1 });
  });

  it("hands out nothing with a budget of 0", async () => {
    await updateAnnotationSettings(db.prisma, { comparisonBudget: 0 });

    expect(await lease(await newAnnotator())).toEqual({ kind: "no_work", waiting: 0 });
    expect(await db.prisma.comparison.count()).toBe(0);
  });

  it("answers 404 for an unknown annotator and writes nothing", async () => {
    const before = await db.counts();

    await expect(lease("00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({
      status: 404,
      code: "annotator_not_found",
    });
    expect(await db.counts()).toEqual(before);
  });
});

describe("annotation settings", () => {
  it("falls back to the environment defaults and keeps what the admin stores", async () => {
    await resetAnnotationSettings(db.prisma);
    expect(await getAnnotationSettings(db.prisma)).toEqual({
      leaseSeconds: 300,
      overlap: 1,
      comparisonBudget: null,
      roundStartedAt: null,
    });

    const stored = await updateAnnotationSettings(db.prisma, { overlap: 3, comparisonBudget: 50 });

    expect(stored).toEqual({
      leaseSeconds: 300,
      overlap: 3,
      comparisonBudget: 50,
      roundStartedAt: null,
    });
    await updateAnnotationSettings(db.prisma, { comparisonBudget: null });
    expect((await getAnnotationSettings(db.prisma)).comparisonBudget).toBeNull();
  });

  it("refuses an invalid value with 400 naming the field and stores nothing", async () => {
    await resetAnnotationSettings(db.prisma);
    const before = await db.counts();

    for (const patch of [{ overlap: 0 }, { leaseSeconds: 2.5 }, { comparisonBudget: -1 }]) {
      await expect(updateAnnotationSettings(db.prisma, patch)).rejects.toMatchObject({
        status: 400,
        message: expect.stringContaining(Object.keys(patch)[0]),
      });
    }
    await expect(
      updateAnnotationSettings(db.prisma, { overlap: 2, colour: "red" } as never),
    ).rejects.toMatchObject({ status: 400 });
    expect(await db.counts()).toEqual(before);
  });

  it("ignores a stored value that is out of range", async () => {
    await resetAnnotationSettings(db.prisma);
    await db.prisma.setting.create({ data: { key: "annotation.overlap", value: "lots" } });

    expect((await getAnnotationSettings(db.prisma)).overlap).toBe(1);
  });
});
