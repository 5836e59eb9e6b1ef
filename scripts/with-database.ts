// Runs a command with DATABASE_URL pointing at a PostgreSQL server: the one
// already in DATABASE_URL, or the embedded server, started here once for the
// whole command and stopped after it. Used by `npm test`.
import { spawn } from "node:child_process";
import { resolveDatabaseUrl } from "../lib/db/database-url";
import { logger } from "../lib/util/logger";

const command = process.argv.slice(2).join(" ");
if (!command) {
  console.error("usage: tsx scripts/with-database.ts <command>");
  process.exit(2);
}

const { url, embedded } = await resolveDatabaseUrl();
if (embedded) logger.info({ url }, "tests use the embedded database");

const child = spawn(command, {
  shell: true,
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: url },
});
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
