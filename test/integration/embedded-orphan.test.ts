import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureEmbeddedDatabase } from "@/lib/db/embedded";
import { isAlive, parentPid } from "@/lib/util/process";
import { freePort } from "../../e2e/support/private-postgres";
import { waitFor } from "../helpers/wait";

// `npm start` killed with -9 takes no exit hook with it, so the embedded
// PostgreSQL it started runs on as an orphan. The next start must stop that
// orphan and run a server of its own, which it will stop when it exits.
describe("the embedded database after its starter was killed", () => {
  let folder: string;
  let dataDir: string;
  let port: number;

  beforeAll(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), "chorus-orphan-"));
    // As root the server runs as `postgres`, who must reach its data.
    await fs.chmod(folder, 0o755);
    dataDir = path.join(folder, "pgdata");
    port = await freePort();
  });

  afterAll(async () => {
    const pid = postmasterPidOf(dataDir);
    if (pid && isAlive(pid)) {
      process.kill(pid, "SIGINT");
      await waitFor("the server to stop", () => !isAlive(pid));
    }
    await fs.rm(folder, { recursive: true, force: true });
  });

  it("stops the orphan and starts a server of its own", async () => {
    const starter = spawn(
      process.execPath,
      // tsx as a loader, not its CLI: the CLI is a wrapper process, and
      // SIGKILL would reach only the wrapper.
      ["--import", "tsx", "test/helpers/hold-embedded-database.ts", dataDir, `${port}`],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve, reject) => {
      starter.stdout.on("data", (chunk: Buffer) => chunk.includes("ready") && resolve());
      starter.on("exit", (code) => reject(new Error(`the starter exited with ${code}`)));
    });
    const orphan = postmasterPidOf(dataDir)!;
    starter.kill("SIGKILL");
    await waitFor("the starter to die", () => starter.signalCode !== null);
    // The scenario itself: the server outlives its killed starter.
    expect(isAlive(orphan)).toBe(true);

    const url = await ensureEmbeddedDatabase({ dataDir, port });

    expect(isAlive(orphan)).toBe(false);
    const server = postmasterPidOf(dataDir)!;
    expect(server).not.toBe(orphan);
    expect(parentPid(server)).toBe(process.pid);
    expect(url).toContain(`:${port}/`);
  });

  it("refuses another data folder's server on its port instead of writing into it", async () => {
    const other = path.join(folder, "other-pgdata");
    await expect(ensureEmbeddedDatabase({ dataDir: other, port })).rejects.toThrow(
      `The embedded database port ${port} is taken by the server of ${dataDir}`,
    );
    expect(existsSync(other)).toBe(false);
  });

  it("says so when its data folder is already served on another port", async () => {
    const elsewhere = await freePort();
    await expect(ensureEmbeddedDatabase({ dataDir, port: elsewhere })).rejects.toThrow(
      `The embedded database in ${dataDir} is already running (pid ${postmasterPidOf(dataDir)}) ` +
        `on port ${port}, not ${elsewhere}: use CHORUS_DB_PORT=${port}`,
    );
  });
});

function postmasterPidOf(dataDir: string): number | null {
  try {
    return Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  } catch {
    return null;
  }
}
