/** Prisma error codes that mean "the database cannot be reached right now". */
const UNAVAILABLE_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** Driver-adapter error kinds with the same meaning. */
const UNAVAILABLE_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);
/** Node/pg network error codes with the same meaning. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "57P01",
  "57P03",
]);

/**
 * True when `error` says the database is unreachable or went away (as
 * opposed to a bad query): the caller should answer 503 and retry later.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as Record<string, unknown> | undefined, depth = 0; e && depth < 5; depth++) {
    if (
      typeof e.code === "string" &&
      (UNAVAILABLE_CODES.has(e.code) || NETWORK_CODES.has(e.code))
    ) {
      return true;
    }
    const meta = e.meta as
      { driverAdapterError?: { cause?: { kind?: string; code?: string } } } | undefined;
    const cause = meta?.driverAdapterError?.cause;
    if (cause?.kind && UNAVAILABLE_KINDS.has(cause.kind)) return true;
    // A server error that ends the session (shutdown, terminated backend).
    if (cause?.code && NETWORK_CODES.has(cause.code)) return true;
    if (
      typeof e.message === "string" &&
      /Connection terminated|connect ECONNREFUSED|Query read timeout/.test(e.message)
    ) {
      return true;
    }
    e = e.cause as Record<string, unknown> | undefined;
  }
  return false;
}
