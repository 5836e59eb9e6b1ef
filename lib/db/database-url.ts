import path from "node:path";
import { readEnvironment } from "../config/environment";
import { ensureEmbeddedDatabase } from "./embedded";

/**
 * The database to use: `DATABASE_URL` when set, otherwise the embedded
 * PostgreSQL in `$CHORUS_DATA_DIR/pgdata` (started on demand). Throws one
 * line naming the variable when one of these is malformed.
 */
export async function resolveDatabaseUrl(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ url: string; embedded: boolean }> {
  const { DATABASE_URL, CHORUS_DATA_DIR, CHORUS_DB_PORT } = readEnvironment(env, [
    "DATABASE_URL",
    "CHORUS_DATA_DIR",
    "CHORUS_DB_PORT",
    // refused here, at start-up, rather than at the first query
    "CHORUS_DB_QUERY_TIMEOUT_MS",
  ]);
  if (DATABASE_URL) return { url: DATABASE_URL, embedded: false };

  const url = await ensureEmbeddedDatabase({
    dataDir: path.join(CHORUS_DATA_DIR, "pgdata"),
    port: CHORUS_DB_PORT,
  });
  return { url, embedded: true };
}
