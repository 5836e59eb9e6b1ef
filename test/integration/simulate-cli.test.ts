import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

const run = promisify(execFile);
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

function simulate(...args: string[]) {
  return run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/simulate.ts", ...args], {
    env: { ...process.env, DATABASE_URL: db.url },
    timeout: 280_000,
  });
}

// Each test spawns the CLI, which pretrains and trains for real: give it room
// on a busy two-core machine.
const CLI_TEST_MS = 300_000;

describe("npm run simulate", () => {
  it(
    "runs the loop through the database and lowers the KL to the target",
    async () => {
      const { stdout } = await simulate(
        "--labels",
        "150",
        "--policy",
        "passive",
        "--seed",
        "1",
        "--quiet",
      );

      const line = stdout.trim().split("\n").at(-1)!;
      expect(line).toMatch(/^labels=150 policy=passive seed=1 kl_start=\S+ kl_end=\S+/);
      const klStart = Number(/kl_start=(\S+)/.exec(line)![1]);
      const klEnd = Number(/kl_end=(\S+)/.exec(line)![1]);
      expect(klEnd).toBeLessThan(klStart);

      const answers = await db.prisma.answer.count();
      expect(answers).toBe(150);
      expect(await db.prisma.answer.count({ where: { learnedInVersion: null } })).toBe(0);
      const run = await db.prisma.simulationRun.findFirstOrThrow();
      expect(run).toMatchObject({ status: "DONE", done: 150, policy: "passive" });
      const comparisons = await db.prisma.comparison.findMany({
        select: { runId: true, policy: true },
      });
      expect(comparisons.every((c) => c.runId === run.id && c.policy === "passive")).toBe(true);
    },
    CLI_TEST_MS,
  );

  it(
    "refuses an unknown policy or a bad label count with a clear message and writes nothing",
    async () => {
      const before = await db.counts();
      await expect(simulate("--labels", "10", "--policy", "nonsense")).rejects.toMatchObject({
        stderr: expect.stringContaining('unknown --policy "nonsense"'),
      });
      await expect(simulate("--labels", "-3")).rejects.toMatchObject({
        stderr: expect.stringContaining("--labels must be an integer from 1 to 1000000"),
      });
      expect(await db.counts()).toEqual(before);
    },
    CLI_TEST_MS,
  );

  it(
    "says so in one line when --run-id names no run, and writes nothing",
    async () => {
      const before = await db.counts();
      const missing = "00000000-0000-4000-8000-000000000000";
      const failed = await simulate("--run-id", missing, "--labels", "5", "--quiet").catch(
        (error: { code: number; stderr: string }) => error,
      );
      expect(failed).toMatchObject({ code: 1 });
      const { stderr } = failed as { stderr: string };
      expect(stderr.trim()).toBe(`chorus: no simulation run has the id ${missing}`);
      expect(stderr).not.toContain("    at ");
      expect(await db.counts()).toEqual(before);
    },
    CLI_TEST_MS,
  );
});
