// `npm start`: checks the environment, prepares the database (embedded
// unless DATABASE_URL is set), builds the app if needed, then runs the
// Next.js server and the trainer.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { chorusCommand } from "./support/cli-options";
import { InvalidArgumentError } from "commander";
import { resolveAdminToken, type AdminTokenSource } from "../lib/admin/admin-token";
import { PORT_RULE, redactUrl } from "../lib/config/environment";
import { exitWithError, prepareDatabase } from "../lib/service/prepare";
import { getWorld } from "../lib/service/world";
import { logger } from "../lib/util/logger";
import { readEnvironmentOrExit } from "./support/environment";
import { ensureBuilt, nextBin } from "./support/next-build";
import { portInUseMessage, portProblem, watchServerErrors } from "./support/port";

const program = chorusCommand()
  .name("chorus start")
  .option("-p, --port <port>", "HTTP port (default: $PORT, else 3000)", (raw) => {
    const port = PORT_RULE.parse(raw);
    if (port === undefined) throw new InvalidArgumentError(`--port must be ${PORT_RULE.allowed}.`);
    return port;
  })
  .option("--no-trainer", "do not run a trainer beside this server")
  .option("--world <file>", "world file (JSON); default: the built-in world")
  .parse();
const options = program.opts<{ port?: number; trainer: boolean; world?: string }>();
const { trainer, world } = options;

// Before anything is migrated or built: a bad value stops here with one line.
// --port wins over PORT, so PORT is not checked when the flag is given.
const settings = readEnvironmentOrExit(
  options.port === undefined ? process.env : { ...process.env, PORT: undefined },
);
const port = options.port ?? settings.PORT;
if (world) process.env.CHORUS_WORLD = path.resolve(world);
try {
  getWorld();
} catch (error) {
  program.error((error as Error).message);
}
const busy = await portProblem(port);
if (busy) exitWithError(busy);

let admin: AdminTokenSource;
try {
  admin = resolveAdminToken();
} catch (error) {
  exitWithError(error);
}
if (admin.kind === "file") {
  logger.info(
    { file: admin.file, created: admin.created },
    "admin token for /admin is in this file",
  );
}

const { url, embedded, prisma } = await prepareDatabase().catch(exitWithError);
await prisma.$disconnect();
logger.info({ embedded, database: embedded ? url : redactUrl(url) }, "database ready");
await ensureBuilt();

const env = {
  NEXT_TELEMETRY_DISABLED: "1",
  ...process.env,
  PORT: String(port),
  DATABASE_URL: url,
  CHORUS_PARENT_PID: String(process.pid),
  ADMIN_TOKEN: admin.token,
};
// Every child stops by itself if this process dies without stopping it.
const preload = ["--import", path.resolve("scripts/support/exit-with-parent.mjs")];
let stopping = false;

const web = spawn(process.execPath, [...preload, nextBin(), "start", "-p", String(port)], {
  stdio: ["inherit", "inherit", "pipe"],
  env,
});
// Another process may still take the port between the check above and now.
const serverErrors = watchServerErrors(web.stderr, process.stderr);
web.on("close", (code) => {
  if (serverErrors.portTaken()) console.error(`chorus: ${portInUseMessage(port)}`);
  stop(code ?? 1);
});
let trainerProcess: ChildProcess | null = trainer ? startTrainer() : null;
logger.info({ url: `http://localhost:${port}`, trainer }, "Chorus is starting");

/**
 * The trainer beside this server. If it crashes the server keeps serving
 * (another instance's trainer may take over meanwhile) and it is restarted.
 */
function startTrainer(): ChildProcess {
  const tsx = path.resolve("node_modules/tsx/dist/cli.mjs");
  const child = spawn(process.execPath, [...preload, tsx, "scripts/trainer.ts"], {
    stdio: "inherit",
    env,
  });
  child.on("exit", (code, signal) => {
    if (stopping) return;
    logger.error({ code, signal }, "trainer exited; restarting it in 2 s");
    setTimeout(() => {
      if (!stopping) trainerProcess = startTrainer();
    }, 2000).unref();
  });
  return child;
}

function stop(code: number): void {
  if (stopping) return;
  stopping = true;
  process.exitCode = code; // also when nothing is left to wait for before the timer below
  web.kill("SIGTERM");
  trainerProcess?.kill("SIGTERM");
  // Give children a moment to finish, then exit (stopping the embedded DB).
  setTimeout(() => process.exit(code), 1500).unref();
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
