import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { z } from "zod";
import type { WorldSpec } from "../didactic/world";
import { worldSpecSchema } from "../didactic/world-file";
import { readJsonFile } from "../util/json-file";

/**
 * Bounds of a simulation's settings: labels and seed are stored in
 * PostgreSQL `integer` columns, and a million answers take hours already.
 */
export const SIMULATION_LIMITS = {
  labels: 1_000_000,
  batch: 100_000,
  seedMin: -(2 ** 31),
  seedMax: 2 ** 31 - 1,
} as const;

/** The settings of a simulation: everything needed to run it again. */
export const simulationSettingsSchema = z.object({
  labels: z.number().int().positive().max(SIMULATION_LIMITS.labels),
  policy: z.string().min(1),
  seed: z.number().int().min(SIMULATION_LIMITS.seedMin).max(SIMULATION_LIMITS.seedMax),
  batch: z.number().int().positive().max(SIMULATION_LIMITS.batch),
  tieRate: z.number().min(0).lt(1),
  skipRate: z.number().min(0).lt(1),
});
export type SimulationSettings = z.infer<typeof simulationSettingsSchema>;

const recordSchema = z.object({
  format: z.literal("chorus-simulation/1"),
  codeVersion: z.string(),
  settings: simulationSettingsSchema,
  world: worldSpecSchema,
  result: z.object({ klStart: z.number(), klEnd: z.number(), labels: z.number() }).passthrough(),
});
export type SimulationRecord = z.infer<typeof recordSchema>;

/**
 * What was run, on which world, with which code, and what came out: written
 * next to a simulation's results so that `--replay` can run it again.
 */
export function buildRunRecord(
  settings: SimulationSettings,
  world: WorldSpec,
  result: SimulationRecord["result"],
): SimulationRecord {
  return {
    format: "chorus-simulation/1",
    codeVersion: codeVersion(),
    settings,
    world: world as SimulationRecord["world"],
    result,
  };
}

/**
 * Reads and validates a run record; a problem is one line naming the file
 * and what is wrong (cannot be read, not JSON, or the bad field).
 */
export function readRunRecord(path: string): SimulationRecord {
  const json = readJsonFile(path, "run record");
  const parsed = recordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: invalid field "${issue.path.join(".")}": ${issue.message}`);
  }
  return parsed.data;
}

/** The git commit of the working tree (with "+dirty"), or the package version. */
export function codeVersion(): string {
  try {
    const sha = execFileSync("git", ["rev-parse", "HEAD"], { stdio: "pipe" }).toString().trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], {
      stdio: "pipe",
    })
      .toString()
      .trim();
    return dirty ? `${sha}+dirty` : sha;
  } catch {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    return `package ${pkg.version}`;
  }
}
