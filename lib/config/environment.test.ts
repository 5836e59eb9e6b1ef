import { describe, expect, it } from "vitest";
import {
  EnvironmentError,
  environmentValue,
  readEnvironment,
  type VariableName,
} from "./environment";

/** The error `readEnvironment(env)` throws. */
function refusal(env: Record<string, string>): Error {
  try {
    readEnvironment(env);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe("readEnvironment", () => {
  it("gives every default when nothing is set", () => {
    expect(readEnvironment({})).toEqual({
      PORT: 3000,
      DATABASE_URL: undefined,
      CHORUS_DATA_DIR: ".chorus",
      CHORUS_DB_PORT: 54_329,
      CHORUS_DB_QUERY_TIMEOUT_MS: 10_000,
      CHORUS_WORLD: undefined,
      CHORUS_LEASE_SECONDS: 300,
      CHORUS_OVERLAP: 1,
      CHORUS_COMPARISON_BUDGET: null,
      CHORUS_TRAIN_MIN_ANSWERS: 4,
      CHORUS_TRAIN_MAX_ANSWERS: 128,
      CHORUS_TRAIN_STEPS: 20,
      CHORUS_TRAINER_POLL_MS: 1000,
      CHORUS_PUBLISH_INTERVAL_MS: 2000,
      CHORUS_TRAINER_NICE: 10,
      CHORUS_TF_BACKEND: "wasm",
      LOG_LEVEL: undefined,
      ADMIN_TOKEN: undefined,
      CHORUS_SECURE_COOKIES: false,
    });
  });

  it("treats an empty value as unset", () => {
    const empty = Object.fromEntries(Object.keys(readEnvironment({})).map((name) => [name, ""]));
    expect(readEnvironment(empty)).toEqual(readEnvironment({}));
  });

  it("ignores variables it does not know", () => {
    expect(readEnvironment({ HOME: "/root", PATH: "" }).PORT).toBe(3000);
  });

  /** Each variable: values it accepts, and what they read as (the text itself if omitted). */
  const accepted: Partial<Record<VariableName, [string, unknown?][]>> = {
    PORT: [
      ["0", 0],
      ["65535", 65_535],
      ["8080", 8080],
      ["007", 7],
    ],
    CHORUS_LEASE_SECONDS: [
      ["10", 10],
      ["86400", 86_400],
    ],
    CHORUS_OVERLAP: [["20", 20]],
    CHORUS_COMPARISON_BUDGET: [
      ["0", 0],
      ["200", 200],
    ],
    CHORUS_DB_QUERY_TIMEOUT_MS: [["100", 100]],
    CHORUS_DB_PORT: [["1024", 1024]],
    CHORUS_TRAIN_STEPS: [["1", 1]],
    CHORUS_PUBLISH_INTERVAL_MS: [["0", 0]],
    CHORUS_TRAINER_NICE: [["19", 19]],
    CHORUS_TF_BACKEND: [["cpu"], ["wasm"]],
    LOG_LEVEL: [["debug"], ["silent"], ["trace"]],
    CHORUS_SECURE_COOKIES: [
      ["true", true],
      ["false", false],
    ],
    DATABASE_URL: [["postgresql://u:p@db:5432/chorus"], ["postgres://db/chorus"]],
    ADMIN_TOKEN: [["sixteen-chars-ok"]],
    CHORUS_WORLD: [["worlds/tiny.json"]],
    CHORUS_DATA_DIR: [["/var/lib/chorus"]],
  };
  const acceptances = Object.entries(accepted).flatMap(([name, pairs]) =>
    pairs.map(([raw, value = raw]) => [name as VariableName, raw, value] as const),
  );

  it.each(acceptances)("accepts %s=%j", (name, raw, value) => {
    expect(readEnvironment({ [name]: raw })[name]).toEqual(value);
  });

  const LEVELS = '"silent", "fatal", "error", "warn", "info", "debug" or "trace"';
  /** Each variable: what its message says is allowed, and values it refuses. */
  const refused: Record<string, [allowed: string, values: string[]]> = {
    PORT: [
      "an integer from 0 to 65535",
      ["-1", "65536", "0x10", "1e3", "12abc", " 5", "5 ", "3000.5", "+80", "Infinity", "three"],
    ],
    CHORUS_LEASE_SECONDS: ["an integer from 10 to 86400", ["abc", "9", "86401", "300s"]],
    CHORUS_OVERLAP: ["an integer from 1 to 20", ["0", "21"]],
    CHORUS_COMPARISON_BUDGET: ["an integer from 0 to 10000000", ["none", "-1", "1e7"]],
    CHORUS_DB_QUERY_TIMEOUT_MS: ["an integer of 100 or more", ["99", "99999999999999999999"]],
    CHORUS_DB_PORT: ["an integer from 1024 to 65535", ["80", "70000"]],
    CHORUS_TRAIN_MIN_ANSWERS: ["an integer of 1 or more", ["0"]],
    CHORUS_TRAIN_MAX_ANSWERS: ["an integer of 1 or more", ["many"]],
    CHORUS_TRAIN_STEPS: ["an integer of 1 or more", ["0", "1e3", "0x10"]],
    CHORUS_TRAINER_POLL_MS: ["an integer of 10 or more", ["5"]],
    CHORUS_PUBLISH_INTERVAL_MS: ["an integer of 0 or more", ["-5", "2.5"]],
    CHORUS_TRAINER_NICE: ["an integer from 0 to 19", ["20", "-1"]],
    CHORUS_TF_BACKEND: ['one of "wasm" or "cpu"', ["gpu", "WASM"]],
    LOG_LEVEL: [`one of ${LEVELS}`, ["verbose", "INFO", "warning"]],
    CHORUS_SECURE_COOKIES: ['"true" or "false"', ["yes", "1", "TRUE"]],
    DATABASE_URL: ["a postgresql:// URL", ["mysql://db/chorus", "localhost:5432", "postgresql://"]],
  };
  const refusals = Object.entries(refused).flatMap(([name, [allowed, values]]) =>
    values.map((raw) => [name, raw, `${name} must be ${allowed} (got ${JSON.stringify(raw)})`]),
  );

  it.each(refusals)("refuses %s=%j in one line", (name, raw, message) => {
    const error = refusal({ [name]: raw });
    expect(error).toBeInstanceOf(EnvironmentError);
    expect(error.message).toBe(message);
  });

  it("says what is allowed and what it got", () => {
    expect(refusal({ CHORUS_LEASE_SECONDS: "abc" }).message).toBe(
      'CHORUS_LEASE_SECONDS must be an integer from 10 to 86400 (got "abc")',
    );
  });

  it("refuses a training round that would take fewer answers than it waits for", () => {
    expect(
      refusal({ CHORUS_TRAIN_MIN_ANSWERS: "200", CHORUS_TRAIN_MAX_ANSWERS: "100" }).message,
    ).toBe('CHORUS_TRAIN_MAX_ANSWERS must be at least CHORUS_TRAIN_MIN_ANSWERS (200) (got "100")');
    // Against the default maximum (128) too.
    expect(refusal({ CHORUS_TRAIN_MIN_ANSWERS: "200" }).message).toContain('(got "128")');
    expect(() =>
      readEnvironment({ CHORUS_TRAIN_MIN_ANSWERS: "100", CHORUS_TRAIN_MAX_ANSWERS: "100" }),
    ).not.toThrow();
  });

  it("never repeats a secret in its message", () => {
    expect(refusal({ ADMIN_TOKEN: "hunter2" }).message).toBe(
      "ADMIN_TOKEN must be at least 16 characters long, with no spaces (got 7 characters)",
    );
    expect(refusal({ DATABASE_URL: "mysql://me:s3cret@db/x" }).message).toBe(
      'DATABASE_URL must be a postgresql:// URL (got "mysql://me:***@db/x")',
    );
  });

  it("keeps a value with a line break on one line", () => {
    expect(refusal({ PORT: "30\n00" }).message).toBe(
      'PORT must be an integer from 0 to 65535 (got "30\\n00")',
    );
  });

  it("names every bad variable, on one line", () => {
    expect(refusal({ PORT: "x", CHORUS_OVERLAP: "0" }).message).toBe(
      'PORT must be an integer from 0 to 65535 (got "x"); ' +
        'CHORUS_OVERLAP must be an integer from 1 to 20 (got "0")',
    );
  });

  it("reads only the variables asked for", () => {
    const env = { PORT: "x", CHORUS_OVERLAP: "3" };
    expect(readEnvironment(env, ["CHORUS_OVERLAP"])).toEqual({ CHORUS_OVERLAP: 3 });
    expect(environmentValue("CHORUS_OVERLAP", env)).toBe(3);
    expect(() => environmentValue("PORT", env)).toThrow("PORT must be");
  });
});
