// `npm run simulate -- --labels N --policy P --seed S`: the annotation loop
// with simulated annotators, through the same service code and database.
import { writeFileSync } from "node:fs";
import { InvalidArgumentError } from "commander";
import { SingleBar, Presets } from "cli-progress";
import { z } from "zod";
import { parseWorld } from "../lib/didactic/world-file";
import { POLICY_NAMES } from "../lib/selection";
import { exitWithError, prepareDatabase } from "../lib/service/prepare";
import {
  buildRunRecord,
  readRunRecord,
  SIMULATION_LIMITS,
  type SimulationRecord,
  type SimulationSettings,
} from "../lib/service/run-record";
import { runSimulation, watchForStopRequest } from "../lib/service/simulation";
import { getWorld, setWorld } from "../lib/service/world";
import { logger } from "../lib/util/logger";
import {
  decimalOption,
  integerOption,
  unwritableFileProblem,
  chorusCommand,
} from "./support/cli-options";

const rate = (name: string) => decimalOption(name, (n) => n >= 0 && n < 1, "in [0, 1)");
const uuid = (value: string) => {
  if (!z.uuid().safeParse(value).success) {
    throw new InvalidArgumentError(`--run-id must be a UUID (got "${value}").`);
  }
  return value;
};

const program = chorusCommand()
  .name("npm run simulate --")
  .description("Run the preference loop with simulated annotators.")
  .option(
    "--labels <n>",
    "answers to collect",
    integerOption("--labels", 1, SIMULATION_LIMITS.labels),
    500,
  )
  .option("--policy <name>", `exploration policy (${POLICY_NAMES.join(", ")})`, "passive")
  .option(
    "--seed <n>",
    "random seed",
    integerOption("--seed", SIMULATION_LIMITS.seedMin, SIMULATION_LIMITS.seedMax),
    1,
  )
  .option(
    "--batch <n>",
    "train after every n answers",
    integerOption("--batch", 1, SIMULATION_LIMITS.batch),
    25,
  )
  .option("--tie-rate <p>", "probability a simulated person answers tie", rate("--tie-rate"), 0)
  .option("--skip-rate <p>", "probability a simulated person skips", rate("--skip-rate"), 0)
  .option("--world <file>", "world file (JSON); default: the built-in world")
  .option("--fresh", "run in a new scratch database, dropped afterwards (reproducible)")
  .option("--out <file>", "write the run record (settings, world, code version, result)")
  .option("--replay <file>", "run a recorded simulation again (implies --fresh)")
  .option("--quiet", "no progress bar")
  .option("--no-train", "leave learning to the app's trainer process (runs beside `npm start`)")
  .option(
    "--run-id <uuid>",
    "report into this SimulationRun row (made by the admin console) and stop when asked there",
    uuid,
  )
  .parse();

const opts = program.opts<{
  labels: number;
  policy: string;
  seed: number;
  batch: number;
  tieRate: number;
  skipRate: number;
  world?: string;
  fresh?: boolean;
  out?: string;
  replay?: string;
  quiet?: boolean;
  train: boolean;
  runId?: string;
}>();

let recorded: SimulationRecord | null = null;
let settings: SimulationSettings = {
  labels: opts.labels,
  policy: opts.policy,
  seed: opts.seed,
  batch: opts.batch,
  tieRate: opts.tieRate,
  skipRate: opts.skipRate,
};
try {
  if (opts.replay) {
    recorded = readRunRecord(opts.replay);
    settings = recorded.settings;
    setWorld(parseWorld(recorded.world, `${opts.replay} (world)`));
  } else if (opts.world) {
    process.env.CHORUS_WORLD = opts.world;
  }
  getWorld();
} catch (error) {
  program.error((error as Error).message);
}
if (!POLICY_NAMES.includes(settings.policy)) {
  program.error(
    `unknown --policy "${settings.policy}"; expected one of ${POLICY_NAMES.join(", ")}`,
  );
}
if (settings.tieRate + settings.skipRate >= 1) {
  program.error("--tie-rate and --skip-rate must add up to less than 1.");
}
// Refused now rather than after the whole run.
const outProblem = opts.out ? unwritableFileProblem(opts.out) : null;
if (outProblem) program.error(`--out ${outProblem}`);

if (!process.env.LOG_LEVEL) logger.level = "warn";
const fresh = Boolean(opts.fresh || opts.replay);
const database = await prepareDatabase({ fresh }).catch(exitWithError);
const bar = new SingleBar(
  {
    format: "simulate [{bar}] {value}/{total} labels | model v{version} | {duration}s",
    stream: process.stderr,
  },
  Presets.shades_classic,
);
if (!opts.quiet) bar.start(settings.labels, 0, { version: "-" });
const controller = new AbortController();
let failure: unknown = null;
const stopWatching = opts.runId
  ? watchForStopRequest(database.prisma, opts.runId, controller)
  : () => undefined;

try {
  const world = getWorld();
  const result = await runSimulation(database.prisma, world, {
    labels: settings.labels,
    policy: settings.policy,
    seed: settings.seed,
    batchSize: settings.batch,
    tieRate: settings.tieRate,
    skipRate: settings.skipRate,
    runId: opts.runId,
    train: opts.train,
    signal: controller.signal,
    onProgress: (done, version) => {
      if (!opts.quiet) bar.update(done, { version });
    },
  });
  if (!opts.quiet) bar.stop();
  console.log(
    `labels=${result.labels} policy=${settings.policy} seed=${settings.seed} ` +
      `kl_start=${result.klStart.toFixed(4)} kl_end=${result.klEnd.toFixed(4)} ` +
      `model_version=${result.versionStart}->${result.versionEnd} run=${result.runId}`,
  );
  if (opts.out) {
    const record = buildRunRecord(settings, world.spec, { ...result, fresh });
    writeFileSync(opts.out, JSON.stringify(record, null, 2) + "\n");
  }
  if (recorded) {
    const same = recorded.result.klEnd === result.klEnd;
    console.log(
      same
        ? `reproduced: kl_end=${result.klEnd} matches the record exactly`
        : `NOT reproduced: kl_end=${result.klEnd}, recorded ${recorded.result.klEnd} ` +
            `(recorded with code ${recorded.codeVersion})`,
    );
    if (!same) process.exitCode = 3;
  }
} catch (error) {
  if (!opts.quiet) bar.stop();
  failure = error;
} finally {
  stopWatching();
  await database.dispose();
}
if (failure) exitWithError(failure);
process.exit(process.exitCode ?? 0);
