import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import path from "node:path";
import { environmentValue } from "../config/environment";

export interface SimulationArgs {
  runId: string;
  labels: number;
  policy: string;
  seed: number;
  tieRate: number;
  skipRate: number;
  /** False leaves learning to the app's trainer process. */
  train: boolean;
}

export interface LaunchedSimulation {
  pid: number | undefined;
  /** Resolves when the process ends, with its exit code and last log lines. */
  exited: Promise<{ code: number | null; logTail: string }>;
}

/** Starts a simulation process; replaceable in tests. */
export type SimulationLauncher = (args: SimulationArgs) => LaunchedSimulation;

/**
 * Runs `scripts/simulate.ts` (the `npm run simulate` CLI) as a detached
 * process, so its training never blocks this server's requests and it
 * outlives a server restart. Its output goes to
 * `<CHORUS_DATA_DIR>/simulations/<runId>.log`.
 */
export const launchSimulationProcess: SimulationLauncher = (args) => {
  const root = process.cwd();
  const logFile = path.resolve(
    environmentValue("CHORUS_DATA_DIR"),
    "simulations",
    `${args.runId}.log`,
  );
  mkdirSync(path.dirname(logFile), { recursive: true });
  const log = openSync(logFile, "a");

  const cli = [
    path.join(root, "node_modules/tsx/dist/cli.mjs"),
    path.join(root, "scripts/simulate.ts"),
    ...["--run-id", args.runId, "--labels", String(args.labels), "--policy", args.policy],
    ...["--seed", String(args.seed), "--tie-rate", String(args.tieRate)],
    ...["--skip-rate", String(args.skipRate), "--quiet"],
    ...(args.train ? [] : ["--no-train"]),
  ];
  const child = spawn(process.execPath, cli, {
    cwd: root,
    detached: true,
    stdio: ["ignore", log, log],
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "info" },
  });
  closeSync(log);
  child.unref();

  const exited = new Promise<{ code: number | null; logTail: string }>((resolve) => {
    const finish = (code: number | null) => resolve({ code, logTail: readTail(logFile) });
    child.once("error", () => finish(null));
    child.once("exit", (code) => finish(code));
  });
  return { pid: child.pid, exited };
};

function readTail(file: string, lines = 5): string {
  try {
    return readFileSync(file, "utf8").trim().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}
