import { mean } from "simple-statistics";
import { describe, expect, it } from "vitest";

import {
  createSeededRandom,
  differenceInDifferences,
  summariseChange,
  type BeforeAfter,
  type SeededRandom,
} from "../../src/statistics/index.js";

function expectEstimate<R extends { readonly kind: string }>(result: R): Extract<R, { kind: "estimate" }> {
  if (result.kind !== "estimate") throw new Error(`expected an estimate, got ${JSON.stringify(result)}`);
  return result as Extract<R, { kind: "estimate" }>;
}

/**
 * One group of persons: each has a usual level of use (normal, mean 8, sd 3), observed with noise
 * (sd 2) before and after; between the two periods everyone's use drifts up by 0.5 (a secular
 * trend) and changes by `effect`.
 */
function simulateGroup(random: SeededRandom, n: number, effect: number): BeforeAfter[] {
  return Array.from({ length: n }, () => {
    const usual = random.normal(8, 3);
    return { before: usual + random.normal(0, 2), after: usual + 0.5 + effect + random.normal(0, 2) };
  });
}

describe("interval coverage (simulation with a known effect)", () => {
  it("covers the true difference in differences in roughly 95% of 200 repetitions", () => {
    const trueEffect = -1.5;
    const repetitions = 200;
    const data = createSeededRandom(2024);
    let bootstrapCovers = 0;
    let normalCovers = 0;
    const estimates: number[] = [];
    for (let repetition = 0; repetition < repetitions; repetition += 1) {
      const treated = simulateGroup(data, 50, trueEffect);
      const comparison = simulateGroup(data, 50, 0);
      // 500 resamples rather than the default 2000 to keep the test fast; Monte Carlo error in the
      // interval ends is small next to the sampling variation being checked here.
      const result = expectEstimate(differenceInDifferences(treated, comparison, { seed: repetition, resamples: 500 }));
      estimates.push(result.estimate);
      if (result.bootstrap.lower <= trueEffect && trueEffect <= result.bootstrap.upper) bootstrapCovers += 1;
      const normal = result.normalApproximation;
      if (normal.lower <= trueEffect && trueEffect <= normal.upper) normalCovers += 1;
    }
    // Nominal 95%; with 200 repetitions the standard error of a coverage rate is about 1.5 points.
    // (The percentile bootstrap runs slightly below nominal for small groups, as its variance uses
    // n rather than n − 1: about 94.5% for groups of 50.)
    expect(bootstrapCovers / repetitions).toBeGreaterThanOrEqual(0.9);
    expect(bootstrapCovers / repetitions).toBeLessThanOrEqual(0.99);
    expect(normalCovers / repetitions).toBeGreaterThanOrEqual(0.9);
    expect(normalCovers / repetitions).toBeLessThanOrEqual(0.99);
    // Unbiased: each estimate has a standard error of about 0.57, the mean of 200 about 0.04.
    expect(Math.abs(mean(estimates) - trueEffect)).toBeLessThan(0.16);
  });
});

describe("regression to the mean (why the comparison group matters)", () => {
  /**
   * GP appointments per person in two periods, for people selected because their "before" count
   * was high (referred at a peak). Nobody receives any intervention: the true effect is zero.
   */
  function referredAtPeak(random: SeededRandom, n: number): BeforeAfter[] {
    const count = (usual: number) => Math.max(0, Math.round(usual + random.normal(0, 2.5)));
    const selected: BeforeAfter[] = [];
    while (selected.length < n) {
      const usual = random.normal(6, 2);
      const before = count(usual);
      if (before >= 10) selected.push({ before, after: count(usual) });
    }
    return selected;
  }

  it("a before/after figure shows a large fall with no effect at all; difference in differences does not", () => {
    const random = createSeededRandom(99);
    const referred = referredAtPeak(random, 80);
    const comparison = referredAtPeak(random, 80); // selected the same way, not referred

    const beforeAfter = expectEstimate(summariseChange(referred, { seed: 1 }));
    const percent = expectEstimate(beforeAfter.percentChange);
    // Use falls by about 30% (10.86 to 7.55) and the interval excludes zero: a spurious "effect".
    expect(percent.estimate).toBeLessThan(-20);
    expect(percent.upper).toBeLessThan(-10);
    expect(beforeAfter.meanChange.upper).toBeLessThan(0);

    const did = expectEstimate(differenceInDifferences(referred, comparison, { seed: 1 }));
    expect(Math.abs(did.estimate)).toBeLessThan(Math.abs(beforeAfter.meanChange.estimate) / 3);
    expect(did.bootstrap.lower).toBeLessThanOrEqual(0);
    expect(did.bootstrap.upper).toBeGreaterThanOrEqual(0);
    expect(did.normalApproximation.lower).toBeLessThanOrEqual(0);
    expect(did.normalApproximation.upper).toBeGreaterThanOrEqual(0);
  });
});
