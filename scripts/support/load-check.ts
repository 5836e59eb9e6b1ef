import { setTimeout as delay } from "node:timers/promises";
import { createPrisma } from "../../lib/db/client";
import { getWorld } from "../../lib/service/world";
import { startInstances, type AppInstance } from "./app-instance";
import { runAnnotators, type LoadReport } from "./annotators";
import { ensureBuilt } from "./next-build";
import { createScratchDatabase } from "./scratch-database";

/** Mean think time of a simulated annotator unless told otherwise. */
export const DEFAULT_THINK_MS = 1000;

export interface LoadCheckOptions {
  /** App instances sharing the database, each with a trainer (>= 1). */
  instances?: number;
  annotators?: number;
  durationMs: number;
  thinkMs?: number;
  seed?: number;
  /** First HTTP port (instances take the next ones); 0 = any free port. */
  port?: number;
  /** Extra environment for the instances. */
  env?: Record<string, string>;
  /** Keep the scratch database afterwards (to inspect it). */
  keepDatabase?: boolean;
  /** Progress lines for a person watching. */
  log?: (line: string) => void;
}

export interface LoadCheckResult {
  report: LoadReport;
  database: string;
  /** Answers stored in the database at the end. */
  stored: number;
  versionStart: number;
  versionEnd: number;
  /** Processes that became the trainer during the run (one expected). */
  trainerTakeovers: number;
  /** Per instance: ms until it served the newest version after the last publish. */
  pickupMs: number[];
  /** Everything that was not as it must be; empty when the check passed. */
  problems: string[];
}

/**
 * The load check of the online-learning issue: several app instances on one
 * fresh database, simulated annotators over HTTP against all of them, then
 * checks that every acknowledged answer is stored exactly once, no request
 * got a 5xx, exactly one process trained, the model version advanced, every
 * answer was learned exactly once, and every instance serves the newest
 * version.
 */
export async function runLoadCheck(options: LoadCheckOptions): Promise<LoadCheckResult> {
  const {
    instances: count = 2,
    annotators = 20,
    thinkMs = DEFAULT_THINK_MS,
    port = 0,
    log = () => {},
  } = options;
  // The database first: an unreachable server is refused before a build.
  const db = await createScratchDatabase("chorus_load");
  const apps: AppInstance[] = [];
  const prisma = createPrisma(db.url, { poolSize: 2 });
  try {
    await ensureBuilt();
    log(`database ${db.name}: starting ${count} app instances`);
    apps.push(
      ...(await startInstances(count, {
        databaseUrl: db.url,
        port,
        env: {
          // The check reads the trainers' "now the trainer" lines.
          LOG_LEVEL: "info",
          CHORUS_TRAIN_MIN_ANSWERS: "1",
          CHORUS_TRAINER_POLL_MS: "200",
          ...options.env,
        },
      })),
    );

    const versionStart = await newestVersion();
    log(
      `${annotators} annotators for ${options.durationMs / 1000} s ` +
        `(think ${thinkMs} ms) against ${apps.map((a) => a.baseUrl).join(", ")}`,
    );
    const report = await runAnnotators({
      baseUrls: apps.map((app) => app.baseUrl),
      annotators,
      durationMs: options.durationMs,
      thinkMs,
      world: getWorld(),
      seed: options.seed,
    });

    log("waiting for the trainer to learn every answer");
    const problems: string[] = [];
    const caughtUp = await poll(
      async () => (await prisma.answer.count({ where: { learnedInVersion: null } })) === 0,
      120_000,
    );
    if (!caughtUp) problems.push("the trainer did not learn every answer within 120 s");

    const newest = await prisma.checkpoint.findFirstOrThrow({ orderBy: { version: "desc" } });
    const versionEnd = newest.version;
    const pickupMs = await Promise.all(
      apps.map((app) => timeUntilServing(app, versionEnd, newest.createdAt)),
    );
    problems.push(...(await checkAnswers(report, versionStart, versionEnd)));
    if (report.serverErrors > 0) {
      const logged = apps.flatMap((app) => app.errorLines().map((l) => `${app.name}: ${l}`));
      problems.push(`${report.serverErrors} responses were 5xx`, ...logged.slice(0, 3));
    }
    if (report.acknowledged.length === 0) problems.push("no answer was acknowledged");
    if (versionEnd <= versionStart) problems.push("the model version did not advance");
    pickupMs.forEach((ms, i) => {
      if (ms < 0) problems.push(`${apps[i].name} did not serve version ${versionEnd} within 10 s`);
    });
    const trainerTakeovers = apps
      .map((app) => app.output().match(/this process is now the trainer/g)?.length ?? 0)
      .reduce((a, b) => a + b, 0);
    if (trainerTakeovers !== 1) {
      problems.push(`${trainerTakeovers} processes became the trainer (expected 1)`);
    }

    return {
      report,
      database: db.name,
      stored: await prisma.answer.count(),
      versionStart,
      versionEnd,
      trainerTakeovers,
      pickupMs,
      problems,
    };
  } finally {
    await Promise.all(apps.map((app) => app.stop()));
    await prisma.$disconnect();
    if (!options.keepDatabase) await db.drop();
  }

  async function newestVersion(): Promise<number> {
    const newest = await prisma.checkpoint.findFirstOrThrow({ orderBy: { version: "desc" } });
    return newest.version;
  }

  /** Acknowledged answers against the rows and checkpoints in the database. */
  async function checkAnswers(report: LoadReport, from: number, to: number): Promise<string[]> {
    const problems: string[] = [];
    const rows = await prisma.answer.findMany({
      select: {
        id: true,
        comparisonId: true,
        idempotencyKey: true,
        outcome: true,
        learnedInVersion: true,
      },
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    const acknowledgedIds = new Set(report.acknowledged.map((a) => a.answerId));
    const mismatched = report.acknowledged.filter((a) => {
      const row = byId.get(a.answerId);
      return (
        !row ||
        row.comparisonId !== a.comparisonId ||
        row.idempotencyKey !== a.idempotencyKey ||
        row.outcome !== a.outcome
      );
    });
    if (mismatched.length > 0) {
      problems.push(`${mismatched.length} acknowledged answers are missing or differ`);
    }
    if (acknowledgedIds.size !== report.acknowledged.length) {
      problems.push("an answer id was acknowledged twice");
    }
    const unacknowledged = rows.filter((row) => !acknowledgedIds.has(row.id)).length;
    if (unacknowledged > 0)
      problems.push(`${unacknowledged} stored answers were never acknowledged`);
    if (new Set(rows.map((row) => row.comparisonId)).size !== rows.length) {
      problems.push("a comparison has two stored answers");
    }

    const checkpoints = await prisma.checkpoint.findMany({
      where: { version: { gt: from, lte: to } },
      select: { version: true, metrics: true, answersLearned: true },
      orderBy: { version: "asc" },
    });
    const learnedPerVersion = checkpoints.map(
      (c) => (c.metrics as { newAnswers?: number }).newAnswers ?? 0,
    );
    const learned = learnedPerVersion.reduce((a, b) => a + b, 0);
    if (learned !== rows.length) {
      problems.push(`versions learned ${learned} answers in all, but ${rows.length} are stored`);
    }
    if (checkpoints.at(-1) && checkpoints.at(-1)!.answersLearned !== rows.length) {
      problems.push(`the newest checkpoint counts ${checkpoints.at(-1)!.answersLearned} answers`);
    }
    return problems;
  }
}

/**
 * Milliseconds from `publishedAt` until the instance reports `version` in
 * /api/health (to within the 100 ms of polling); -1 if not within 10 s.
 */
async function timeUntilServing(
  app: AppInstance,
  version: number,
  publishedAt: Date,
): Promise<number> {
  const served = await poll(async () => {
    const response = await fetch(`${app.baseUrl}/api/health`).catch(() => null);
    if (!response?.ok) return false;
    const health = (await response.json()) as { modelVersion: number };
    return health.modelVersion >= version;
  }, 10_000);
  return served ? Math.max(0, Date.now() - publishedAt.getTime()) : -1;
}

async function poll(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await delay(100);
  }
  return false;
}
