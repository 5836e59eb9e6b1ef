// `npm run bench`: this machine's figures for the online loop, in one run.
// 1. pair selection and answer submission latency (p50/p99) with simulated
//    annotators over HTTP against app instances sharing one database;
// 2. training throughput: the run's answers learned again by the trainer,
//    as fast as it goes (answers learned per second);
// 3. one training step on TF.js's cpu backend beside the wasm one.
import os from "node:os";
import { createPrisma, type PrismaClient } from "../lib/db/client";
// Renamed: the React lint rules take any `use...` call for a hook.
import { useBackend as switchBackend, type BackendName } from "../lib/model/backend";
import { PreferenceLM } from "../lib/model/preference-lm";
import { LIVE_TRAINER_DEFAULTS } from "../lib/config/trainer-defaults";
import { learnedChoices, OnlineTrainer } from "../lib/service/trainer";
import { getWorld } from "../lib/service/world";
import { exitWithError } from "../lib/util/exit-with-error";
import { createRng } from "../lib/util/random";
import { startInstances, type AppInstance } from "./support/app-instance";
import { percentileMs, runAnnotators, type LoadReport } from "./support/annotators";
import { ensureBuilt } from "./support/next-build";
import { createScratchDatabase } from "./support/scratch-database";
import {
  addLoadOptions,
  integerOption,
  LOAD_LIMITS,
  parseLoadCommand,
  type LoadOptions,
  chorusCommand,
} from "./support/cli-options";

const options = parseLoadCommand<LoadOptions & { warmupSeconds: number; steps: number }>(
  addLoadOptions(
    chorusCommand()
      .name("npm run bench --")
      .description("Latency, training throughput and cpu-vs-wasm figures for this machine."),
    { seconds: 30 },
  )
    .option(
      "--warmup-seconds <n>",
      "unmeasured load first",
      integerOption("--warmup-seconds", 0, LOAD_LIMITS.seconds),
      5,
    )
    .option(
      "--steps <n>",
      "training steps timed per backend",
      integerOption("--steps", 1, 10_000),
      30,
    ),
);

const world = getWorld();
const say = (line: string) => console.error(`bench: ${line}`);
const loadBefore = os.loadavg()[0];

// The database first: an unreachable server is refused before a build.
const db = await createScratchDatabase("chorus_bench").catch(exitWithError);
const prisma = createPrisma(db.url, { poolSize: 3 });
let apps: AppInstance[] = [];
let failure: unknown = null;
try {
  await ensureBuilt();
  say(`database ${db.name}; starting ${options.instances} app instances`);
  apps = await startInstances(options.instances, { databaseUrl: db.url, port: options.port });
  const baseUrls = apps.map((app) => app.baseUrl);
  const versionStart = await newestVersion(prisma);

  const load = { baseUrls, annotators: options.annotators, thinkMs: options.thinkMs, world };
  if (options.warmupSeconds > 0) {
    say(`warming up for ${options.warmupSeconds} s`);
    await runAnnotators({ ...load, durationMs: options.warmupSeconds * 1000, seed: 0 });
  }
  say(`${options.annotators} annotators for ${options.seconds} s against ${baseUrls.join(", ")}`);
  const report = await runAnnotators({ ...load, durationMs: options.seconds * 1000, seed: 1 });
  const versionEnd = await newestVersion(prisma);
  for (const app of apps) {
    for (const line of app.errorLines().slice(0, 3)) say(`${app.name} logged: ${line}`);
  }
  await Promise.all(apps.map((app) => app.stop()));
  apps = [];

  say("training throughput: learning the run's answers again, as fast as the trainer goes");
  const training = await measureTrainingThroughput(prisma);
  say(`one training step on cpu and on wasm (${options.steps} steps each)`);
  const steps = await compareBackends(prisma, options.steps);

  printReport(report, {
    versionStart,
    versionEnd,
    training,
    steps,
    loadBefore,
    loadAfter: os.loadavg()[0],
  });
} catch (error) {
  failure = error;
} finally {
  await Promise.all(apps.map((app) => app.stop()));
  await prisma.$disconnect();
  if (options.keepDb) say(`kept database ${db.name}`);
  else await db.drop();
}
if (failure) exitWithError(failure);

async function newestVersion(client: PrismaClient): Promise<number> {
  const newest = await client.checkpoint.findFirstOrThrow({ orderBy: { version: "desc" } });
  return newest.version;
}

/**
 * Marks every answer of the run unlearned again (a scratch database) and
 * lets a trainer with the live settings learn them all, round after round,
 * publishing a version every `publishIntervalMs` and at the end: answers
 * learned per second of that.
 */
async function measureTrainingThroughput(client: PrismaClient) {
  const answers = await client.answer.updateMany({ data: { learnedInVersion: null } });
  const trainer = new OnlineTrainer(client, world, { ...LIVE_TRAINER_DEFAULTS, minNewAnswers: 1 });
  let versions = 0;
  const started = performance.now();
  let publishedAt = started;
  try {
    while ((await trainer.trainRound()) > 0) {
      if (performance.now() - publishedAt >= LIVE_TRAINER_DEFAULTS.publishIntervalMs) {
        if (await trainer.publish()) versions++;
        publishedAt = performance.now();
      }
    }
    if (await trainer.publish()) versions++;
  } finally {
    trainer.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  return { answers: answers.count, seconds, versions, perSecond: answers.count / seconds };
}

/** Mean milliseconds of one training step (64 choices) on each backend. */
async function compareBackends(client: PrismaClient, steps: number) {
  const newest = await client.checkpoint.findFirstOrThrow({ orderBy: { version: "desc" } });
  const choices = await learnedChoices(client, 5000);
  const batch = Array.from(
    { length: LIVE_TRAINER_DEFAULTS.batchSize },
    (_, i) => choices[i % choices.length],
  );
  const timeOn = async (backend: BackendName) => {
    await switchBackend(backend);
    const model = PreferenceLM.deserialize(newest.weights);
    const rng = createRng(`bench:${backend}`);
    try {
      for (let i = 0; i < 3; i++) model.trainOnChoices(batch, rng, choices.length);
      const started = performance.now();
      for (let i = 0; i < steps; i++) model.trainOnChoices(batch, rng, choices.length);
      return (performance.now() - started) / steps;
    } finally {
      model.dispose();
    }
  };
  const wasm = await timeOn("wasm");
  const cpu = await timeOn("cpu");
  await switchBackend("wasm");
  return { wasm, cpu, ratio: cpu / wasm };
}

function printReport(
  report: LoadReport,
  extra: {
    versionStart: number;
    versionEnd: number;
    training: Awaited<ReturnType<typeof measureTrainingThroughput>>;
    steps: Awaited<ReturnType<typeof compareBackends>>;
    loadBefore: number;
    loadAfter: number;
  },
) {
  const { training, steps } = extra;
  const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(9);
  const latency = (name: string, histogram: LoadReport["selection"]) =>
    `${name.padEnd(19)} p50 ${ms(percentileMs(histogram, 50))}   ` +
    `p99 ${ms(percentileMs(histogram, 99))}   n=${histogram.totalCount}`;
  const seconds = report.durationMs / 1000;
  console.log(
    [
      `Chorus bench: ${os.cpus().length} cores, Node ${process.version}, ` +
        `load average ${extra.loadBefore.toFixed(1)} before / ${extra.loadAfter.toFixed(1)} after`,
      `${options.instances} app instances, ${options.annotators} annotators over HTTP, ` +
        `${options.seconds} s, mean think time ${options.thinkMs} ms`,
      latency("pair selection", report.selection),
      latency("answer submission", report.submission),
      `${"requests".padEnd(19)} ${JSON.stringify(report.statuses)}, ` +
        `${((report.selection.totalCount + report.submission.totalCount) / seconds).toFixed(1)}/s, ` +
        `5xx ${report.serverErrors}, network errors ${report.networkErrors}`,
      `${"model versions".padEnd(19)} ${extra.versionStart} -> ${extra.versionEnd} during the run`,
      `${"training".padEnd(19)} ${training.perSecond.toFixed(1)} answers learned/s ` +
        `(${training.answers} answers in ${training.seconds.toFixed(1)} s, ` +
        `${training.versions} versions)`,
      `${"training step".padEnd(19)} wasm ${steps.wasm.toFixed(1)} ms, cpu ${steps.cpu.toFixed(1)} ms ` +
        `per step of ${LIVE_TRAINER_DEFAULTS.batchSize} choices: cpu/wasm = ${steps.ratio.toFixed(2)}x`,
    ].join("\n"),
  );
}
