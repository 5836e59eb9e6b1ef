import { type Command, InvalidArgumentError } from "commander";
import { DEFAULT_THINK_MS } from "./load-check";

/** A commander option parser for an integer of at least `min`. */
export const integerOption = (name: string, min: number) => (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) {
    throw new InvalidArgumentError(`${name} must be an integer >= ${min}.`);
  }
  return parsed;
};

/** The options of a run of simulated annotators against app instances. */
export interface LoadOptions {
  annotators: number;
  instances: number;
  thinkMs: number;
  port: number;
  keepDb: boolean;
}

/** Adds the options every load-driving command shares (`LoadOptions`). */
export function addLoadOptions(command: Command): Command {
  return command
    .option(
      "--annotators <n>",
      "simulated annotators at once",
      integerOption("--annotators", 1),
      20,
    )
    .option(
      "--instances <n>",
      "app instances (npm start) sharing the database",
      integerOption("--instances", 1),
      2,
    )
    .option(
      "--think-ms <n>",
      "mean think time per pair",
      integerOption("--think-ms", 0),
      DEFAULT_THINK_MS,
    )
    .option("--port <n>", "first HTTP port (0: any free port)", integerOption("--port", 0), 0)
    .option("--keep-db", "keep the scratch database afterwards", false);
}
