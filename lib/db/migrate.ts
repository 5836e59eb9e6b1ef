import { execFile } from "node:child_process";
import fs from "node:fs/promises";
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
export async function applyMigrations(
  url: string,
  cwd = process.cwd(),
): Promise<"applied" | "up to date"> {
  const cli = createRequire(path.join(cwd, "package.json")).resolve("prisma/build/index.js");
  const lock = new pg.Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query("SELECT pg_advisory_lock($1)", [MIGRATE_LOCK]);
    // The CLI takes seconds to start even with nothing to do: skip it when
    // every migration folder is recorded as applied already.
    if (await everyMigrationApplied(lock, path.join(cwd, "prisma", "migrations"))) {
      logger.info("database migrations are up to date");
      return "up to date";
    }
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
  return "applied";
}

/**
 * True when Prisma's own table records every migration folder as finished
 * and not rolled back. A failed or new migration, or a database Prisma has
 * not migrated yet, leaves the work (and its error messages) to the CLI.
 */
async function everyMigrationApplied(client: pg.Client, folder: string): Promise<boolean> {
  const entries = await fs.readdir(folder, { withFileTypes: true });
  const migrations = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  const { rows } = await client.query<{ table: string | null }>(
    `SELECT to_regclass('"_prisma_migrations"')::text AS table`,
  );
  if (!rows[0].table) return false;
  const applied = await client.query<{ migration_name: string }>(
    `SELECT migration_name FROM "_prisma_migrations"
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const done = new Set(applied.rows.map((row) => row.migration_name));
  return migrations.every((name) => done.has(name));
}
