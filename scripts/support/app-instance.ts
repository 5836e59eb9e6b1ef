import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";

export interface AppInstanceOptions {
  databaseUrl: string;
  /** HTTP port; 0 lets the system choose a free one (read from the log). */
  port?: number;
  /** Run a trainer beside the server (default true, as `npm start`). */
  trainer?: boolean;
  /** Extra environment for the instance (trainer settings, log level). */
  env?: Record<string, string>;
  /** How long to wait for the instance to answer /api/health. */
  startTimeoutMs?: number;
  root?: string;
}

const LOCAL_URL = /- Local:\s+http:\/\/localhost:(\d+)/;

/**
 * One `npm start` in its own process group (web server and trainer), for
 * load, restart and take-over tests. Its output is kept for assertions.
 */
export class AppInstance {
  private log = "";
  private readonly exit: Promise<number | null>;
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly name: string,
  ) {
    const collect = (chunk: Buffer) => {
      this.log += chunk.toString();
      if (this.log.length > 2_000_000) this.log = this.log.slice(-1_000_000);
    };
    child.stdout!.on("data", collect);
    child.stderr!.on("data", collect);
    this.exit = new Promise((resolve) =>
      child.on("exit", (code) => {
        this.exited = true;
        resolve(code);
      }),
    );
  }

  /** Starts an instance and waits until it serves. */
  static async start(name: string, options: AppInstanceOptions): Promise<AppInstance> {
    const root = options.root ?? process.cwd();
    const args = [
      path.join(root, "node_modules/tsx/dist/cli.mjs"),
      "scripts/start.ts",
      "--port",
      String(options.port ?? 0),
      ...(options.trainer === false ? ["--no-trainer"] : []),
    ];
    const child = spawn(process.execPath, args, {
      cwd: root,
      // Its own process group, so that `kill` reaches the server and the
      // trainer at once, as a crash of the machine would.
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...options.env, DATABASE_URL: options.databaseUrl },
    });
    const instance = new AppInstance(child, name);
    try {
      await instance.waitUntilServing(options.startTimeoutMs ?? 180_000);
    } catch (error) {
      await instance.stop();
      throw error;
    }
    return instance;
  }

  /** The URL the instance serves on. */
  get baseUrl(): string {
    const port = LOCAL_URL.exec(this.log)?.[1];
    if (!port) throw new Error(`${this.name} has not reported its port yet`);
    return `http://127.0.0.1:${port}`;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Everything the instance printed so far. */
  output(): string {
    return this.log;
  }

  /** Resolves when the output matches, once it does (after `fromIndex`). */
  async waitForOutput(pattern: RegExp, timeoutMs: number, fromIndex = 0): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.log.slice(fromIndex))) {
      if (this.exited) throw new Error(`${this.name} exited while waiting for ${pattern}`);
      if (Date.now() > deadline) {
        throw new Error(`${this.name}: no ${pattern} within ${timeoutMs} ms\n${this.tail()}`);
      }
      await delay(20);
    }
  }

  /** Sends `signal` to the whole process group (server and trainer). */
  kill(signal: NodeJS.Signals = "SIGKILL"): void {
    try {
      process.kill(-this.pid, signal);
    } catch {
      // Already gone.
    }
  }

  /** Waits for the group leader to exit. */
  async waitForExit(timeoutMs = 30_000): Promise<number | null> {
    const timeout = delay(timeoutMs).then(() => {
      throw new Error(`${this.name} did not exit within ${timeoutMs} ms`);
    });
    return Promise.race([this.exit, timeout]);
  }

  /** Stops gracefully (SIGTERM), and by force after 15 s. */
  async stop(): Promise<void> {
    this.kill("SIGTERM");
    const deadline = Date.now() + 15_000;
    while (this.groupAlive() && Date.now() < deadline) await delay(50);
    if (this.groupAlive()) this.kill("SIGKILL");
    await this.exit;
  }

  /** True while any process of the group (leader or child) is running. */
  groupAlive(): boolean {
    try {
      process.kill(-this.pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  /** Lines the instance logged at level error or above. */
  errorLines(): string[] {
    return this.log.split("\n").filter((line) => /"level":(50|60)/.test(line));
  }

  /** The last lines of output, for error messages. */
  tail(lines = 30): string {
    return this.log.trimEnd().split("\n").slice(-lines).join("\n");
  }

  private async waitUntilServing(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.exited) throw new Error(`${this.name} exited during start-up\n${this.tail()}`);
      if (Date.now() > deadline) {
        throw new Error(`${this.name} did not start within ${timeoutMs} ms\n${this.tail()}`);
      }
      if (LOCAL_URL.test(this.log)) {
        const ok = await fetch(`${this.baseUrl}/api/health`)
          .then((response) => response.ok)
          .catch(() => false);
        if (ok) return;
      }
      await delay(100);
    }
  }
}

/**
 * Starts `count` instances on one database at once (as several `npm start`
 * behind a load balancer would be), each with a trainer unless told
 * otherwise. If any fails to start, the others are stopped again.
 */
export async function startInstances(
  count: number,
  options: AppInstanceOptions,
): Promise<AppInstance[]> {
  const port = options.port ?? 0;
  const started = await Promise.allSettled(
    Array.from({ length: count }, (_, i) =>
      AppInstance.start(`app${i + 1}`, { ...options, port: port === 0 ? 0 : port + i }),
    ),
  );
  const apps = started.flatMap((outcome) =>
    outcome.status === "fulfilled" ? [outcome.value] : [],
  );
  const failed = started.find((outcome) => outcome.status === "rejected");
  if (failed) {
    await Promise.all(apps.map((app) => app.stop()));
    throw (failed as PromiseRejectedResult).reason;
  }
  return apps;
}
