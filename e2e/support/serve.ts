// Starts the app for the end-to-end tests on a freshly created database, so
// every run begins from the same state.
import { spawn } from "node:child_process";
import pg from "pg";
import { resolveDatabaseUrl } from "../../lib/db/database-url";

const target = new URL(process.env.DATABASE_URL!);
const database = target.pathname.slice(1);
// The server itself: the embedded one is started here if that is the one.
const server = new URL(target);
server.pathname = "/postgres";
if (server.port === "54329") {
  const { url } = await resolveDatabaseUrl({ ...process.env, DATABASE_URL: undefined });
  server.username = new URL(url).username;
}

const admin = new pg.Client({ connectionString: server.toString() });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${database}`);
await admin.end();

const child = spawn("npx", ["tsx", "scripts/start.ts", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: process.env,
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on("exit", (code) => process.exit(code ?? 0));
