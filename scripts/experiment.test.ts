import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
let out: string;

beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), "chorus-experiment-"));
});

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

function experiment(...args: string[]) {
  return run(
    process.execPath,
    ["node_modules/tsx/dist/cli.mjs", "scripts/experiment.ts", ...args],
    {
      timeout: 280_000,
    },
  );
}

describe("npm run experiment", () => {
  it("writes both learning curves, the summary and the plots, and prints the table", async () => {
    const { stdout } = await experiment(
      ...["--policies", "passive,double-ts", "--seeds", "2", "--labels", "10", "--batch", "5"],
      ...["--train-steps", "2", "--workers", "2", "--out", out, "--quiet"],
    );

    const rows: Record<string, string>[] = parse(
      await readFile(path.join(out, "curves.csv"), "utf8"),
      { columns: true },
    );
    // 2 policies x 2 seeds x (pretrained + 2 batches)
    expect(rows).toHaveLength(12);
    expect(Object.keys(rows[0])).toEqual(
      expect.arrayContaining(["policy", "seed", "labels", "kl", "best_response", "share_hermits"]),
    );
    expect(new Set(rows.map((r) => r.policy))).toEqual(new Set(["passive", "double-ts"]));
    expect(rows.filter((r) => r.labels === "0").every((r) => r.kl === rows[0].kl)).toBe(true);
    for (const row of rows) {
      expect(Number(row.kl)).toBeGreaterThan(0);
      expect(Number(row.best_response)).toBeGreaterThan(0);
      expect(Number(row.best_response)).toBeLessThan(1);
    }

    const summary = JSON.parse(await readFile(path.join(out, "summary.json"), "utf8"));
    for (const objective of ["inclusiveFit", "bestResponse"]) {
      expect(summary[objective].target).toEqual(expect.any(Number));
      expect(summary[objective].policies.passive.labelsPerSeed).toHaveLength(2);
      expect(summary[objective].policies["double-ts"]).toHaveProperty("ratioVsPassive");
    }

    for (const plot of ["inclusive-fit.svg", "best-response.svg"]) {
      const svg = await readFile(path.join(out, plot), "utf8");
      expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svg).toContain("double-ts");
    }
    expect(stdout).toMatch(/inclusive fit[\s\S]*passive[\s\S]*best response[\s\S]*double-ts/);
    expect(stdout).toMatch(/runtime_s=\d+/);
  });

  it("refuses an unknown policy with a clear message", async () => {
    await expect(
      experiment("--policies", "passive,nonsense", "--out", path.join(out, "never")),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('unknown policy "nonsense"') });
  });

  it.each(["tiny-minority", "large"])(
    "runs the shipped world %s and records it next to the results",
    async (name) => {
      const dir = path.join(out, name);
      await experiment(
        ...["--world", `worlds/${name}.json`, "--policies", "passive", "--seeds", "1"],
        ...["--labels", "6", "--batch", "3", "--train-steps", "2", "--workers", "1"],
        ...["--out", dir, "--quiet"],
      );
      const summary = JSON.parse(await readFile(path.join(dir, "summary.json"), "utf8"));
      expect(summary.world.key).toBe(name);
      expect(summary.codeVersion).toMatch(/\S/);
      const rows: Record<string, string>[] = parse(
        await readFile(path.join(dir, "curves.csv"), "utf8"),
        { columns: true },
      );
      expect(rows).toHaveLength(3);
      for (const row of rows) expect(Number(row.kl)).toBeGreaterThan(0);
    },
    300_000,
  );

  it("rejects an invalid world file, naming the field", async () => {
    const file = path.join(out, "bad-world.json");
    await writeFile(file, JSON.stringify({ key: "bad", description: "", vocabulary: ["a"] }));
    await expect(
      experiment("--world", file, "--out", path.join(out, "never")),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('invalid field "vocabulary"') });
  });
});
