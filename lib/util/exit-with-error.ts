/**
 * Ends a command-line process with one clear line instead of a stack trace,
 * e.g. `chorus: cannot reach the database at 127.0.0.1:5432 (connect
 * ECONNREFUSED 127.0.0.1:5432)`.
 */
export function exitWithError(error: unknown): never {
  console.error(`chorus: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
