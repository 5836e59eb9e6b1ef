import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { logger } from "../util/logger";

const run = promisify(execFile);

/** Advisory-lock key held while one process applies migrations. */
const MIGRATE_LOCK = 7_401_000;

/**
 * Applies every pending migration in `prisma/migrations` to the database at
 * `url` with `prisma migrate deploy` (the CLI's JavaScript schema engine,
 * which needs no download). Safe to call from several processes at once:
 * they take turns on an advisory lock of our own. (Prisma's own lock gives
 * up after 10 s, which a busy machine exceeds when several app instances
 * start together.)
 */
export async function applyMigrations(url: string, cwd = process.cwd()): Promise<void> {
  const cli = createRequire(path.join(cwd, "package.json")).resolve("prisma/build/index.js");
  const lock = new pg.Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query("SELECT pg_advisory_lock($1)", [MIGRATE_LOCK]);
    await run(process.execPath, [cli, "migrate", "deploy"], {
      cwd,
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      timeout: 120_000,
    });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    const detail = `${stderr}\n${stdout}`.trim().split("\n").slice(-5).join("\n");
    throw new Error(`Could not apply database migrations:\n${detail}`);
  } finally {
    await lock.end().catch(() => {});
  }
  logger.info("database migrations applied");
}
