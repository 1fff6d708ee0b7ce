import { unsafeSkipN, unsafeUniformIntDistribution, xoroshiro128plus } from "pure-rand";

/**
 * A seeded source of random numbers. Two generators created from the same seed produce the same
 * sequence, so every bootstrap interval and every simulation in Linkwork can be reproduced exactly
 * from its seed.
 *
 * The generator is stateful: each call advances it. Give each computation its own generator
 * (create one per seed) rather than sharing one between computations whose results must be
 * reproducible independently.
 */
export interface SeededRandom {
  /** The seed this generator was created from. */
  readonly seed: number;
  /** A uniformly distributed integer in `[minInclusive, maxInclusive]`. */
  integer(minInclusive: number, maxInclusive: number): number;
  /** A uniformly distributed index into a collection of `length` items: an integer in `[0, length - 1]`. */
  index(length: number): number;
  /** A uniformly distributed number in `[0, 1)` with 53 bits of precision. */
  uniform(): number;
  /** A draw from the standard normal distribution (mean 0, standard deviation 1), by Box–Muller. */
  standardNormal(): number;
  /** A draw from the normal distribution with the given mean and standard deviation. */
  normal(mean: number, standardDeviation: number): number;
}

/** The smallest accepted seed: the generator is seeded from a 32-bit signed integer (a caller validating a seed it takes from users needs the range). */
export const MIN_SEED = -2_147_483_648;
/** The largest accepted seed (see MIN_SEED). */
export const MAX_SEED = 2_147_483_647;

/**
 * Outputs discarded after seeding. xoroshiro128+ seeded from a small integer produces first outputs
 * that are almost linear in the seed (seeds 1, 2, 3 draw neighbouring numbers); discarding a few
 * dozen outputs decorrelates the streams of neighbouring seeds.
 */
const WARM_UP_OUTPUTS = 32;

/**
 * pure-rand's integer distribution, held in a local binding. Under test runners that rewrite imports
 * into property reads of a module object (vitest), calling the import directly costs a lookup per
 * draw, which made bootstraps about six times slower there; in plain Node it makes no difference.
 */
const uniformInt = unsafeUniformIntDistribution;

const TWO_POW_26 = 2 ** 26;
const TWO_POW_27 = 2 ** 27;
const TWO_POW_53 = 2 ** 53;

/**
 * Throws a `RangeError` unless `seed` is a 32-bit signed integer. Larger seeds (such as
 * `Date.now()`) are refused rather than silently truncated, because truncation would make distinct
 * seeds give identical results.
 */
export function assertValidSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < MIN_SEED || seed > MAX_SEED) {
    throw new RangeError(`seed must be an integer between ${MIN_SEED} and ${MAX_SEED}, got ${String(seed)}`);
  }
}

/** Creates a generator (pure-rand xoroshiro128+) from an integer seed. */
export function createSeededRandom(seed: number): SeededRandom {
  assertValidSeed(seed);
  const generator = xoroshiro128plus(seed);
  unsafeSkipN(generator, WARM_UP_OUTPUTS);

  const integer = (minInclusive: number, maxInclusive: number): number => {
    if (!Number.isSafeInteger(minInclusive) || !Number.isSafeInteger(maxInclusive)) {
      throw new RangeError(`integer bounds must be safe integers, got ${String(minInclusive)} and ${String(maxInclusive)}`);
    }
    if (minInclusive > maxInclusive) {
      throw new RangeError(`empty range [${String(minInclusive)}, ${String(maxInclusive)}]`);
    }
    return uniformInt(minInclusive, maxInclusive, generator);
  };

  const uniform = (): number => {
    const high = uniformInt(0, TWO_POW_26 - 1, generator);
    const low = uniformInt(0, TWO_POW_27 - 1, generator);
    return (high * TWO_POW_27 + low) / TWO_POW_53;
  };

  const standardNormal = (): number => {
    // 1 - uniform() lies in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    return radius * Math.cos(2 * Math.PI * uniform());
  };

  return {
    seed,
    integer,
    index: (length: number): number => {
      if (!Number.isSafeInteger(length) || length < 1) {
        throw new RangeError(`length must be a positive integer, got ${String(length)}`);
      }
      return uniformInt(0, length - 1, generator);
    },
    uniform,
    standardNormal,
    normal: (mean: number, standardDeviation: number): number => mean + standardDeviation * standardNormal(),
  };
}
