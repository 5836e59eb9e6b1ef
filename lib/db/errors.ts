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

/** Network error codes of a server that cannot be found or reached at all. */
const UNREACHABLE_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/**
 * `error` as one line for a person, when it says the database at `url`
 * cannot be reached: `cannot reach the database at host:port (reason)`;
 * else `error` unchanged. The URL's password is never shown.
 */
export function describeDatabaseError(error: unknown, url: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const unreachable =
    isDatabaseUnavailable(error) || (typeof code === "string" && UNREACHABLE_CODES.has(code));
  if (!unreachable) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(`cannot reach the database at ${serverAddress(url)} (${reason})`);
}

/** `host:port` of a postgresql:// URL (port 5432 unless it says otherwise). */
export function serverAddress(url: string): string {
  try {
    const { hostname, port } = new URL(url);
    return `${hostname || "localhost"}:${port || 5432}`;
  } catch {
    return "an unreadable DATABASE_URL";
  }
}
