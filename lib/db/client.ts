import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { environmentValue } from "../config/environment";
import { PrismaClient } from "./generated/client";

export type { PrismaClient } from "./generated/client";

export interface PrismaOptions {
  /** Connections in the pool (>= 1). */
  poolSize?: number;
  /**
   * How long one query may wait for the server's answer, in ms (>= 100);
   * default `CHORUS_DB_QUERY_TIMEOUT_MS` or 10 s. Bounds how long a request
   * hangs when the server stops answering without closing the connection.
   */
  queryTimeoutMs?: number;
}

const QUERY_TIMEOUT_MESSAGE = "Query read timeout";

/**
 * A pooled pg client that never wedges or leaks its pool slot when the
 * server stops answering or goes away.
 *
 * - When a query times out, pg only abandons it: the connection stays busy
 *   with it and every later query on it would queue behind the lost
 *   answer. This client closes the connection instead.
 * - When the connection is lost inside a transaction, Prisma sends ROLLBACK,
 *   which fails, and then never hands the connection back to the pool (its
 *   transaction manager releases only after a successful ROLLBACK), so
 *   every outage would cost the pool a slot for good. This client hands
 *   itself back when its connection ends, and ignores the late release.
 */
class ResilientPoolClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.closeOnQueryTimeout();
    this.releaseWhenLost();
  }

  private closeOnQueryTimeout(): void {
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    const closeOnTimeout = (error: unknown) => {
      if (error instanceof Error && error.message === QUERY_TIMEOUT_MESSAGE) {
        this.connection.stream.destroy();
      }
    };
    this.query = ((...args: unknown[]) => {
      const last = args.length - 1;
      if (typeof args[last] === "function") {
        const callback = args[last] as (error: unknown, result: unknown) => void;
        args[last] = (error: unknown, result: unknown) => {
          closeOnTimeout(error);
          callback(error, result);
        };
        return query(...args);
      }
      const result = query(...args);
      if (result instanceof Promise) result.catch(closeOnTimeout);
      return result;
    }) as typeof this.query;
  }

  private releaseWhenLost(): void {
    // pg-pool assigns `release` at each checkout; keep it, and let it run
    // once, whether the connection's end or the borrower calls it first.
    let pending: ((error?: Error | boolean) => void) | null = null;
    Object.defineProperty(this, "release", {
      configurable: true,
      get: () => (error?: Error | boolean) => {
        const release = pending;
        pending = null;
        release?.(error);
      },
      set: (release: (error?: Error | boolean) => void) => {
        pending = release;
      },
    });
    this.on("end", () => {
      (this as unknown as pg.PoolClient).release(new Error("connection lost"));
    });
  }
}

/** A Prisma client for `url`, through the `pg` driver adapter. */
export function createPrisma(url: string, options: PrismaOptions = {}): PrismaClient {
  const { poolSize = 10, queryTimeoutMs = environmentValue("CHORUS_DB_QUERY_TIMEOUT_MS") } =
    options;
  const adapter = new PrismaPg({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 5_000,
    query_timeout: queryTimeoutMs,
    keepAlive: true,
    Client: ResilientPoolClient,
  });
  return new PrismaClient({ adapter });
}
