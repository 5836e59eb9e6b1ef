import { EnvironmentError, readEnvironment, type Environment } from "../../lib/config/environment";
import { exitWithError } from "../../lib/util/exit-with-error";

/**
 * The environment's values for a command-line entry point, checked before
 * it does anything: a malformed variable ends the process with one line
 * (`chorus: PORT must be …`) on stderr and exit code 1, not a stack trace.
 */
export function readEnvironmentOrExit(env: NodeJS.ProcessEnv = process.env): Environment {
  try {
    return readEnvironment(env);
  } catch (error) {
    if (error instanceof EnvironmentError) exitWithError(error);
    throw error;
  }
}
