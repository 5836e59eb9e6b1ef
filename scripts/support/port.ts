import net from "node:net";
import type { Readable, Writable } from "node:stream";

/** The one line `npm start` ends with when its HTTP port is taken. */
export function portInUseMessage(port: number): string {
  return `port ${port} is already in use; stop what uses it or pick another with --port`;
}

/**
 * Null when `port` can be listened on (checked by listening briefly, on all
 * addresses as `next start` does), else why not: one line.
 */
export function portProblem(port: number): Promise<string | null> {
  if (port === 0) return Promise.resolve(null); // the system picks a free one
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") resolve(portInUseMessage(port));
      else resolve(`cannot listen on port ${port} (${error.code ?? error.message})`);
    });
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(null)));
  });
}

/**
 * Copies the Next.js server's stderr to `to`, except its "Failed to start
 * server" report (with a stack trace) of a port taken after `portProblem`
 * looked: that is held back, and once `from` has ended `portTaken()` says
 * whether it came. Any other failure report is copied on.
 */
export function watchServerErrors(from: Readable, to: Writable): { portTaken(): boolean } {
  let held: string | null = null;
  let partial = "";
  let taken = false;
  from.setEncoding("utf8");
  from.on("data", (chunk: string) => {
    const lines = (partial + chunk).split(/(?<=\n)/);
    partial = lines.at(-1)!.endsWith("\n") ? "" : lines.pop()!;
    for (const line of lines) {
      if (held === null && line.includes("Failed to start server")) held = "";
      if (held === null) to.write(line);
      else held += line;
    }
  });
  from.on("end", () => {
    const rest = (held ?? "") + partial;
    taken = held !== null && rest.includes("EADDRINUSE");
    if (!taken && rest) to.write(rest);
  });
  return { portTaken: () => taken };
}
