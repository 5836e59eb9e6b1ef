import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitAnswer, answerInputSchema } from "@/lib/service/answers";
import { nextComparison } from "@/lib/service/comparisons";
import { bootstrapWorld, ModelStore } from "@/lib/service/model-store";
import { trainPending } from "@/lib/service/trainer";
import { getWorld } from "@/lib/service/world";
import { createRng } from "@/lib/util/random";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

let db: TestDatabase;
let models: ModelStore;
const world = getWorld();

beforeAll(async () => {
  db = await createTestDatabase();
  await bootstrapWorld(db.prisma, world);
  models = new ModelStore(db.prisma, 0);
});

afterAll(async () => {
  models?.dispose();
  await db?.drop();
});

async function newAnnotator() {
  return (await db.prisma.annotator.create({ data: { kind: "HUMAN" } })).id;
}

describe("comparisons and answers against PostgreSQL", () => {
  it("bootstraps prompts and a pretrained checkpoint v0 only once", async () => {
    await bootstrapWorld(db.prisma, world);
    expect(await db.prisma.prompt.count()).toBe(world.prompts.length);
    const checkpoints = await db.prisma.checkpoint.findMany();
    expect(checkpoints.map((c) => c.version)).toEqual([0]);
  });

  it("records who was shown what, on which side, by which policy and model version", async () => {
    const annotatorId = await newAnnotator();
    const view = await nextComparison(db.prisma, models, world, {
      annotatorId,
      policy: "infomax",
      rng: createRng(1),
    });
    const row = await db.prisma.comparison.findUniqueOrThrow({
      where: { id: view.comparisonId },
      include: { leftResponse: true, rightResponse: true, leases: true },
    });
    expect(row.annotatorId).toBe(annotatorId);
    expect(row.policy).toBe("infomax");
    expect(row.modelVersion).toBe(0);
    expect(row.leftResponse.text).toBe(view.left.text);
    expect(row.rightResponse.text).toBe(view.right.text);
    expect(row.leftResponse.text).not.toBe(row.rightResponse.text);
    expect(row.acquisitionScore).toBeGreaterThan(0);
    expect(row.sidesSwapped).toEqual(expect.any(Boolean));
    expect(row.leases).toHaveLength(1);
    expect(row.leases[0].annotatorId).toBe(annotatorId);
    expect(row.leases[0].expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it("stores an answer once, and a replay with the same key stores nothing new", async () => {
    const annotatorId = await newAnnotator();
    const view = await nextComparison(db.prisma, models, world, { annotatorId, rng: createRng(2) });
    const input = {
      comparisonId: view.comparisonId,
      outcome: "RIGHT" as const,
      idempotencyKey: "k-replay-1",
    };

    const first = await submitAnswer(db.prisma, annotatorId, input);
    const before = await db.counts();
    const [again, concurrent] = await Promise.all([
      submitAnswer(db.prisma, annotatorId, input),
      submitAnswer(db.prisma, annotatorId, input),
    ]);

    expect(first.replayed).toBe(false);
    expect(again).toEqual({ ...first, replayed: true });
    expect(concurrent.answerId).toBe(first.answerId);
    expect(await db.counts()).toEqual(before);
  });

  it("stores and counts exactly one answer when the same pair is answered several times at once", async () => {
    const annotatorId = await newAnnotator();
    const view = await nextComparison(db.prisma, models, world, { annotatorId, rng: createRng(6) });
    const submit = (idempotencyKey: string, outcome: "LEFT" | "RIGHT") =>
      submitAnswer(db.prisma, annotatorId, {
        comparisonId: view.comparisonId,
        outcome,
        idempotencyKey,
      })
        .then((receipt) => ({ receipt }))
        .catch((error: { code: string }) => ({ refused: error.code }));

    // Retries of one click (same key) race a second click (another key).
    const results = await Promise.all([
      submit("k-race-a", "LEFT"),
      submit("k-race-a", "LEFT"),
      submit("k-race-a", "LEFT"),
      submit("k-race-b", "RIGHT"),
    ]);

    const stored = await db.prisma.answer.findMany({ where: { comparisonId: view.comparisonId } });
    expect(stored).toHaveLength(1);
    const comparison = await db.prisma.comparison.findUniqueOrThrow({
      where: { id: view.comparisonId },
    });
    expect(comparison.nonSkipAnswers).toBe(1);
    const winnerKey = stored[0].idempotencyKey;
    for (const [i, result] of results.entries()) {
      const key = i < 3 ? "k-race-a" : "k-race-b";
      if (key === winnerKey) {
        expect(result).toMatchObject({ receipt: { answerId: stored[0].id } });
      } else {
        expect(result).toEqual({ refused: "already_answered" });
      }
    }
    expect(results.filter((r) => "receipt" in r && !r.receipt.replayed)).toHaveLength(1);
  });

  it("answers 401 no_session for an annotator that does not exist, writing nothing", async () => {
    const owner = await newAnnotator();
    const view = await nextComparison(db.prisma, models, world, {
      annotatorId: owner,
      rng: createRng(7),
    });
    const before = await db.counts();
    await expect(
      submitAnswer(db.prisma, "00000000-0000-4000-8000-00000000beef", {
        comparisonId: view.comparisonId,
        outcome: "LEFT",
        idempotencyKey: "k-ghost-1",
      }),
    ).rejects.toMatchObject({ status: 401, code: "no_session" });
    expect(await db.counts()).toEqual(before);
  });

  it("refuses unknown comparisons, other people's comparisons, second answers, expired leases and reused keys without writing", async () => {
    const owner = await newAnnotator();
    const stranger = await newAnnotator();
    const view = await nextComparison(db.prisma, models, world, {
      annotatorId: owner,
      rng: createRng(3),
    });
    await submitAnswer(db.prisma, owner, {
      comparisonId: view.comparisonId,
      outcome: "LEFT",
      idempotencyKey: "k-first-1",
    });
    const expired = await nextComparison(db.prisma, models, world, {
      annotatorId: owner,
      rng: createRng(4),
      leaseSeconds: 0.001,
    });
    const fresh = await nextComparison(db.prisma, models, world, {
      annotatorId: owner,
      rng: createRng(5),
    });
    const before = await db.counts();

    await expect(
      submitAnswer(db.prisma, owner, {
        comparisonId: "00000000-0000-4000-8000-000000000000",
        outcome: "LEFT",
        idempotencyKey: "k-unknown-1",
      }),
    ).rejects.toMatchObject({ status: 404, code: "comparison_not_found" });
    await expect(
      submitAnswer(db.prisma, stranger, {
        comparisonId: expired.comparisonId,
        outcome: "LEFT",
        idempotencyKey: "k-stranger",
      }),
    ).rejects.toMatchObject({ status: 403, code: "not_your_comparison" });
    await expect(
      submitAnswer(db.prisma, owner, {
        comparisonId: fresh.comparisonId,
        outcome: "LEFT",
        idempotencyKey: "k-first-1",
      }),
    ).rejects.toMatchObject({ status: 409, code: "idempotency_key_reused" });
    await expect(
      submitAnswer(db.prisma, owner, {
        comparisonId: view.comparisonId,
        outcome: "RIGHT",
        idempotencyKey: "k-second-1",
      }),
    ).rejects.toMatchObject({ status: 409, code: "already_answered" });
    await expect(
      submitAnswer(db.prisma, owner, {
        comparisonId: expired.comparisonId,
        outcome: "TIE",
        idempotencyKey: "k-expired",
      }),
    ).rejects.toMatchObject({ status: 409, code: "lease_expired" });

    expect(await db.counts()).toEqual(before);
  });

  it("rejects a choice that is not one of the four outcomes, naming the field", () => {
    const result = answerInputSchema.safeParse({
      comparisonId: "00000000-0000-4000-8000-000000000000",
      outcome: "MAYBE",
      idempotencyKey: "k-maybe-1",
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(["outcome"]);
  });

  it("learns every answer exactly once and publishes the next model version", async () => {
    const annotatorId = await newAnnotator();
    for (let i = 0; i < 6; i++) {
      const view = await nextComparison(db.prisma, models, world, {
        annotatorId,
        rng: createRng(10 + i),
      });
      await submitAnswer(db.prisma, annotatorId, {
        comparisonId: view.comparisonId,
        outcome: i % 3 === 0 ? "TIE" : i % 3 === 1 ? "SKIP" : "LEFT",
        idempotencyKey: `k-learn-${i}`,
      });
    }
    const pending = await db.prisma.answer.count({ where: { learnedInVersion: null } });
    const round = await trainPending(db.prisma, world, { seed: 1, stepsPerRound: 5 });

    expect(round?.version).toBe(1);
    expect(round?.newAnswers).toBe(pending);
    expect(await db.prisma.answer.count({ where: { learnedInVersion: null } })).toBe(0);
    expect(await trainPending(db.prisma, world, { seed: 1 })).toBeNull();
    const latest = await models.current();
    expect(latest.version).toBe(1);
    const checkpoint = await db.prisma.checkpoint.findUniqueOrThrow({ where: { version: 1 } });
    expect(checkpoint.answersLearned).toBe(pending);
  });
});
