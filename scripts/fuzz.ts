// `npm run fuzz -- --runs 5000 --seed 7`: the fuzz test of every API route
// (e2e/hardening/fuzz.spec.ts) at any length, against a fresh app and
// database that Playwright starts. Without --seed a new seed is drawn and
// printed, so a failure can be replayed.
import { spawn } from "node:child_process";
import { randomInt } from "node:crypto";
import { INT4_MAX, integerOption, chorusCommand } from "./support/cli-options";

const options = chorusCommand()
  .name("npm run fuzz --")
  .description("Send generated malformed requests to every API route of a fresh app.")
  .option("--runs <n>", "requests to send", integerOption("--runs", 1, 10_000_000), 5000)
  .option(
    "--seed <n>",
    "seed of the generator (default: a new one)",
    integerOption("--seed", 0, INT4_MAX),
  )
  .parse()
  .opts<{ runs: number; seed?: number }>();

const seed = options.seed ?? randomInt(INT4_MAX + 1);
console.error(`fuzz: ${options.runs} requests, seed ${seed}`);
const child = spawn("npx", ["playwright", "test", "e2e/hardening/fuzz.spec.ts"], {
  stdio: "inherit",
  env: { ...process.env, FUZZ_RUNS: String(options.runs), FUZZ_SEED: String(seed) },
});
child.on("exit", (code) => process.exit(code ?? 1));
