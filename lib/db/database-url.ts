import path from "node:path";
import { z } from "zod";
import { ensureEmbeddedDatabase } from "./embedded";
import { queryTimeoutMsFromEnv } from "./query-timeout";

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, "must be a postgresql:// URL")
    .optional(),
  CHORUS_DATA_DIR: z.string().min(1).default(".chorus"),
  CHORUS_DB_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
});

/**
 * The database to use: `DATABASE_URL` when set, otherwise the embedded
 * PostgreSQL in `$CHORUS_DATA_DIR/pgdata` (started on demand).
 */
export async function resolveDatabaseUrl(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ url: string; embedded: boolean }> {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid ${issue.path.join(".")}: ${issue.message}`);
  }
  const { DATABASE_URL, CHORUS_DATA_DIR, CHORUS_DB_PORT } = parsed.data;
  queryTimeoutMsFromEnv(env); // refused here, at start-up, rather than at the first query
  if (DATABASE_URL) return { url: DATABASE_URL, embedded: false };

  const url = await ensureEmbeddedDatabase({
    dataDir: path.join(CHORUS_DATA_DIR, "pgdata"),
    port: CHORUS_DB_PORT,
  });
  return { url, embedded: true };
}
