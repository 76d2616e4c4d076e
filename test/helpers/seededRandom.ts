import { seededRandom as coreSeededRandom } from '@roomtable/core';

/** The domain's seeded PRNG (mulberry32) with the helpers fuzz and crash tests need; same seed, same run. */
export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (both included). */
  int(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** `length` random bytes. */
  bytes(length: number): Uint8Array;
  /** True with probability `p`. */
  chance(p: number): boolean;
}

/** Creates a {@link SeededRandom}; the seed is printed by tests so a failure can be replayed. */
export function seededRandom(seed: number): SeededRandom {
  const next = coreSeededRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick needs a non-empty array');
      return items[int(0, items.length - 1)]!;
    },
    bytes: (length) => {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i++) out[i] = int(0, 255);
      return out;
    },
    chance: (p) => next() < p,
  };
}

/** The seed of this run: `FUZZ_SEED` if set (to replay a failure), else `fallback`. */
export function seedFromEnv(fallback: number): number {
  const raw = process.env.FUZZ_SEED;
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`FUZZ_SEED must be a whole number; got "${raw}"`);
  return n;
}
