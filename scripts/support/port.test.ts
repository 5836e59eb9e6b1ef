import { spawn } from "node:child_process";
import net from "node:net";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { portProblem, watchServerErrors } from "./port";

const servers: net.Server[] = [];
afterEach(() => servers.splice(0).forEach((server) => server.close()));

/** A port something listens on, as another program would hold it. */
async function busyPort(): Promise<number> {
  const server = net.createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, resolve));
  return (server.address() as net.AddressInfo).port;
}

/** Runs `script` in a node process, its stderr through `watchServerErrors`. */
function watched(script: string, port: number) {
  const child = spawn(process.execPath, ["-e", script, String(port)], { stdio: "pipe" });
  const copied = new PassThrough();
  let text = "";
  copied.on("data", (chunk) => (text += chunk));
  const watch = watchServerErrors(child.stderr, copied);
  return new Promise<{ text: string; taken: boolean }>((resolve) =>
    child.on("close", () => resolve({ text, taken: watch.portTaken() })),
  );
}

// What `next start` does when its port is taken (next/dist/server/lib/start-server.js).
const NEXT_LIKE = `
  console.error("   starting");
  const server = require("node:http").createServer();
  server.on("error", (err) => {
    console.error(" \\u2a2f Failed to start server");
    console.error(err);
    process.exit(1);
  });
  server.listen(Number(process.argv[1]));
`;

describe("portProblem", () => {
  it("says a port is in use, in one line", async () => {
    const port = await busyPort();
    expect(await portProblem(port)).toBe(
      `port ${port} is already in use; stop what uses it or pick another with --port`,
    );
  });

  it("finds nothing wrong with a free port, and leaves it free", async () => {
    const port = await busyPort();
    servers.splice(0).forEach((server) => server.close());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await portProblem(port)).toBeNull();
    expect(await portProblem(port)).toBeNull();
    expect(await portProblem(0)).toBeNull();
  });
});

describe("watchServerErrors", () => {
  it("holds back the server's stack trace when its port was taken", async () => {
    const { text, taken } = await watched(NEXT_LIKE, await busyPort());
    expect(taken).toBe(true);
    expect(text).toBe("   starting\n");
  });

  it("copies any other failure on, whole", async () => {
    const script = `console.error("   starting"); console.error(" \\u2a2f Failed to start server"); console.error(new Error("EACCES"));`;
    const { text, taken } = await watched(script, 0);
    expect(taken).toBe(false);
    expect(text).toContain("   starting\n ⨯ Failed to start server\nError: EACCES\n    at ");
  });

  it("copies what the server writes while it runs, line by line", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = "";
    output.on("data", (chunk) => (text += chunk));
    const watch = watchServerErrors(input, output);
    input.write("a warning\nhalf a ");
    input.end("line");
    await new Promise((resolve) => input.on("end", resolve));
    expect(text).toBe("a warning\nhalf a line");
    expect(watch.portTaken()).toBe(false);
  });
});
