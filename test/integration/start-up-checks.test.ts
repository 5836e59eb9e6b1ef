import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmptyDatabase, type EmptyDatabase } from "../helpers/database";

const run = promisify(execFile);
let db: EmptyDatabase;
let dataDir: string;

beforeAll(async () => {
  db = await createEmptyDatabase();
  dataDir = mkdtempSync(path.join(tmpdir(), "chorus-start-"));
});

afterAll(async () => {
  await db?.drop();
});

/**
 * Runs a command-line entry point as `npm start` / `npm run trainer` do, on
 * an empty database and data folder that a refused start must leave alone.
 * Resolves to its exit code and output (execFile rejects on a non-zero code).
 */
async function cli(script: string, env: Record<string, string>, ...args: string[]) {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(base)) {
    if (name.startsWith("CHORUS_") || name === "PORT" || name === "LOG_LEVEL") delete base[name];
  }
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", script, ...args],
      {
        env: {
          ...base,
          DATABASE_URL: db.url,
          CHORUS_DATA_DIR: dataDir,
          ADMIN_TOKEN: "a-long-enough-admin-secret",
          ...env,
        },
        timeout: 60_000,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Exit code 1, exactly `line` on stderr, no stack trace, nothing migrated or written. */
async function expectRefused(result: Awaited<ReturnType<typeof cli>>, line: string) {
  expect(result.stderr).toBe(`${line}\n`);
  expect(result.stderr).not.toContain("    at ");
  expect(result.code).toBe(1);
  expect(await db.tables()).toEqual([]);
  expect(readdirSync(dataDir)).toEqual([]);
}

describe("npm start checks its environment before it migrates or builds", () => {
  it.each([
    [
      { CHORUS_LEASE_SECONDS: "abc" },
      'chorus: CHORUS_LEASE_SECONDS must be an integer from 10 to 86400 (got "abc")',
    ],
    [{ PORT: "1e3" }, 'chorus: PORT must be an integer from 0 to 65535 (got "1e3")'],
    [{ PORT: "70000" }, 'chorus: PORT must be an integer from 0 to 65535 (got "70000")'],
    [
      { LOG_LEVEL: "loud" },
      'chorus: LOG_LEVEL must be one of "silent", "fatal", "error", "warn", "info", "debug" or "trace" (got "loud")',
    ],
    [
      { CHORUS_DB_QUERY_TIMEOUT_MS: "12abc" },
      'chorus: CHORUS_DB_QUERY_TIMEOUT_MS must be an integer of 100 or more (got "12abc")',
    ],
    [
      { CHORUS_TF_BACKEND: "gpu", CHORUS_SECURE_COOKIES: "yes" },
      'chorus: CHORUS_TF_BACKEND must be one of "wasm" or "cpu" (got "gpu"); ' +
        'CHORUS_SECURE_COOKIES must be "true" or "false" (got "yes")',
    ],
    [
      { ADMIN_TOKEN: "short" },
      "chorus: ADMIN_TOKEN must be at least 16 characters long, with no spaces (got 5 characters)",
    ],
  ])("refuses %j in one line", async (env, line) => {
    await expectRefused(await cli("scripts/start.ts", env), line);
  });

  it("refuses a malformed --port the same way, and --port wins over PORT", async () => {
    const result = await cli("scripts/start.ts", { PORT: "1e3" }, "--port", "0x10");
    expect(result.stderr).toBe(
      "chorus: option '-p, --port <port>' argument '0x10' is invalid. " +
        "--port must be an integer from 0 to 65535.\n",
    );
    expect(result.code).toBe(1);
    expect(await db.tables()).toEqual([]);
  });

  it("refuses a port that is already in use, from PORT or --port", async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, resolve));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      const line = `chorus: port ${port} is already in use; stop what uses it or pick another with --port`;
      await expectRefused(await cli("scripts/start.ts", { PORT: String(port) }), line);
      await expectRefused(
        await cli("scripts/start.ts", { PORT: "not a port" }, "--port", String(port)),
        line,
      );
    } finally {
      holder.close();
    }
  });
});

describe("npm run trainer", () => {
  it("refuses a bad CHORUS_TRAIN_STEPS in one line", async () => {
    await expectRefused(
      await cli("scripts/trainer.ts", { CHORUS_TRAIN_STEPS: "1e3" }),
      'chorus: CHORUS_TRAIN_STEPS must be an integer of 1 or more (got "1e3")',
    );
  });

  it("prints its usage with --help", async () => {
    const result = await cli("scripts/trainer.ts", {}, "--help");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: npm run trainer");
    expect(result.stdout).toContain("CHORUS_TRAIN_STEPS");
  });

  it("refuses an unknown flag", async () => {
    const result = await cli("scripts/trainer.ts", {}, "--steps", "5");
    expect(result.code).not.toBe(0);
    expect(result.stderr).toBe("chorus: unknown option '--steps'\n");
    expect(await db.tables()).toEqual([]);
  });
});
