// `npm run load -- --seconds 60`: simulated annotators over HTTP against
// several app instances on one fresh database, then checks that nothing was
// lost or counted twice. Exits non-zero if any check fails.
import { percentileMs } from "./support/annotators";
import { exitWithError } from "../lib/util/exit-with-error";
import { runLoadCheck } from "./support/load-check";
import {
  addLoadOptions,
  INT4_MAX,
  integerOption,
  parseLoadCommand,
  type LoadOptions,
  chorusCommand,
} from "./support/cli-options";

const options = parseLoadCommand<LoadOptions & { seed: number }>(
  addLoadOptions(
    chorusCommand()
      .name("npm run load --")
      .description("Load-test several app instances sharing one PostgreSQL database."),
    { seconds: 60 },
  ).option(
    "--seed <n>",
    "seed of the simulated annotators",
    integerOption("--seed", 0, INT4_MAX),
    1,
  ),
);

const result = await runLoadCheck({
  instances: options.instances,
  annotators: options.annotators,
  durationMs: options.seconds * 1000,
  thinkMs: options.thinkMs,
  port: options.port,
  seed: options.seed,
  keepDatabase: options.keepDb,
  log: (line) => console.error(line),
}).catch(exitWithError);

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
