import { describe, expect, it } from "vitest";
import { runLoadCheck } from "@/scripts/support/load-check";

// CI runs a shortened load; `npm run load` runs the full minute.
const seconds = Number(process.env.CHORUS_LOAD_SECONDS ?? 12);

describe("two app instances on one database under load", () => {
  it(`serves 20 annotators for ${seconds} s storing every acknowledged answer exactly once`, async () => {
    const result = await runLoadCheck({ instances: 2, annotators: 20, durationMs: seconds * 1000 });

    expect(result.problems).toEqual([]);
    expect(result.report.serverErrors).toBe(0);
    expect(result.stored).toBe(result.report.acknowledged.length);
    expect(result.stored).toBeGreaterThan(20);
    expect(result.versionEnd).toBeGreaterThan(result.versionStart);
    expect(result.trainerTakeovers).toBe(1);
  }, 900_000);
});
