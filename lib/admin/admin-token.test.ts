import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveAdminToken } from "./admin-token";

const tempDir = () => mkdtempSync(path.join(tmpdir(), "chorus-token-"));

describe("resolveAdminToken", () => {
  it("uses ADMIN_TOKEN when it is long enough", () => {
    const source = resolveAdminToken({ ADMIN_TOKEN: "a-long-enough-secret" }, tempDir());

    expect(source).toEqual({ kind: "env", token: "a-long-enough-secret" });
  });

  it("refuses an ADMIN_TOKEN shorter than 16 characters with a clear message", () => {
    expect(() => resolveAdminToken({ ADMIN_TOKEN: "short" }, tempDir())).toThrow(
      "ADMIN_TOKEN must be at least 16 characters long, with no spaces (got 5 characters)",
    );
  });

  it("refuses a token with spaces, which no Authorization header could carry", () => {
    expect(() => resolveAdminToken({ ADMIN_TOKEN: " ".repeat(16) }, tempDir())).toThrow(
      "with no spaces",
    );
    expect(() => resolveAdminToken({ ADMIN_TOKEN: "two words of a secret" }, tempDir())).toThrow(
      "with no spaces",
    );
  });

  it("generates a random token once into a file only its owner can read", () => {
    const dir = tempDir();

    const first = resolveAdminToken({}, dir);
    const second = resolveAdminToken({}, dir);

    expect(first).toMatchObject({ kind: "file", created: true });
    expect(first.token.length).toBeGreaterThanOrEqual(32);
    expect(second).toMatchObject({ kind: "file", created: false, token: first.token });
    const file = path.join(dir, "admin-token");
    expect(readFileSync(file, "utf8").trim()).toBe(first.token);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("refuses a token file that holds too short a token", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "admin-token"), "tiny\n");

    expect(() => resolveAdminToken({}, dir)).toThrow(/at least 16 characters/);
  });
});
