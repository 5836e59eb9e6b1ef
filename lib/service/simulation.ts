import { setTimeout as delay } from "node:timers/promises";
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
  /**
   * A SimulationRun row created beforehand (by the admin console) to report
   * into; by default the run creates its own.
   */
  runId?: string;
  /**
   * Train after every batch (default). False leaves learning to the app's
   * trainer process, which would otherwise race this run to publish each
   * version; the run then waits up to `learnTimeoutMs` for the trainer to
   * learn its answers before measuring the final KL.
   */
  train?: boolean;
  learnTimeoutMs?: number;
  /** Write progress (`done`) to the run's row at most this often (ms). */
  progressIntervalMs?: number;
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
  const { train = true, progressIntervalMs = 500 } = options;
  const rng = createRng(`simulate:${seed}`);
  const models = new ModelStore(prisma, 0);
  const run = options.runId
    ? await prisma.simulationRun.findUnique({ where: { id: options.runId } })
    : await prisma.simulationRun.create({ data: { policy, labels, seed } });
  if (!run) throw new Error(`no simulation run has the id ${options.runId}`);

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
    let reportedAt = Date.now();
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
      const batchEnd = (done + 1) % batchSize === 0;
      if (batchEnd && train) await trainPending(prisma, world, { seed, ...options.trainer });
      if (batchEnd || Date.now() - reportedAt >= progressIntervalMs) {
        await prisma.simulationRun.update({ where: { id: run.id }, data: { done: done + 1 } });
        reportedAt = Date.now();
      }
      options.onProgress?.(done + 1, view.modelVersion);
    }
    if (train) await trainPending(prisma, world, { seed, ...options.trainer });
    else await waitUntilLearned(prisma, run.id, options.learnTimeoutMs ?? 30_000);

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

/** Pauses until the trainer has learned every answer of a run, or `timeoutMs` passed. */
async function waitUntilLearned(
  prisma: PrismaClient,
  runId: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const waiting = await prisma.answer.count({
      where: { learnedInVersion: null, comparison: { runId } },
    });
    if (waiting === 0) return;
    await delay(250);
  }
}

/** The Setting that asks the process running a simulation to stop. */
export function stopRequestKey(runId: string): string {
  return `simulation.stop.${runId}`;
}

/** Asks a simulation running in another process to stop after its current answer. */
export async function requestSimulationStop(prisma: PrismaClient, runId: string): Promise<void> {
  const key = stopRequestKey(runId);
  await prisma.setting.upsert({
    where: { key },
    update: { value: true },
    create: { key, value: true },
  });
}

/**
 * Polls for a stop request for `runId` every `pollMs` and aborts `controller`
 * when one arrives. Returns a function that ends the polling.
 */
export function watchForStopRequest(
  prisma: PrismaClient,
  runId: string,
  controller: AbortController,
  pollMs = 500,
): () => void {
  const timer = setInterval(() => {
    prisma.setting
      .findUnique({ where: { key: stopRequestKey(runId) } })
      .then((row) => {
        if (row) controller.abort();
      })
      .catch(() => {}); // a missed poll is retried on the next tick
  }, pollMs);
  return () => clearInterval(timer);
}
