import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAnnotatorReport } from "@/lib/admin/annotator-stats";
import { listCheckpoints, rollbackToVersion } from "@/lib/admin/checkpoints";
import { loadCounts } from "@/lib/admin/counts";
import { listRecentComparisons } from "@/lib/admin/recent-comparisons";
import { submitAnswer } from "@/lib/service/answers";
import { nextComparison } from "@/lib/service/comparisons";
import { bootstrapWorld, ModelStore } from "@/lib/service/model-store";
import { setActivePolicy } from "@/lib/service/settings";
import {
  requestSimulationStop,
  runSimulation,
  watchForStopRequest,
} from "@/lib/service/simulation";
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

async function sqlCount(query: string): Promise<number> {
  const rows = await db.prisma.$queryRawUnsafe<{ n: bigint }[]>(query);
  return Number(rows[0].n);
}

describe("admin console queries against PostgreSQL", () => {
  it("counts agree with direct SQL after a simulated run with ties and skips", async () => {
    await runSimulation(db.prisma, world, {
      labels: 60,
      policy: "passive",
      seed: 5,
      tieRate: 0.2,
      skipRate: 0.15,
      batchSize: 30,
    });

    const counts = await loadCounts(db.prisma);

    const outcome = (o: string) =>
      sqlCount(`SELECT count(*) AS n FROM "Answer" WHERE outcome = '${o}'`);
    expect(counts.answers).toBe(60);
    expect(counts.answers).toBe(await sqlCount(`SELECT count(*) AS n FROM "Answer"`));
    expect(counts.left).toBe(await outcome("LEFT"));
    expect(counts.right).toBe(await outcome("RIGHT"));
    expect(counts.ties).toBe(await outcome("TIE"));
    expect(counts.skips).toBe(await outcome("SKIP"));
    expect(counts.ties).toBeGreaterThan(0);
    expect(counts.skips).toBeGreaterThan(0);
    expect(counts.comparisons).toBe(await sqlCount(`SELECT count(*) AS n FROM "Comparison"`));

    const report = await loadAnnotatorReport(db.prisma);
    const sum = (key: "answers" | "ties" | "skips") =>
      report.annotators.reduce((total, a) => total + a[key], 0);
    expect(sum("answers")).toBe(counts.answers);
    expect(sum("ties")).toBe(counts.ties);
    expect(sum("skips")).toBe(counts.skips);
  });

  it("reports median answer time, left-pick share and agreement on pairs answered twice", async () => {
    const [alice, bob] = await Promise.all(
      ["alice", "bob"].map((displayName) =>
        db.prisma.annotator.create({ data: { kind: "HUMAN", displayName } }),
      ),
    );
    const rng = createRng("stats");
    const latencies = [400, 900, 2000];
    for (const [i, latencyMs] of latencies.entries()) {
      const view = await nextComparison(db.prisma, models, world, {
        annotatorId: alice.id,
        rng,
      });
      await submitAnswer(db.prisma, alice.id, {
        comparisonId: view.comparisonId,
        outcome: i < 2 ? "LEFT" : "RIGHT",
        latencyMs,
        idempotencyKey: `alice-${i}`,
      });
      // Bob gets the same pair with the sides swapped and prefers the same response.
      const mirrored = await db.prisma.comparison.create({
        data: {
          promptId: (
            await db.prisma.prompt.findFirstOrThrow({ where: { index: view.promptIndex } })
          ).id,
          leftResponseId: view.right.id,
          rightResponseId: view.left.id,
          annotatorId: bob.id,
          policy: "passive",
          acquisitionScore: 0,
          modelVersion: view.modelVersion,
        },
      });
      await db.prisma.lease.create({
        data: {
          comparisonId: mirrored.id,
          annotatorId: bob.id,
          expiresAt: new Date(Date.now() + 60_000),
        },
      });
      await submitAnswer(db.prisma, bob.id, {
        comparisonId: mirrored.id,
        outcome: i < 2 ? "RIGHT" : "LEFT",
        latencyMs: 100,
        idempotencyKey: `bob-${i}`,
      });
    }

    const report = await loadAnnotatorReport(db.prisma);

    const stats = report.annotators.find((a) => a.id === alice.id)!;
    expect(stats).toMatchObject({ answers: 3, leftPicks: 2, rightPicks: 1, ties: 0, skips: 0 });
    expect(stats.medianLatencyMs).toBe(900);
    expect(stats.leftShare).toBeCloseTo(2 / 3, 10);
    expect(stats.agreement).toBe(1);
    expect(stats.agreementPairs).toBe(3);
    expect(report.agreement.items).toBeGreaterThanOrEqual(3);
  });

  it("records the active policy on the next comparisons after a switch", async () => {
    const annotator = await db.prisma.annotator.create({ data: { kind: "HUMAN" } });
    const rng = createRng("policy");

    await setActivePolicy(db.prisma, "passive");
    const first = await nextComparison(db.prisma, models, world, {
      annotatorId: annotator.id,
      rng,
    });
    await setActivePolicy(db.prisma, "infomax");
    const second = await nextComparison(db.prisma, models, world, {
      annotatorId: annotator.id,
      rng,
    });

    const recent = await listRecentComparisons(db.prisma, { limit: 2 });
    expect(recent.map((c) => [c.id, c.policy])).toEqual([
      [second.comparisonId, "infomax"],
      [first.comparisonId, "passive"],
    ]);
  });

  it("rolls back by publishing a new version with the old weights, deleting nothing", async () => {
    const before = await listCheckpoints(db.prisma);
    const newest = before.at(-1)!;
    expect(newest.version).toBeGreaterThan(0);

    const result = await rollbackToVersion(db.prisma, 0);

    expect(result).toEqual({ version: newest.version + 1, rolledBackFrom: 0 });
    const after = await listCheckpoints(db.prisma);
    expect(after.map((c) => c.version)).toEqual([...before.map((c) => c.version), result.version]);
    const [copy, original] = await Promise.all(
      [result.version, 0].map((version) =>
        db.prisma.checkpoint.findUniqueOrThrow({ where: { version } }),
      ),
    );
    expect(Buffer.from(copy.weights).equals(Buffer.from(original.weights))).toBe(true);
    expect(copy.rolledBackFrom).toBe(0);
    expect(copy.answersLearned).toBe(0);
    expect((await models.current()).version).toBe(result.version);
    await expect(rollbackToVersion(db.prisma, 999)).rejects.toMatchObject({ status: 404 });
  });

  it("stops a run reporting into a row made beforehand when a stop is requested", async () => {
    const run = await db.prisma.simulationRun.create({
      data: { policy: "passive", labels: 500, seed: 9 },
    });
    const controller = new AbortController();
    const stopWatching = watchForStopRequest(db.prisma, run.id, controller, 50);

    const result = await runSimulation(db.prisma, world, {
      labels: 500,
      policy: "passive",
      seed: 9,
      runId: run.id,
      signal: controller.signal,
      progressIntervalMs: 0,
      onProgress: (done) => {
        if (done === 5) void requestSimulationStop(db.prisma, run.id);
      },
    });
    stopWatching();

    expect(result.runId).toBe(run.id);
    expect(result.labels).toBeGreaterThanOrEqual(5);
    expect(result.labels).toBeLessThan(500);
    const row = await db.prisma.simulationRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(row).toMatchObject({ status: "STOPPED", done: result.labels });
    expect(await db.prisma.simulationRun.count({ where: { seed: 9 } })).toBe(1);
  });
});
