import type { PrismaClient } from "../db/client";
import { SimulatedAnnotator, type SimulatedAnnotatorOptions, type World } from "../didactic/world";
import { evaluateInclusiveFit } from "../learning/evaluate";
import { createRng } from "../util/random";
import { submitAnswer } from "./answers";
import { nextComparison } from "./comparisons";
import { ModelStore } from "./model-store";
import { trainPending, type TrainerOptions } from "./trainer";

export interface SimulationOptions extends SimulatedAnnotatorOptions {
  labels: number;
  policy: string;
  seed: number;
  /** Train after every this many answers. */
  batchSize?: number;
  /** Simulated people in the run's population sample. */
  annotators?: number;
  trainer?: TrainerOptions;
  /** Called after each answer with the number done so far. */
  onProgress?: (done: number, modelVersion: number) => void;
  /** Stops the run early (admin "stop"). */
  signal?: AbortSignal;
}

export interface SimulationResult {
  runId: string;
  labels: number;
  klStart: number;
  klEnd: number;
  versionStart: number;
  versionEnd: number;
}

/**
 * Drives the annotation loop with simulated people, through the same
 * service code and database as the app: the model picks each pair, a
 * simulated annotator answers it by the Luce rule of its type, the answer is
 * stored, and the shared model trains after every batch.
 */
export async function runSimulation(
  prisma: PrismaClient,
  world: World,
  options: SimulationOptions,
): Promise<SimulationResult> {
  const { labels, policy, seed, batchSize = 25, annotators = 20 } = options;
  const rng = createRng(`simulate:${seed}`);
  const models = new ModelStore(prisma, 0);
  const run = await prisma.simulationRun.create({ data: { policy, labels, seed } });

  try {
    const start = await models.current();
    const klStart = evaluateInclusiveFit(world, start.model).kl;
    await prisma.simulationRun.update({ where: { id: run.id }, data: { klStart } });

    const people = [];
    for (let i = 0; i < annotators; i++) {
      const person = new SimulatedAnnotator(world, rng.fork(), options);
      const row = await prisma.annotator.create({
        data: {
          kind: "SIMULATED",
          simulatedType: person.typeName,
          runId: run.id,
          displayName: `sim-${i + 1}`,
        },
      });
      people.push({ person, id: row.id });
    }

    let done = 0;
    for (; done < labels && !options.signal?.aborted; done++) {
      const { person, id } = people[rng.int(people.length)];
      const view = await nextComparison(prisma, models, world, {
        annotatorId: id,
        policy,
        runId: run.id,
        rng,
      });
      const outcome = person.answer(view.promptIndex, view.left.tokens, view.right.tokens);
      await submitAnswer(prisma, id, {
        comparisonId: view.comparisonId,
        outcome,
        idempotencyKey: `${run.id}:${done}`,
      });
      if ((done + 1) % batchSize === 0) {
        await trainPending(prisma, world, { seed, ...options.trainer });
        await prisma.simulationRun.update({ where: { id: run.id }, data: { done: done + 1 } });
      }
      options.onProgress?.(done + 1, view.modelVersion);
    }
    await trainPending(prisma, world, { seed, ...options.trainer });

    const end = await models.current();
    const klEnd = evaluateInclusiveFit(world, end.model).kl;
    await prisma.simulationRun.update({
      where: { id: run.id },
      data: {
        done,
        klEnd,
        status: options.signal?.aborted ? "STOPPED" : "DONE",
        finishedAt: new Date(),
      },
    });
    return {
      runId: run.id,
      labels: done,
      klStart,
      klEnd,
      versionStart: start.version,
      versionEnd: end.version,
    };
  } catch (error) {
    await prisma.simulationRun.update({
      where: { id: run.id },
      data: { status: "FAILED", error: String(error), finishedAt: new Date() },
    });
    throw error;
  } finally {
    models.dispose();
  }
}
