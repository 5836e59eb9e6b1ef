import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

function simulate(...args: string[]) {
  return run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/simulate.ts", ...args], {
    timeout: 280_000,
  });
}

const CLI_TEST_MS = 300_000;

describe("reproducing a recorded simulation", () => {
  it(
    "records world, seed, settings and code version, and a replay gives the same final KL",
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "chorus-replay-"));
      const recordPath = path.join(dir, "run.json");

      await simulate(
        "--labels",
        "40",
        "--batch",
        "20",
        "--seed",
        "5",
        "--skip-rate",
        "0.1",
        "--world",
        "worlds/tiny-minority.json",
        "--fresh",
        "--out",
        recordPath,
        "--quiet",
      );
      const record = JSON.parse(readFileSync(recordPath, "utf8"));
      expect(record).toMatchObject({
        format: "chorus-simulation/1",
        settings: { labels: 40, batch: 20, seed: 5, skipRate: 0.1, policy: "passive" },
        world: { key: "tiny-minority" },
      });
      expect(record.codeVersion).toMatch(/\S/);
      expect(Number.isFinite(record.result.klEnd)).toBe(true);

      const { stdout } = await simulate("--replay", recordPath, "--quiet");
      expect(stdout).toContain(
        `reproduced: kl_end=${record.result.klEnd} matches the record exactly`,
      );
    },
    CLI_TEST_MS,
  );
});
