import { randomBytes } from "node:crypto";
import pg from "pg";
import { resolveDatabaseUrl } from "../../lib/db/database-url";
import { describeDatabaseError } from "../../lib/db/errors";

export interface ScratchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * An empty database named `<prefix>_<random>` on the server of DATABASE_URL
 * (or the embedded server), for a benchmark or load run; the app instances
 * started on it migrate and bootstrap it themselves. An unreachable server
 * is one line: `cannot reach the database at host:port (reason)`.
 */
export async function createScratchDatabase(prefix: string): Promise<ScratchDatabase> {
  if (!/^[a-z][a-z0-9_]*$/.test(prefix)) {
    throw new Error(`Expected a lower-case identifier as prefix, but got "${prefix}"`);
  }
  const { url: serverUrl } = await resolveDatabaseUrl();
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  await runOnServer(serverUrl, `CREATE DATABASE ${name}`).catch((error: unknown) => {
    throw describeDatabaseError(error, serverUrl);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => runOnServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function runOnServer(serverUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}
