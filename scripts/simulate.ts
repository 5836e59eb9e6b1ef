// `npm run simulate -- --labels N --policy P --seed S`: the annotation loop
// with simulated annotators, through the same service code and database.
import { Command, InvalidArgumentError } from "commander";
import { SingleBar, Presets } from "cli-progress";
import { POLICY_NAMES } from "../lib/selection";
import { prepareDatabase } from "../lib/service/prepare";
import { runSimulation, watchForStopRequest } from "../lib/service/simulation";
import { getWorld } from "../lib/service/world";
import { logger } from "../lib/util/logger";

const positiveInt = (name: string) => (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new InvalidArgumentError(`${name} must be a positive integer.`);
  }
  return parsed;
};
const rate = (value: string) => {
  const parsed = Number(value);
  if (!(parsed >= 0 && parsed < 1)) throw new InvalidArgumentError("must be in [0, 1).");
  return parsed;
};

const program = new Command()
  .name("npm run simulate --")
  .description("Run the preference loop with simulated annotators.")
  .option("--labels <n>", "answers to collect", positiveInt("--labels"), 500)
  .option("--policy <name>", `exploration policy (${POLICY_NAMES.join(", ")})`, "passive")
  .option(
    "--seed <n>",
    "random seed",
    (v) => {
      const n = Number(v);
      if (!Number.isInteger(n)) throw new InvalidArgumentError("--seed must be an integer.");
      return n;
    },
    1,
  )
  .option("--batch <n>", "train after every n answers", positiveInt("--batch"), 25)
  .option("--tie-rate <p>", "probability a simulated person answers tie", rate, 0)
  .option("--skip-rate <p>", "probability a simulated person skips", rate, 0)
  .option("--quiet", "no progress bar")
  .option("--no-train", "leave learning to the app's trainer process (runs beside `npm start`)")
  .option(
    "--run-id <uuid>",
    "report into this SimulationRun row (made by the admin console) and stop when asked there",
  )
  .parse();

const opts = program.opts<{
  labels: number;
  policy: string;
  seed: number;
  batch: number;
  tieRate: number;
  skipRate: number;
  quiet?: boolean;
  train: boolean;
  runId?: string;
}>();
if (!POLICY_NAMES.includes(opts.policy)) {
  program.error(
    `error: unknown --policy "${opts.policy}"; expected one of ${POLICY_NAMES.join(", ")}`,
  );
}

if (!process.env.LOG_LEVEL) logger.level = "warn";
const { prisma } = await prepareDatabase();
const bar = new SingleBar(
  {
    format: "simulate [{bar}] {value}/{total} labels | model v{version} | {duration}s",
    stream: process.stderr,
  },
  Presets.shades_classic,
);
if (!opts.quiet) bar.start(opts.labels, 0, { version: "-" });
const controller = new AbortController();
const stopWatching = opts.runId
  ? watchForStopRequest(prisma, opts.runId, controller)
  : () => undefined;

try {
  const result = await runSimulation(prisma, getWorld(), {
    labels: opts.labels,
    policy: opts.policy,
    seed: opts.seed,
    batchSize: opts.batch,
    tieRate: opts.tieRate,
    skipRate: opts.skipRate,
    runId: opts.runId,
    train: opts.train,
    signal: controller.signal,
    onProgress: (done, version) => {
      if (!opts.quiet) bar.update(done, { version });
    },
  });
  if (!opts.quiet) bar.stop();
  console.log(
    `labels=${result.labels} policy=${opts.policy} seed=${opts.seed} ` +
      `kl_start=${result.klStart.toFixed(4)} kl_end=${result.klEnd.toFixed(4)} ` +
      `model_version=${result.versionStart}->${result.versionEnd} run=${result.runId}`,
  );
} finally {
  stopWatching();
  await prisma.$disconnect();
}
process.exit(0);
