import seedrandom from "seedrandom";

/**
 * A seeded source of randomness. Everything stochastic in Chorus (worlds,
 * weight initialisation, sampling, simulated annotators) draws from one of
 * these so that a run is reproducible from its seed.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal draw (Box-Muller). */
  normal(): number;
  /** Integer uniform in [0, n). */
  int(n: number): number;
  /** Index drawn with probability proportional to `weights[i]` (>= 0). */
  categorical(weights: ArrayLike<number>): number;
  /** A new independent stream derived from this one. */
  fork(): Rng;
}

/** Creates a reproducible generator from an integer or string seed. */
export function createRng(seed: number | string): Rng {
  const next = seedrandom.alea(String(seed));
  let spareNormal: number | null = null;

  const rng: Rng = {
    uniform: () => next(),
    normal() {
      if (spareNormal !== null) {
        const value = spareNormal;
        spareNormal = null;
        return value;
      }
      const u = 1 - next();
      const v = next();
      const radius = Math.sqrt(-2 * Math.log(u));
      spareNormal = radius * Math.sin(2 * Math.PI * v);
      return radius * Math.cos(2 * Math.PI * v);
    },
    int(n) {
      if (!Number.isInteger(n) || n <= 0) {
        throw new Error(`Expected a positive integer, but got ${n}`);
      }
      return Math.floor(next() * n);
    },
    categorical(weights) {
      let total = 0;
      for (let i = 0; i < weights.length; i++) total += weights[i];
      if (!(total > 0)) {
        throw new Error("Expected weights with a positive sum");
      }
      let target = next() * total;
      for (let i = 0; i < weights.length; i++) {
        target -= weights[i];
        if (target < 0) return i;
      }
      return weights.length - 1;
    },
    fork: () => createRng(next().toString(36).slice(2)),
  };
  return rng;
}

/** Numerically stable log(sum(exp(values))). */
export function logSumExp(values: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]);
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp(values[i] - max);
  return max + Math.log(sum);
}

/** The logistic function 1 / (1 + e^-x), stable for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
