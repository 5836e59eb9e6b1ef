import { environmentValue } from "../config/environment";

/**
 * `CHORUS_DB_QUERY_TIMEOUT_MS`: how long one query may wait for the
 * server's answer, in ms (>= 100; 10 s unless set). Throws one line naming
 * the variable when it is malformed.
 */
export function queryTimeoutMsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return environmentValue("CHORUS_DB_QUERY_TIMEOUT_MS", env);
}
