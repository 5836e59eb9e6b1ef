// `npm start`: prepares the database (embedded unless DATABASE_URL is set),
// builds the app if needed, then runs the Next.js server and the trainer.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { resolveAdminToken, type AdminTokenSource } from "../lib/admin/admin-token";
import { prepareDatabase } from "../lib/service/prepare";
import { logger } from "../lib/util/logger";

const program = new Command()
  .name("chorus start")
  .option("-p, --port <port>", "HTTP port", process.env.PORT ?? "3000")
  .option("--no-trainer", "do not run a trainer beside this server")
  .parse();
const { port, trainer } = program.opts<{ port: string; trainer: boolean }>();

let admin: AdminTokenSource;
try {
  admin = resolveAdminToken();
} catch (error) {
  console.error(`chorus: ${(error as Error).message}`);
  process.exit(1);
}
if (admin.kind === "file") {
  logger.info(
    { file: admin.file, created: admin.created },
    "admin token for /admin is in this file",
  );
}

const { url, embedded, prisma } = await prepareDatabase();
await prisma.$disconnect();
logger.info({ embedded, database: embedded ? url : redact(url) }, "database ready");

if (needsBuild()) {
  logger.info("building the app (next build)");
  await runToEnd(nextBin(), ["build"]);
}

const children: ChildProcess[] = [];
const env = { ...process.env, DATABASE_URL: url, ADMIN_TOKEN: admin.token };
children.push(spawn(process.execPath, [nextBin(), "start", "-p", port], { stdio: "inherit", env }));
if (trainer) {
  const tsx = path.resolve("node_modules/tsx/dist/cli.mjs");
  children.push(spawn(process.execPath, [tsx, "scripts/trainer.ts"], { stdio: "inherit", env }));
}
logger.info({ url: `http://localhost:${port}` }, "Chorus is starting");

let stopping = false;
const stop = (code: number) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  // Give children a moment to finish, then exit (stopping the embedded DB).
  setTimeout(() => process.exit(code), 1500).unref();
};
for (const child of children) child.on("exit", (code) => stop(code ?? 1));
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

function nextBin(): string {
  return path.resolve("node_modules/next/dist/bin/next");
}

/** A build is needed when none exists or a source file is newer than it. */
function needsBuild(): boolean {
  const marker = ".next/BUILD_ID";
  if (!existsSync(marker)) return true;
  const built = statSync(marker).mtimeMs;
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((max, entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory())
        return entry.name === "generated" ? max : Math.max(max, newest(full));
      return Math.max(max, statSync(full).mtimeMs);
    }, 0);
  const sources = ["app", "lib"].filter(existsSync).map(newest);
  const files = ["package.json", "next.config.ts"]
    .filter(existsSync)
    .map((f) => statSync(f).mtimeMs);
  return Math.max(...sources, ...files) > built;
}

function runToEnd(bin: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: "inherit" });
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`next ${args[0]} failed`)),
    );
  });
}

function redact(value: string): string {
  return value.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}
