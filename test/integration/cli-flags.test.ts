// Every command-line tool refuses bad input with one clear line, exits
// non-zero, prints no stack trace and leaves the database as it was. The
// tools are spawned as a person runs them (tsx), against real PostgreSQL.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

const run = promisify(execFile);
const UNREACHABLE = "postgresql://postgres:secret@127.0.0.1:1/chorus";

let db: TestDatabase;
const dir = mkdtempSync(path.join(tmpdir(), "chorus-cli-flags-"));
const aFile = path.join(dir, "a-file");
const notJson = path.join(dir, "not-json.json");
const notRecord = path.join(dir, "not-a-record.json");
writeFileSync(aFile, "x");
writeFileSync(notJson, "{ labels: 3");
writeFileSync(notRecord, JSON.stringify({ format: "chorus-simulation/1" }));

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await db?.drop();
});

type Cli = "simulate" | "experiment" | "bench" | "load" | "fuzz";

async function cli(name: Cli, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", `scripts/${name}.ts`, ...args],
      {
        env: {
          ...process.env,
          DATABASE_URL: db.url,
          LOG_LEVEL: "silent",
          // Should a fuzz run start after all, its app and database
          // (chorus_e2e_<port>) are its own, not those of `npm run test:e2e`.
          E2E_PORT: "3197",
          ...env,
        },
        timeout: 90_000,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

// [command, arguments, what stderr must say]
const refusals: [Cli, string[], string][] = [
  ["simulate", ["--labels", "0x10"], '--labels must be an integer from 1 to 1000000 (got "0x10")'],
  ["simulate", ["--labels", "1e3"], '--labels must be an integer from 1 to 1000000 (got "1e3")'],
  ["simulate", ["--labels", " 5"], '(got " 5")'],
  ["simulate", ["--labels", ""], '(got "")'],
  ["simulate", ["--labels", "99999999999"], "--labels must be an integer from 1 to 1000000"],
  [
    "simulate",
    ["--seed", "99999999999"],
    "--seed must be an integer from -2147483648 to 2147483647",
  ],
  ["simulate", ["--batch", "1.5"], '--batch must be an integer from 1 to 100000 (got "1.5")'],
  ["simulate", ["--tie-rate", ""], '--tie-rate must be a number in [0, 1) (got "")'],
  ["simulate", ["--tie-rate", "0.6", "--skip-rate", "0.5"], "must add up to less than 1"],
  ["simulate", ["--run-id", "not-a-uuid"], '--run-id must be a UUID (got "not-a-uuid")'],
  ["simulate", ["--labels", "2", "--out", path.join(aFile, "run.json")], "is not a folder"],
  ["simulate", ["--labels", "2", "--out", path.join(dir, "no", "run.json")], "does not exist"],
  ["simulate", ["--labels", "2", "--out", dir], "is a folder"],
  ["simulate", ["--replay", path.join(dir, "missing.json")], "cannot read the run record (ENOENT)"],
  ["simulate", ["--replay", notJson], `${notJson}: not valid JSON`],
  ["simulate", ["--replay", notRecord], `${notRecord}: invalid field "codeVersion"`],
  ["experiment", ["--policies", "passive,infomax,passive"], "names passive more than once"],
  ["experiment", ["--policies", "passive,"], "--policies has an empty entry"],
  ["experiment", ["--out", path.join(aFile, "out")], `${aFile} is not a folder`],
  ["experiment", ["--seeds", "99999999999"], "--seeds must be an integer from 1 to 1000"],
  ["experiment", ["--prior-scale", ""], '--prior-scale must be a number >= 0 (got "")'],
  ["experiment", ["--workers", "1000"], "--workers must be an integer from 1 to 64"],
  ["bench", ["--port", "70000"], '--port must be an integer from 0 to 65535 (got "70000")'],
  ["bench", ["--port", "65535", "--instances", "2"], "needs ports up to 65536, beyond 65535"],
  ["load", ["--port", "70000"], '--port must be an integer from 0 to 65535 (got "70000")'],
  ["load", ["--seconds", "1e2"], '--seconds must be an integer from 1 to 86400 (got "1e2")'],
  ["load", ["--annotators", "0"], "--annotators must be an integer from 1 to 1000"],
  ["fuzz", ["--runs", "0x10"], '--runs must be an integer from 1 to 10000000 (got "0x10")'],
  ["fuzz", ["--seed", "-1"], '--seed must be an integer from 0 to 2147483647 (got "-1")'],
];

// Concurrent: each case waits mostly on a process start-up (about 1.5 s).
describe.concurrent("command-line flags", () => {
  it.each(refusals)("%s %j is refused in one line", async (name, args, message) => {
    const before = await db.counts();
    const { code, stdout, stderr } = await cli(name, args);
    expect(code).not.toBe(0);
    expect(stderr).toContain(message);
    expect(stderr).not.toContain("    at ");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stdout).toBe("");
    expect(await db.counts()).toEqual(before);
  });

  it.each<[Cli, string[]]>([
    ["simulate", ["--labels", "2", "--quiet"]],
    ["simulate", ["--labels", "2", "--quiet", "--fresh"]],
    ["bench", ["--seconds", "1"]],
    ["load", ["--seconds", "1"]],
  ])("%s %j says in one line that the database cannot be reached", async (name, args) => {
    const { code, stderr } = await cli(name, args, { DATABASE_URL: UNREACHABLE });
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(
      /^chorus: cannot reach the database at 127\.0\.0\.1:1 \(connect ECONNREFUSED[^)]*\)$/,
    );
    expect(stderr).not.toContain("secret");
  });

  it.each<Cli>(["simulate", "experiment", "bench", "load", "fuzz"])(
    "%s --help lists the options",
    async (name) => {
      const { code, stdout, stderr } = await cli(name, ["--help"]);
      expect(code).toBe(0);
      expect(stdout).toContain(`npm run ${name} --`);
      expect(stderr).toBe("");
    },
  );
});
