import { z } from "zod";
import type { PrismaClient } from "../db/client";
import { POLICY_NAMES } from "../selection";
import { conflict, notFound } from "../service/errors";
import { requestSimulationStop, stopRequestKey } from "../service/simulation";
import { TRAINER_LOCK } from "../service/trainer-loop";
import { logger } from "../util/logger";
import { isAlive } from "../util/process";
import { launchSimulationProcess, type SimulationLauncher } from "./launch-simulation";

/** What an admin may ask of a simulated batch run. */
export const simulationInputSchema = z
  .object({
    labels: z.number().int().min(1).max(10_000),
    policy: z.string().refine((name) => POLICY_NAMES.includes(name), {
      message: `policy must be one of ${POLICY_NAMES.join(", ")}`,
    }),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
    tieRate: z.number().min(0).lt(1).default(0),
    skipRate: z.number().min(0).lt(1).default(0),
  })
  .refine((input) => input.tieRate + input.skipRate < 1, {
    message: "tieRate + skipRate must be below 1",
    path: ["skipRate"],
  });
export type SimulationInput = z.infer<typeof simulationInputSchema>;

export interface SimulationRunView {
  id: string;
  policy: string;
  labels: number;
  seed: number;
  status: "RUNNING" | "DONE" | "FAILED" | "STOPPED";
  done: number;
  klStart: number | null;
  klEnd: number | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  /** A stop was asked for and the run has not ended yet. */
  stopping: boolean;
}

const processKey = (runId: string) => `simulation.process.${runId}`;
const processSchema = z.object({ pid: z.number().int() });

/**
 * Starts a simulated batch run in its own process and returns its row at
 * once; progress is then read from that row. One console-started run at a
 * time.
 * The run trains the model itself unless the app's trainer is running, in
 * which case it leaves learning to it (two trainers would race to publish).
 * @throws 409 while another run is in progress.
 */
export async function startSimulation(
  prisma: PrismaClient,
  input: SimulationInput,
  launch: SimulationLauncher = launchSimulationProcess,
): Promise<SimulationRunView> {
  await reconcileRuns(prisma);
  const running = await prisma.simulationRun.findMany({
    where: { status: "RUNNING" },
    select: { id: true },
  });
  // Runs started from the command line are not counted: nothing here could stop them.
  const launchedHere = await prisma.setting.count({
    where: { key: { in: running.map((r) => processKey(r.id)) } },
  });
  if (launchedHere > 0) {
    throw conflict("simulation_running", "A simulation is already running; stop it first.");
  }

  const run = await prisma.simulationRun.create({
    data: { policy: input.policy, labels: input.labels, seed: input.seed },
  });
  const train = !(await trainerIsRunning(prisma));
  const launched = launch({ runId: run.id, ...input, train });
  if (launched.pid !== undefined) {
    await prisma.setting.create({
      data: { key: processKey(run.id), value: { pid: launched.pid } },
    });
  }
  logger.info({ runId: run.id, pid: launched.pid, ...input, train }, "simulation started");

  void launched.exited.then(async ({ code, logTail }) => {
    if (code === 0) return;
    const detail = logTail || `the simulation process exited with code ${code}`;
    await markFailedIfRunning(prisma, run.id, detail).catch(() => {});
    logger.warn({ runId: run.id, code }, "simulation process failed");
  });
  return toView(run, false);
}

/** Asks a running simulation to stop; it ends after its current answer. */
export async function stopSimulation(prisma: PrismaClient, runId: string): Promise<void> {
  const run = await prisma.simulationRun.findUnique({ where: { id: runId } });
  if (!run) throw notFound("simulation_not_found", "There is no such simulation run.");
  if (run.status !== "RUNNING") return;
  await requestSimulationStop(prisma, runId);
}

/** The newest runs, with progress, after marking runs whose process died as failed. */
export async function listSimulationRuns(
  prisma: PrismaClient,
  limit = 10,
): Promise<SimulationRunView[]> {
  await reconcileRuns(prisma);
  const runs = await prisma.simulationRun.findMany({ orderBy: { startedAt: "desc" }, take: limit });
  const stops = await prisma.setting.findMany({
    where: { key: { in: runs.map((run) => stopRequestKey(run.id)) } },
    select: { key: true },
  });
  const stopping = new Set(stops.map((s) => s.key));
  return runs.map((run) => toView(run, stopping.has(stopRequestKey(run.id))));
}

/**
 * A run still marked RUNNING whose process (started from this machine) no
 * longer exists ended without saying so: mark it failed.
 */
async function reconcileRuns(prisma: PrismaClient): Promise<void> {
  const running = await prisma.simulationRun.findMany({
    where: { status: "RUNNING" },
    select: { id: true },
  });
  if (running.length === 0) return;
  const records = await prisma.setting.findMany({
    where: { key: { in: running.map((run) => processKey(run.id)) } },
  });
  for (const record of records) {
    const parsed = processSchema.safeParse(record.value);
    if (!parsed.success || isAlive(parsed.data.pid)) continue;
    const runId = record.key.slice(processKey("").length);
    await markFailedIfRunning(prisma, runId, "The simulation process ended without finishing.");
  }
}

async function markFailedIfRunning(prisma: PrismaClient, runId: string, error: string) {
  await prisma.simulationRun.updateMany({
    where: { id: runId, status: "RUNNING" },
    data: { status: "FAILED", error, finishedAt: new Date() },
  });
}

/** True when some process holds the trainer's advisory lock on this database. */
export async function trainerIsRunning(prisma: PrismaClient): Promise<boolean> {
  // A one-key advisory lock shows in pg_locks as classid = high 32 bits,
  // objid = low 32 bits, objsubid = 1.
  const rows = await prisma.$queryRaw<{ held: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM pg_locks
      WHERE locktype = 'advisory' AND granted AND objsubid = 1
        AND classid = 0 AND objid = ${TRAINER_LOCK}::bigint::oid
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
    ) AS held`;
  return rows[0]?.held ?? false;
}

function toView(
  run: {
    id: string;
    policy: string;
    labels: number;
    seed: number;
    status: SimulationRunView["status"];
    done: number;
    klStart: number | null;
    klEnd: number | null;
    error: string | null;
    startedAt: Date;
    finishedAt: Date | null;
  },
  stopRequested: boolean,
): SimulationRunView {
  return {
    ...run,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    stopping: stopRequested && run.status === "RUNNING",
  };
}
