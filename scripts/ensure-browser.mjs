// Makes sure a Chromium exists for the browser tests, installing one if not:
// Playwright's own build where its download server is reachable, otherwise
// Debian's `chromium` package (as root, with apt-get). Prints what it uses.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

const SYSTEM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

function found() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) {
    return process.env.CHROMIUM_PATH;
  }
  return (
    SYSTEM.find(existsSync) ??
    (existsSync(chromium.executablePath()) ? chromium.executablePath() : null)
  );
}

function attempt(command, args) {
  try {
    execFileSync(command, args, { stdio: "inherit" });
    return true;
  } catch {
    return false;
  }
}

let browser = found();
if (!browser) {
  console.log("chorus: no Chromium found; trying `playwright install chromium`");
  attempt(process.execPath, ["node_modules/@playwright/test/cli.js", "install", "chromium"]);
  browser = found();
}
if (!browser && process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
  console.log("chorus: trying Debian's chromium package");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env });
  browser = found();
}
if (!browser) {
  console.error(
    "chorus: could not install a Chromium for the browser tests. Install one " +
      "(`npx playwright install chromium`, or your system's chromium) and set CHROMIUM_PATH.",
  );
  process.exit(1);
}
console.log(`chorus: browser tests use ${browser}`);
