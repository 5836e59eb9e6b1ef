import { randomBytes } from "node:crypto";
import pg from "pg";
import { applyMigrations } from "./migrate";

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates a new, migrated database on the server of `serverUrl` under a
 * random name starting with `prefix`; `drop()` removes it again. Tests use
 * one per file; `npm run simulate -- --fresh` uses one per run. With
 * `migrate: false` it stays empty.
 */
export async function createScratchDatabase(
  serverUrl: string,
  prefix = "chorus_scratch",
  { migrate = true }: { migrate?: boolean } = {},
): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = withDatabase(serverUrl, name);
  if (migrate) await applyMigrations(url);
  return {
    url,
    async drop() {
      await withAdmin(serverUrl, (admin) =>
        admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      );
    },
  };
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs `action` on a connection to `url`, closed after it. */
export async function withAdmin<T>(url: string, action: (admin: pg.Client) => Promise<T>) {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    return await action(admin);
  } finally {
    await admin.end();
  }
}
