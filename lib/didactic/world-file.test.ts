import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_WORLD } from "./default-world";
import { loadWorldFile, parseWorld, WorldFileError } from "./world-file";

const WORLDS = path.resolve(import.meta.dirname, "../../worlds");

describe("world files", () => {
  it("loads every shipped world, the default among them", () => {
    const files = readdirSync(WORLDS).filter((f) => f.endsWith(".json"));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      const world = loadWorldFile(path.join(WORLDS, file));
      expect(world.key).toBe(file.replace(/\.json$/, ""));
    }
    expect(loadWorldFile(path.join(WORLDS, "default.json")).spec).toEqual(DEFAULT_WORLD);
  });

  it("names the field of an invalid world", () => {
    const broken = (patch: (spec: typeof DEFAULT_WORLD) => unknown) => () =>
      parseWorld(patch(structuredClone(DEFAULT_WORLD)), "test.json");

    expect(broken((s) => ({ ...s, responseLength: 0 }))).toThrow(/"responseLength"/);
    expect(
      broken((s) => {
        s.population[1].weight = -1;
        return s;
      }),
    ).toThrow(/invalid field "population\.1\.weight": must be positive/);
    expect(
      broken((s) => {
        s.population[0].taste.shared.glorious = 1;
        return s;
      }),
    ).toThrow(/"population\.0\.taste\.shared\.glorious": is not in the vocabulary/);
    expect(broken((s) => ({ ...s, vocabulary: ["a", "a"] }))).toThrow(
      /"vocabulary": words must be distinct/,
    );
    expect(broken((s) => ({ ...s, extra: true }))).toThrow(/test\.json: invalid field/);
    // Text PostgreSQL could not store is refused before it reaches a row.
    expect(broken((s) => ({ ...s, prompts: ["a\u0000b"] }))).toThrow(
      /"prompts\.0": must not contain NUL characters/,
    );
    expect(
      broken((s) => {
        s.population[0].name = "\ud800";
        return s;
      }),
    ).toThrow(/"population\.0\.name": must be valid Unicode/);
    expect(broken(() => "not an object")).toThrow(WorldFileError);
  });

  it("says clearly when the file is missing or not JSON", () => {
    expect(() => loadWorldFile("/nonexistent/world.json")).toThrow(/cannot read the world file/);
    expect(() => loadWorldFile(path.resolve(import.meta.dirname, "world-file.ts"))).toThrow(
      /not valid JSON/,
    );
  });
});
