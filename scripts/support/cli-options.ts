import { accessSync, constants, statSync } from "node:fs";
import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { integer } from "../../lib/config/environment";
import { DEFAULT_THINK_MS } from "./load-check";

/**
 * A commander program whose error lines start `chorus:`, like every other
 * error line of ours: commander's own (which start `error:`) and those of
 * `program.error(message)`.
 */
export function chorusCommand(): Command {
  return new Command().configureOutput({
    outputError: (text, write) => write(`chorus: ${text.replace(/^error: /, "")}`),
  });
}

/** The largest value a PostgreSQL `integer` column (labels, seeds) holds. */
export const INT4_MAX = 2 ** 31 - 1;

const DECIMAL = /^-?([0-9]+\.?[0-9]*|\.[0-9]+)(e[-+]?[0-9]+)?$/i;

/**
 * `value` as an integer from `min` to `max`, or null: digits only, with a
 * leading minus where `min` is negative; no "", " 5", "1e3", "0x10", "1.0".
 * The same rule as the environment variables'.
 */
export function parseStrictInteger(value: string, min: number, max: number): number | null {
  return integer(min, max).parse(value) ?? null;
}

/**
 * A commander option parser for an integer from `min` to `max` (default:
 * no upper bound): anything else ends the command with one line such as
 * `--port must be an integer from 0 to 65535 (got "70000")`.
 */
export const integerOption =
  (name: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  (value: string) => {
    const parsed = parseStrictInteger(value, min, max);
    if (parsed === null) {
      const range = max === Number.MAX_SAFE_INTEGER ? `of ${min} or more` : `from ${min} to ${max}`;
      throw new InvalidArgumentError(`${name} must be an integer ${range} (got "${value}").`);
    }
    return parsed;
  };

/**
 * A commander option parser for a finite decimal number (as "0.5", "2",
 * "1e-3"; not "" or "abc") for which `ok` holds; `range` completes the
 * message "NAME must be …", e.g. "in [0, 1)".
 */
export const decimalOption =
  (name: string, ok: (n: number) => boolean, range: string) => (value: string) => {
    const parsed = DECIMAL.test(value) ? Number(value) : NaN;
    if (!Number.isFinite(parsed) || !ok(parsed)) {
      throw new InvalidArgumentError(`${name} must be a number ${range} (got "${value}").`);
    }
    return parsed;
  };

/**
 * Null when a file can be written at `file` (a writable file, or a new one
 * in a writable folder), else why not, in one line: for checking an output
 * path before a long run rather than after it.
 */
export function unwritableFileProblem(file: string): string | null {
  const target = path.resolve(file);
  const existing = statOrNull(target);
  if (existing?.isDirectory()) return `${file} is a folder`;
  if (existing) return accessProblem(file, target);
  const folder = path.dirname(target);
  const parent = statOrNull(folder);
  if (!parent) return `${file}: folder ${folder} does not exist`;
  if (!parent.isDirectory()) return `${file}: ${folder} is not a folder`;
  return accessProblem(file, folder);
}

/**
 * Null when `folder` is a writable folder or can be made (its nearest
 * existing ancestor is a writable folder), else why not, in one line.
 */
export function unwritableFolderProblem(folder: string): string | null {
  let existing = path.resolve(folder);
  let stats = statOrNull(existing);
  while (!stats && path.dirname(existing) !== existing) {
    existing = path.dirname(existing);
    stats = statOrNull(existing);
  }
  if (!stats) return `${folder}: no folder of it exists`;
  if (!stats.isDirectory()) return `${at(folder, existing)} is not a folder`;
  return accessProblem(folder, existing);
}

/** Null where nothing is at `file` (or a file stands where a folder of its path should be). */
function statOrNull(file: string) {
  try {
    return statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    throw error;
  }
}

function accessProblem(name: string, file: string): string | null {
  try {
    accessSync(file, constants.W_OK);
    return null;
  } catch {
    return `${at(name, file)} is not writable`;
  }
}

/** `name`, or "name: file" where the problem is with another path than `name`. */
function at(name: string, file: string): string {
  return file === path.resolve(name) ? name : `${name}: ${file}`;
}

/** The options of a run of simulated annotators against app instances. */
export interface LoadOptions {
  seconds: number;
  annotators: number;
  instances: number;
  thinkMs: number;
  port: number;
  keepDb: boolean;
}

/** Bounds of the load options (and of the durations of bench and load). */
export const LOAD_LIMITS = {
  annotators: 1000,
  instances: 16,
  thinkMs: 600_000,
  seconds: 86_400,
} as const;

/** Adds the options every load-driving command shares (`LoadOptions`). */
export function addLoadOptions(command: Command, defaults: { seconds: number }): Command {
  return command
    .option(
      "--seconds <n>",
      "how long the annotators work (measured)",
      integerOption("--seconds", 1, LOAD_LIMITS.seconds),
      defaults.seconds,
    )
    .option(
      "--annotators <n>",
      "simulated annotators at once",
      integerOption("--annotators", 1, LOAD_LIMITS.annotators),
      20,
    )
    .option(
      "--instances <n>",
      "app instances (npm start) sharing the database",
      integerOption("--instances", 1, LOAD_LIMITS.instances),
      2,
    )
    .option(
      "--think-ms <n>",
      "mean think time per pair",
      integerOption("--think-ms", 0, LOAD_LIMITS.thinkMs),
      DEFAULT_THINK_MS,
    )
    .option(
      "--port <n>",
      "first HTTP port (0: any free port)",
      integerOption("--port", 0, 65_535),
      0,
    )
    .option("--keep-db", "keep the scratch database afterwards", false);
}

/**
 * Parses a command made with `addLoadOptions` and checks what one option
 * alone cannot: instances take the ports from --port on, and the last one
 * must exist too.
 */
export function parseLoadCommand<T extends LoadOptions>(command: Command): T {
  const options = command.parse().opts<T>();
  const { port, instances } = options;
  if (port !== 0 && port + instances - 1 > 65_535) {
    command.error(
      `error: --port ${port} with --instances ${instances} needs ports up to ` +
        `${port + instances - 1}, beyond 65535.`,
    );
  }
  return options;
}
