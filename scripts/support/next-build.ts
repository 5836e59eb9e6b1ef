import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import lockfile from "proper-lockfile";
import { logger } from "../../lib/util/logger";

/** The Next.js command-line entry point of this checkout. */
export function nextBin(root = process.cwd()): string {
  return path.join(root, "node_modules/next/dist/bin/next");
}

/**
 * Builds the app (`next build`) unless an up-to-date build exists. Several
 * processes may call this at once (two `npm start`, parallel tests): a lock
 * file makes one build while the others wait and then reuse its output.
 */
export async function ensureBuilt(root = process.cwd()): Promise<void> {
  if (!needsBuild(root)) return;
  const target = path.join(root, ".next-build");
  closeSync(openSync(target, "a"));
  const release = await lockfile.lock(target, {
    stale: 30_000,
    retries: { retries: 600, factor: 1, minTimeout: 1000, maxTimeout: 1000 },
  });
  try {
    if (!needsBuild(root)) return;
    logger.info("building the app (next build)");
    await runToEnd(nextBin(root), ["build"], root);
  } finally {
    await release();
  }
}

/** A build is needed when none exists or a source file is newer than it. */
export function needsBuild(root = process.cwd()): boolean {
  const marker = path.join(root, ".next/BUILD_ID");
  if (!existsSync(marker)) return true;
  const built = statSync(marker).mtimeMs;
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((max, entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        return entry.name === "generated" ? max : Math.max(max, newest(full));
      }
      return Math.max(max, statSync(full).mtimeMs);
    }, 0);
  const sources = ["app", "components", "lib"]
    .map((dir) => path.join(root, dir))
    .filter(existsSync)
    .map(newest);
  const files = ["package.json", "next.config.ts", "proxy.ts"]
    .map((file) => path.join(root, file))
    .filter(existsSync)
    .map((file) => statSync(file).mtimeMs);
  return Math.max(...sources, ...files) > built;
}

function runToEnd(bin: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      stdio: ["ignore", "inherit", "inherit"],
      env: { NEXT_TELEMETRY_DISABLED: "1", ...process.env },
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`next ${args[0]} failed (exit ${code})`)),
    );
  });
}
