import { z } from "zod";

const schema = z.coerce.number().int().min(100).default(10_000);

/**
 * `CHORUS_DB_QUERY_TIMEOUT_MS`: how long one query may wait for the
 * server's answer, in ms (>= 100; 10 s unless set). Throws one line naming
 * the variable when it is malformed.
 */
export function queryTimeoutMsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const parsed = schema.safeParse(env.CHORUS_DB_QUERY_TIMEOUT_MS);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid CHORUS_DB_QUERY_TIMEOUT_MS: ${issue.message}`);
  }
  return parsed.data;
}
