import { describe, expect, it } from "vitest";

import {
  bootstrapMeanInterval,
  bootstrapStratifiedInterval,
  createSeededRandom,
  DEFAULT_RESAMPLE_INDIVIDUALLY_UP_TO,
  differenceInDifferences,
  summariseChange,
  type BeforeAfter,
  type SeededRandom,
} from "../../src/statistics/index.js";

function expectEstimate<R extends { readonly kind: string }>(result: R): Extract<R, { kind: "estimate" }> {
  if (result.kind !== "estimate") throw new Error(`expected an estimate, got ${JSON.stringify(result)}`);
  return result as Extract<R, { kind: "estimate" }>;
}

/** A Poisson count by inversion (small means only, as GP appointments in a window are). */
function poisson(random: SeededRandom, mean: number): number {
  const limit = Math.exp(-mean);
  let count = 0;
  let product = random.uniform();
  while (product > limit) {
    count += 1;
    product *= random.uniform();
  }
  return count;
}

/**
 * Skewed, paired counts like GP appointments before and after an index date: each person's usual
 * level is exponential (many low users, a long tail of high ones), observed with Poisson noise.
 */
function skewedPairs(seed: number, n: number, effect: number): BeforeAfter[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: n }, () => {
    const usual = -Math.log(1 - random.uniform()) * 3;
    return { before: poisson(random, usual), after: poisson(random, Math.max(0, usual + effect)) };
  });
}

const EXACT = { resampleIndividuallyUpTo: Number.POSITIVE_INFINITY } as const;

/**
 * Interval ends from the normal limit and from the exact bootstrap, both at 4000 resamples, differ by
 * their two Monte Carlo errors (each about 2% of the half-width for a 2.5% quantile) plus the normal
 * limit's skewness error, O(1/√n): 10% of the half-width is four to five standard errors.
 */
function expectSameInterval(
  large: { lower: number; upper: number; estimate: number },
  exact: { lower: number; upper: number; estimate: number },
): void {
  const halfWidth = (exact.upper - exact.lower) / 2;
  expect(halfWidth).toBeGreaterThan(0);
  expect(large.estimate).toBeCloseTo(exact.estimate, 9);
  expect(Math.abs(large.lower - exact.lower)).toBeLessThan(0.1 * halfWidth);
  expect(Math.abs(large.upper - exact.upper)).toBeLessThan(0.1 * halfWidth);
}

describe("the bootstrap of means for large groups (resample means drawn from their normal limit)", () => {
  it("gives the exact bootstrap's difference-in-differences interval on skewed counts, 3000 people a group", () => {
    const treated = skewedPairs(1, 3000, -0.8);
    const comparison = skewedPairs(2, 3000, 0);
    const options = { seed: 5, resamples: 4000 };
    const large = expectEstimate(differenceInDifferences(treated, comparison, options));
    const exact = expectEstimate(differenceInDifferences(treated, comparison, { ...options, ...EXACT }));
    expectSameInterval({ estimate: large.estimate, ...large.bootstrap }, { estimate: exact.estimate, ...exact.bootstrap });
  });

  it("gives the exact bootstrap's mean-change and percentage-change intervals, 2500 people", () => {
    const pairs = skewedPairs(3, 2500, -0.5);
    const options = { seed: 11, resamples: 4000 };
    const large = expectEstimate(summariseChange(pairs, options));
    const exact = expectEstimate(summariseChange(pairs, { ...options, ...EXACT }));
    expectSameInterval(large.meanChange, exact.meanChange);
    expectSameInterval(expectEstimate(large.percentChange), expectEstimate(exact.percentChange));
  });

  it("mixes a small group resampled person by person with a large one from its normal limit", () => {
    const treated = skewedPairs(4, 150, -1);
    const comparison = skewedPairs(5, 4000, 0);
    const options = { seed: 8, resamples: 4000 };
    const mixed = expectEstimate(differenceInDifferences(treated, comparison, options));
    const exact = expectEstimate(differenceInDifferences(treated, comparison, { ...options, ...EXACT }));
    expectSameInterval({ estimate: mixed.estimate, ...mixed.bootstrap }, { estimate: exact.estimate, ...exact.bootstrap });
  });

  it("resamples groups up to the limit person by person, exactly as the generic stratified bootstrap", () => {
    const sample = skewedPairs(6, DEFAULT_RESAMPLE_INDIVIDUALLY_UP_TO, 0).map((pair) => pair.before);
    const options = { seed: 21, resamples: 300 };
    const viaMeans = expectEstimate(bootstrapMeanInterval(sample, options));
    const generic = expectEstimate(
      bootstrapStratifiedInterval<[number]>([sample], ([resampled]) => resampled.reduce((t, v) => t + v, 0) / resampled.length, options),
    );
    // Integer counts: every sum is exact, so the same draws give the same replicates to the last bit.
    expect(viaMeans).toEqual(generic);
  });

  it("keeps nominal coverage at large n: the true mean change inside 95% intervals in 90-99% of 200 samples", () => {
    const data = createSeededRandom(77);
    let covered = 0;
    for (let repetition = 0; repetition < 200; repetition += 1) {
      // Change per person: exponential usual level of change noise around a true mean of -0.6.
      const pairs = Array.from({ length: 1500 }, () => {
        const before = -Math.log(1 - data.uniform()) * 4;
        return { before, after: before - 0.6 + data.normal(0, 1.5) * (before / 4 + 0.2) };
      });
      const interval = expectEstimate(summariseChange(pairs, { seed: repetition, resamples: 500 })).meanChange;
      if (interval.lower <= -0.6 && -0.6 <= interval.upper) covered += 1;
    }
    expect(covered / 200).toBeGreaterThanOrEqual(0.9);
    expect(covered / 200).toBeLessThanOrEqual(0.99);
  });

  it("reports an unstable percentage change when a drawn baseline is not positive, as the exact bootstrap does", () => {
    // 1200 people, one with a single appointment before: resample baselines are often zero.
    const pairs = Array.from({ length: 1200 }, (_, index) => ({ before: index === 0 ? 1 : 0, after: index % 3 }));
    const summary = expectEstimate(summariseChange(pairs, { seed: 2, resamples: 500 }));
    expect(summary.percentChange).toMatchObject({ kind: "insufficient-data", reason: "statistic-undefined" });
  });

  it("refuses a limit that is not a non-negative integer or Infinity", () => {
    expect(() => bootstrapMeanInterval([1, 2, 3], { seed: 1, resampleIndividuallyUpTo: -1 })).toThrow(/resampleIndividuallyUpTo/);
    expect(() => bootstrapMeanInterval([1, 2, 3], { seed: 1, resampleIndividuallyUpTo: 2.5 })).toThrow(RangeError);
  });
});
