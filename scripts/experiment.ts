// `npm run experiment -- --policies a,b --seeds K --labels N --out DIR`:
// every policy learns from simulated annotators in memory, K seeds each;
// writes curves.csv, summary.json and one SVG plot per objective to DIR.
import { mkdir, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import { Presets, SingleBar } from "cli-progress";
import { DEFAULT_WORLD } from "../lib/didactic/default-world";
import { createWorld, type World } from "../lib/didactic/world";
import { loadWorldFile } from "../lib/didactic/world-file";
import { codeVersion } from "../lib/service/run-record";
import { formatCurvesCsv } from "../lib/experiment/format-curves-csv";
import { formatSummaryTable } from "../lib/experiment/format-summary-table";
import { plotLearningCurves } from "../lib/experiment/plot-learning-curves";
import {
  objectiveTarget,
  summarizeExperiment,
  type TrialCurve,
} from "../lib/experiment/summarize-experiment";
import { createBestResponseReference, evaluateObjectives } from "../lib/learning/evaluate";
import { pretrainModel } from "../lib/learning/pretrain";
import { initBackend } from "../lib/model/backend";
import { POLICY_NAMES } from "../lib/selection";
import { runTrialsInWorkers } from "./run-trials-in-workers";
import { exitWithError } from "../lib/util/exit-with-error";
import {
  decimalOption,
  integerOption,
  unwritableFolderProblem,
  chorusCommand,
} from "./support/cli-options";

const program = chorusCommand()
  .name("npm run experiment --")
  .description("Compare exploration policies with simulated annotators, in memory.")
  .option(
    "--policies <list>",
    `comma-separated policies (${POLICY_NAMES.join(", ")}; target-oracle as a yardstick)`,
    "passive,boltzmann,infomax,double-ts,neglect",
  )
  .option("--seeds <k>", "seeds per policy (1..k)", integerOption("--seeds", 1, 1000), 5)
  .option("--labels <n>", "answers per trial", integerOption("--labels", 1, 100_000), 400)
  .option("--batch <n>", "answers between training rounds", integerOption("--batch", 1, 10_000), 25)
  .option(
    "--train-steps <n>",
    "gradient steps per round (the trainer uses 20)",
    integerOption("--train-steps", 1, 10_000),
    10,
  )
  .option(
    "--train-batch <n>",
    "choices per gradient step",
    integerOption("--train-batch", 2, 4096),
    64,
  )
  .option(
    "--prior-scale <s>",
    "scale of the epinet's frozen prior",
    decimalOption("--prior-scale", (n) => n >= 0, ">= 0"),
    1,
  )
  .option(
    "--epinet-weight <w>",
    "precision of the learnable epinet's prior (model default if unset)",
    decimalOption("--epinet-weight", (n) => n >= 0, ">= 0"),
  )
  .option(
    "--temperature <tau>",
    "boltzmann temperature",
    decimalOption("--temperature", (n) => n > 0, "> 0"),
    1,
  )
  .option("--best-of <n>", "N of the best-of-N pick", integerOption("--best-of", 1, 1024), 16)
  .option(
    "--fraction <f>",
    "target: this fraction of the way from pretrained to best reachable",
    decimalOption("--fraction", (n) => n > 0 && n <= 1, "in (0, 1]"),
    0.5,
  )
  .option(
    "--workers <n>",
    "worker threads",
    integerOption("--workers", 1, 64),
    Math.min(2, availableParallelism()),
  )
  .option("--world <file>", "world file (JSON); default: the built-in world")
  .option("--out <dir>", "output folder", "experiment-results")
  .option("--quiet", "no progress bar")
  .parse();

const opts = program.opts<{
  policies: string;
  seeds: number;
  labels: number;
  batch: number;
  trainSteps: number;
  trainBatch: number;
  priorScale: number;
  epinetWeight?: number;
  temperature: number;
  bestOf: number;
  fraction: number;
  workers: number;
  out: string;
  quiet?: boolean;
  world?: string;
}>();
const policies = opts.policies.split(",").map((p) => p.trim());
// "target-oracle" knows the world: a yardstick for the experiment only.
const known = [...POLICY_NAMES, "target-oracle"];
if (policies.includes("")) {
  program.error(`--policies has an empty entry in "${opts.policies}".`);
}
const unknown = policies.filter((p) => !known.includes(p));
if (unknown.length > 0) {
  program.error(`unknown policy "${unknown.join(", ")}"; expected some of ${known.join(", ")}`);
}
const repeated = policies.filter((p, i) => policies.indexOf(p) !== i);
if (repeated.length > 0) {
  program.error(`--policies names ${[...new Set(repeated)].join(", ")} more than once.`);
}
// Refused now rather than after the whole run.
const outProblem = unwritableFolderProblem(opts.out);
if (outProblem) program.error(`--out ${outProblem}`);

const started = performance.now();
await initBackend();
const world: World = (() => {
  try {
    return opts.world ? loadWorldFile(opts.world) : createWorld(DEFAULT_WORLD);
  } catch (error) {
    return program.error((error as Error).message);
  }
})();
// The same pretrained model as the app's version 0.
const pretrained = pretrainModel(world, { seed: 0 });
const reference = createBestResponseReference(world, pretrained, opts.bestOf);
const start = evaluateObjectives(world, pretrained, reference);
const setup = { pretrained: pretrained.serialize(), reference, world: world.spec };
pretrained.dispose();

const seeds = Array.from({ length: opts.seeds }, (_, i) => i + 1);
const jobs = seeds.flatMap((seed) =>
  policies.map((policy) => ({
    policy,
    seed,
    labels: opts.labels,
    batchSize: opts.batch,
    train: { steps: opts.trainSteps, batchSize: opts.trainBatch },
    priorScale: opts.priorScale,
    epinetWeight: opts.epinetWeight,
    policyOptions: { temperature: opts.temperature },
  })),
);
const evaluationsPerTrial = Math.ceil(opts.labels / opts.batch) + 1;
const bar = new SingleBar(
  {
    format: "experiment [{bar}] {value}/{total} evaluations | {duration}s",
    stream: process.stderr,
  },
  Presets.shades_classic,
);
if (!opts.quiet) bar.start(jobs.length * evaluationsPerTrial, 0);
const points = await runTrialsInWorkers(jobs, setup, opts.workers, () => {
  if (!opts.quiet) bar.increment();
});
if (!opts.quiet) bar.stop();

const curves: TrialCurve[] = jobs.map((job, i) => ({
  policy: job.policy,
  seed: job.seed,
  points: points[i],
}));
const targets = {
  // The inclusive target itself is within the model's reach: KL 0.
  inclusiveFit: objectiveTarget("kl", start.kl, 0, opts.fraction),
  // A model that always answers the population's favourite wins max_y W(y).
  bestResponse: objectiveTarget("bestResponse", start.winRate, reference.best, opts.fraction),
};
const summary = summarizeExperiment(curves, targets, opts.labels);
const seconds = (performance.now() - started) / 1000;

await writeResults().catch(exitWithError);

console.log(formatSummaryTable(summary));
console.log(
  `\nseeds=${opts.seeds} labels=${opts.labels} prior_scale=${opts.priorScale} ` +
    `runtime_s=${seconds.toFixed(1)} out=${opts.out}`,
);
process.exit(0);

async function writeResults() {
  await mkdir(opts.out, { recursive: true });
  await writeFile(path.join(opts.out, "curves.csv"), formatCurvesCsv(curves));
  await writeFile(
    path.join(opts.out, "summary.json"),
    JSON.stringify(
      {
        settings: { ...opts, policies, quiet: undefined },
        // Everything needed to run this again: the world itself and the code.
        world: world.spec,
        codeVersion: codeVersion(),
        runtimeSeconds: seconds,
        ...summary,
      },
      null,
      2,
    ) + "\n",
  );
  await writeFile(
    path.join(opts.out, "inclusive-fit.svg"),
    await plotLearningCurves(curves, {
      title: "Inclusive fit (median and range over seeds)",
      yTitle: "KL(target || model), nats",
      target: targets.inclusiveFit,
    }),
  );
  await writeFile(
    path.join(opts.out, "best-response.svg"),
    await plotLearningCurves(curves, {
      title: `Best response: best-of-${opts.bestOf} win rate over a pretrained sample`,
      yTitle: "win rate under the population's choice rule",
      target: targets.bestResponse,
    }),
  );
}
