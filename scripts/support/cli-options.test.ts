import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { InvalidArgumentError } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import {
  decimalOption,
  INT4_MAX,
  integerOption,
  parseStrictInteger,
  unwritableFileProblem,
  unwritableFolderProblem,
} from "./cli-options";

describe("parseStrictInteger", () => {
  it.each([
    ["0", 0],
    ["5", 5],
    ["007", 7],
    ["65535", 65535],
    [String(INT4_MAX), INT4_MAX],
  ])("accepts %j", (value, expected) => {
    expect(parseStrictInteger(value, 0, INT4_MAX)).toBe(expected);
  });

  it.each([
    "",
    " ",
    " 5",
    "5 ",
    "+5",
    "0x10",
    "1e3",
    "1.0",
    "1.5",
    "abc",
    "5abc",
    "Infinity",
    "-0",
  ])("refuses %j where negatives are not allowed", (value) => {
    expect(parseStrictInteger(value, 0, INT4_MAX)).toBeNull();
  });

  it("takes a leading minus only where the minimum is negative", () => {
    expect(parseStrictInteger("-3", -10, 10)).toBe(-3);
    expect(parseStrictInteger("-3", 0, 10)).toBeNull();
    expect(parseStrictInteger("--3", -10, 10)).toBeNull();
    expect(parseStrictInteger("-", -10, 10)).toBeNull();
  });

  it("refuses values outside the bounds and beyond exact integers", () => {
    expect(parseStrictInteger("11", 0, 10)).toBeNull();
    expect(parseStrictInteger("0", 1, 10)).toBeNull();
    expect(parseStrictInteger(String(INT4_MAX + 1), 0, INT4_MAX)).toBeNull();
    expect(parseStrictInteger("99999999999999999999", 0, Number.MAX_SAFE_INTEGER)).toBeNull();
  });
});

describe("integerOption", () => {
  it("names the option, its range and the value in one line", () => {
    const port = integerOption("--port", 0, 65535);
    expect(port("8080")).toBe(8080);
    expect(() => port("70000")).toThrow(InvalidArgumentError);
    expect(() => port("70000")).toThrow('--port must be an integer from 0 to 65535 (got "70000").');
    expect(() => integerOption("--runs", 1)("0")).toThrow(
      '--runs must be an integer of 1 or more (got "0").',
    );
  });
});

describe("decimalOption", () => {
  const rate = decimalOption("--tie-rate", (n) => n >= 0 && n < 1, "in [0, 1)");

  it.each([
    ["0", 0],
    ["0.25", 0.25],
    [".5", 0.5],
    ["5e-1", 0.5],
  ])("accepts %j", (value, expected) => {
    expect(rate(value)).toBe(expected);
  });

  it.each(["", " ", "abc", "0x1", "1", "-0.1", "NaN", "Infinity", "0.5 "])(
    "refuses %j",
    (value) => {
      expect(() => rate(value)).toThrow(`--tie-rate must be a number in [0, 1) (got "${value}").`);
    },
  );
});

describe("output paths", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "chorus-cli-options-"));
  const file = path.join(dir, "a-file");
  writeFileSync(file, "x");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("accepts a new file in an existing folder and an existing file", () => {
    expect(unwritableFileProblem(path.join(dir, "new.json"))).toBeNull();
    expect(unwritableFileProblem(file)).toBeNull();
  });

  it("refuses a file below a file, in a missing folder, or a folder", () => {
    expect(unwritableFileProblem(path.join(file, "x.json"))).toBe(
      `${path.join(file, "x.json")}: ${file} is not a folder`,
    );
    expect(unwritableFileProblem(path.join(dir, "missing", "x.json"))).toMatch(
      /folder .*missing does not exist$/,
    );
    expect(unwritableFileProblem(dir)).toBe(`${dir} is a folder`);
  });

  it("accepts a folder that can be made and refuses one below a file", () => {
    expect(unwritableFolderProblem(path.join(dir, "new", "deeper"))).toBeNull();
    expect(unwritableFolderProblem(dir)).toBeNull();
    expect(unwritableFolderProblem(path.join(file, "out"))).toBe(
      `${path.join(file, "out")}: ${file} is not a folder`,
    );
    expect(unwritableFolderProblem(file)).toBe(`${file} is not a folder`);
  });
});
