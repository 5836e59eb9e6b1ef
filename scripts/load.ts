// `npm run load -- --seconds 60`: simulated annotators over HTTP against
// several app instances on one fresh database, then checks that nothing was
// lost or counted twice. Exits non-zero if any check fails.
import { Command } from "commander";
import { percentileMs } from "./support/annotators";
import { DEFAULT_THINK_MS, runLoadCheck } from "./support/load-check";
import { integerOption } from "./support/cli-options";

const options = new Command()
  .name("npm run load --")
  .description("Load-test several app instances sharing one PostgreSQL database.")
  .option("--seconds <n>", "how long annotators work", integerOption("--seconds", 1), 60)
  .option("--annotators <n>", "simulated annotators at once", integerOption("--annotators", 1), 20)
  .option("--instances <n>", "app instances (npm start)", integerOption("--instances", 1), 2)
  .option(
    "--think-ms <n>",
    "mean think time per pair",
    integerOption("--think-ms", 0),
    DEFAULT_THINK_MS,
  )
  .option("--port <n>", "first HTTP port (0: any free port)", integerOption("--port", 0), 0)
  .option("--seed <n>", "seed of the simulated annotators", integerOption("--seed", 0), 1)
  .option("--keep-db", "keep the scratch database afterwards", false)
  .parse()
  .opts<{
    seconds: number;
    annotators: number;
    instances: number;
    thinkMs: number;
    port: number;
    seed: number;
    keepDb: boolean;
  }>();

const result = await runLoadCheck({
  instances: options.instances,
  annotators: options.annotators,
  durationMs: options.seconds * 1000,
  thinkMs: options.thinkMs,
  port: options.port,
  seed: options.seed,
  keepDatabase: options.keepDb,
  log: (line) => console.error(line),
});

const { report } = result;
const ms = (value: number) => `${value.toFixed(1)} ms`;
console.log(
  [
    `selection  p50 ${ms(percentileMs(report.selection, 50))}  ` +
      `p99 ${ms(percentileMs(report.selection, 99))}  n=${report.selection.totalCount}`,
    `submission p50 ${ms(percentileMs(report.submission, 50))}  ` +
      `p99 ${ms(percentileMs(report.submission, 99))}  n=${report.submission.totalCount}`,
    `statuses   ${JSON.stringify(report.statuses)}  network errors ${report.networkErrors}`,
    `answers    acknowledged ${report.acknowledged.length}, stored ${result.stored}`,
    `model      version ${result.versionStart} -> ${result.versionEnd}, ` +
      `trainers ${result.trainerTakeovers}, served newest after ${result.pickupMs.join("/")} ms`,
    `database   ${result.database}${options.keepDb ? " (kept)" : " (dropped)"}`,
    result.problems.length === 0 ? "PASS" : `FAIL\n- ${result.problems.join("\n- ")}`,
  ].join("\n"),
);
process.exit(result.problems.length === 0 ? 0 : 1);
