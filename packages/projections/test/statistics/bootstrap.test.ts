import fc from "fast-check";
import { max, mean, median, min, sampleStandardDeviation } from "simple-statistics";
import { describe, expect, it } from "vitest";

import {
  bootstrapInterval,
  bootstrapMeanInterval,
  bootstrapPercentChange,
  bootstrapStratifiedInterval,
  createSeededRandom,
  DEFAULT_CONFIDENCE,
  DEFAULT_RESAMPLES,
  type BootstrapResult,
} from "../../src/statistics/index.js";

function expectEstimate<R extends { readonly kind: string }>(result: R): Extract<R, { kind: "estimate" }> {
  if (result.kind !== "estimate") throw new Error(`expected an estimate, got ${JSON.stringify(result)}`);
  return result as Extract<R, { kind: "estimate" }>;
}

function width(result: BootstrapResult): number {
  const estimate = expectEstimate(result);
  return estimate.upper - estimate.lower;
}

function normalSample(seed: number, n: number, mu: number, sd: number): number[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: n }, () => random.normal(mu, sd));
}

/** Rounding slack for comparing means of resamples with the sample's extremes. */
function slack(sample: readonly number[]): number {
  return 1e-9 * (1 + Math.max(...sample.map(Math.abs)));
}

const SAMPLE = [2, 4, 4, 4, 5, 5, 7, 9];

describe("bootstrapMeanInterval", () => {
  it("estimates the hand-computed mean and an interval around it", () => {
    // (2 + 4 + 4 + 4 + 5 + 5 + 7 + 9) / 8 = 40 / 8 = 5
    const result = expectEstimate(bootstrapMeanInterval(SAMPLE, { seed: 1 }));
    expect(result.estimate).toBe(5);
    expect(result.lower).toBeLessThan(5);
    expect(result.upper).toBeGreaterThan(5);
    expect(result.lower).toBeGreaterThanOrEqual(2);
    expect(result.upper).toBeLessThanOrEqual(9);
    expect(result).toMatchObject({
      n: 8,
      resamples: DEFAULT_RESAMPLES,
      confidence: DEFAULT_CONFIDENCE,
      seed: 1,
    });
  });

  it("gives the ideal bootstrap's percentile interval for two persons: the two values themselves", () => {
    // The ideal bootstrap enumerates all n^n resamples (Efron & Tibshirani, An Introduction to the
    // Bootstrap, 1993, ch. 6). For [0, 10] the resample mean is 0, 5 or 10 with probabilities
    // 1/4, 1/2, 1/4, so its 2.5% and 97.5% quantiles are 0 and 10; 2000 resamples put about 500
    // draws on each end, far above the 50 the 2.5% quantile needs.
    for (const result of [
      bootstrapMeanInterval([0, 10], { seed: 7 }),
      bootstrapInterval([0, 10], (resampled) => mean(resampled), { seed: 7 }),
    ]) {
      expect(expectEstimate(result)).toMatchObject({ estimate: 5, lower: 0, upper: 10 });
    }
  });

  it("is deterministic for a seed and changes with the seed", () => {
    const first = bootstrapMeanInterval(SAMPLE, { seed: 2024 });
    expect(bootstrapMeanInterval(SAMPLE, { seed: 2024 })).toEqual(first);
    const other = expectEstimate(bootstrapMeanInterval(SAMPLE, { seed: 2025 }));
    const same = expectEstimate(first);
    expect(other.estimate).toBe(same.estimate);
    expect([other.lower, other.upper]).not.toEqual([same.lower, same.upper]);
  });

  it("agrees with mean ± 1.96·sd/√n on a large normal sample", () => {
    const sample = normalSample(7, 2000, 50, 10);
    const result = expectEstimate(bootstrapMeanInterval(sample, { seed: 8, resamples: 4000 }));
    const halfWidth = (1.959964 * sampleStandardDeviation(sample)) / Math.sqrt(sample.length);
    expect(halfWidth).toBeGreaterThan(0.4); // ≈ 0.44 for sd 10, n 2000
    // Tolerance 0.05 per endpoint (about 11% of the half-width, five Monte Carlo standard errors of
    // a 2.5% quantile from 4000 resamples).
    expect(result.lower).toBeCloseTo(mean(sample) - halfWidth, 1);
    expect(Math.abs(result.lower - (mean(sample) - halfWidth))).toBeLessThan(0.05);
    expect(Math.abs(result.upper - (mean(sample) + halfWidth))).toBeLessThan(0.05);
  });

  it("narrows as the sample grows", () => {
    const small = width(bootstrapMeanInterval(normalSample(3, 25, 10, 4), { seed: 1 }));
    const large = width(bootstrapMeanInterval(normalSample(3, 400, 10, 4), { seed: 1 }));
    // Width scales as 1/√n: 16 times the persons, about a quarter of the width.
    expect(large).toBeLessThan(small / 2.5);
  });

  it("widens with the confidence level over the same resamples", () => {
    const sample = normalSample(9, 60, 5, 2);
    expect(width(bootstrapMeanInterval(sample, { seed: 4, confidence: 0.99 }))).toBeGreaterThan(
      width(bootstrapMeanInterval(sample, { seed: 4, confidence: 0.8 })),
    );
  });

  it("property: lower ≤ estimate ≤ upper, all within [min, max] of the sample", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 40 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (sample, seed) => {
          const result = expectEstimate(bootstrapMeanInterval(sample, { seed, resamples: 200 }));
          const tolerance = slack(sample);
          expect(result.lower).toBeLessThanOrEqual(result.estimate + tolerance);
          expect(result.estimate).toBeLessThanOrEqual(result.upper + tolerance);
          expect(result.lower).toBeGreaterThanOrEqual(min(sample) - tolerance);
          expect(result.upper).toBeLessThanOrEqual(max(sample) + tolerance);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("property: the same persons sixteen times over give an interval at most 0.6 times as wide", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 2, maxLength: 30 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (sample, seed) => {
          const repeated = Array.from({ length: 16 }, () => sample).flat();
          const original = width(bootstrapMeanInterval(sample, { seed, resamples: 400 }));
          const grown = width(bootstrapMeanInterval(repeated, { seed, resamples: 400 }));
          if (original === 0) expect(grown).toBe(0);
          else expect(grown).toBeLessThanOrEqual(0.6 * original);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("returns insufficient data, not NaN or a throw, for no persons or one person", () => {
    expect(bootstrapMeanInterval([], { seed: 1 })).toMatchObject({
      kind: "insufficient-data",
      reason: "too-few-observations",
      n: 0,
    });
    expect(bootstrapMeanInterval([3], { seed: 1 })).toMatchObject({
      kind: "insufficient-data",
      reason: "too-few-observations",
      n: 1,
    });
  });

  it("returns a zero-width interval when every person has the same value", () => {
    expect(bootstrapMeanInterval([0.1, 0.1, 0.1], { seed: 1 })).toMatchObject({
      kind: "estimate",
      lower: mean([0.1, 0.1, 0.1]),
      upper: mean([0.1, 0.1, 0.1]),
    });
  });

  it("throws a RangeError for malformed input or options", () => {
    expect(() => bootstrapMeanInterval([1, Number.NaN], { seed: 1 })).toThrow(RangeError);
    expect(() => bootstrapMeanInterval([1, Number.POSITIVE_INFINITY], { seed: 1 })).toThrow(RangeError);
    expect(() => bootstrapMeanInterval([1, 2], { seed: 1.5 })).toThrow(RangeError);
    expect(() => bootstrapMeanInterval([1, 2], { seed: 1, resamples: 0 })).toThrow(RangeError);
    expect(() => bootstrapMeanInterval([1, 2], { seed: 1, resamples: 10.5 })).toThrow(RangeError);
    expect(() => bootstrapMeanInterval([1, 2], { seed: 1, confidence: 1 })).toThrow(RangeError);
    expect(() => bootstrapMeanInterval([1, 2], { seed: 1, confidence: 0 })).toThrow(RangeError);
    expect(() => bootstrapMeanInterval([1, 2], { seed: 1, confidence: 95 })).toThrow(RangeError);
    expect(() => bootstrapMeanInterval([], { seed: 1, confidence: Number.NaN })).toThrow(RangeError);
  });
});

describe("bootstrapInterval", () => {
  it("bootstraps any statistic, here the median", () => {
    const sample = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1000];
    const result = expectEstimate(bootstrapInterval(sample, median, { seed: 5 }));
    expect(result.estimate).toBe(6);
    expect(result.lower).toBeGreaterThanOrEqual(1);
    // A resample has 1000 as its median only if it is drawn 6 or more times out of 11 (chance below
    // 0.1%), so unlike the mean's the interval stays among the ordinary values.
    expect(result.upper).toBeLessThanOrEqual(10);
    expect(expectEstimate(bootstrapMeanInterval(sample, { seed: 5 })).upper).toBeGreaterThan(100);
  });

  it("equals the mean bootstrap when the statistic is the mean", () => {
    expect(bootstrapInterval(SAMPLE, mean, { seed: 6 })).toEqual(bootstrapMeanInterval(SAMPLE, { seed: 6 }));
  });

  it("reports a statistic that is not finite on some resample as insufficient data", () => {
    const result = bootstrapInterval([1, 2, 3], (s) => (s.includes(1) ? 1 : Number.NaN), { seed: 1 });
    expect(result).toMatchObject({ kind: "insufficient-data", reason: "statistic-undefined", n: 3 });
  });
});

describe("bootstrapStratifiedInterval", () => {
  it("keeps every group's size and draws each group only from its own persons", () => {
    const treated = ["t1", "t2", "t3"];
    const comparison = ["c1", "c2", "c3", "c4", "c5"];
    const seen: (readonly string[])[] = [];
    const result = bootstrapStratifiedInterval<[string, string]>(
      [treated, comparison],
      ([t, c]) => {
        seen.push(t, c);
        expect(t).toHaveLength(3);
        expect(c).toHaveLength(5);
        expect(t.every((id) => treated.includes(id))).toBe(true);
        expect(c.every((id) => comparison.includes(id))).toBe(true);
        return t.filter((id) => id === "t1").length - c.filter((id) => id === "c1").length;
      },
      { seed: 3, resamples: 100 },
    );
    expect(result).toMatchObject({ kind: "estimate", estimate: 0, n: 8, resamples: 100 });
    expect(seen).toHaveLength(2 + 2 * 100); // the data once, then every resample
  });

  it("needs two persons in every group", () => {
    const result = bootstrapStratifiedInterval<[number, number]>([[1, 2, 3], [4]], ([a, b]) => mean(a) - mean(b), { seed: 1 });
    expect(result).toMatchObject({ kind: "insufficient-data", reason: "too-few-observations", n: 4 });
  });
});

describe("bootstrapPercentChange", () => {
  it("computes the hand-computed percentage change of the means", () => {
    // mean before (10 + 20) / 2 = 15, mean after (5 + 15) / 2 = 10, (10 − 15) / 15 × 100 = −33.33…%
    const result = expectEstimate(bootstrapPercentChange([10, 20], [5, 15], { seed: 1 }));
    expect(result.estimate).toBeCloseTo(-100 / 3, 12);
    expect(result.n).toBe(2);
  });

  it("keeps each person's before and after together when resampling", () => {
    // Everyone halves, so every resample of persons shows exactly −50%. Resampling before and after
    // values independently would give a wide interval.
    const before = [2, 8, 14, 30, 4, 10, 6];
    const after = before.map((value) => value / 2);
    expect(bootstrapPercentChange(before, after, { seed: 1 })).toMatchObject({
      kind: "estimate",
      estimate: -50,
      lower: -50,
      upper: -50,
    });
  });

  it("is deterministic for a seed", () => {
    const before = [5, 7, 9, 4, 12, 8];
    const after = [4, 7, 5, 4, 8, 9];
    expect(bootstrapPercentChange(before, after, { seed: 77 })).toEqual(bootstrapPercentChange(before, after, { seed: 77 }));
    const result = expectEstimate(bootstrapPercentChange(before, after, { seed: 77 }));
    expect(result.lower).toBeLessThanOrEqual(result.estimate);
    expect(result.estimate).toBeLessThanOrEqual(result.upper);
  });

  it("returns insufficient data for too few persons, a zero baseline, or unstable resamples", () => {
    expect(bootstrapPercentChange([], [], { seed: 1 })).toMatchObject({
      kind: "insufficient-data",
      reason: "too-few-observations",
      n: 0,
    });
    expect(bootstrapPercentChange([4], [2], { seed: 1 })).toMatchObject({
      kind: "insufficient-data",
      reason: "too-few-observations",
      n: 1,
    });
    expect(bootstrapPercentChange([0, 0], [1, 2], { seed: 1 })).toMatchObject({
      kind: "insufficient-data",
      reason: "non-positive-baseline",
      n: 2,
    });
    // Only one person has a non-zero baseline: about a third of resamples leave them out.
    expect(bootstrapPercentChange([0, 0, 0, 4], [1, 1, 1, 1], { seed: 1 })).toMatchObject({
      kind: "insufficient-data",
      reason: "statistic-undefined",
      n: 4,
    });
  });

  it("throws a RangeError when before and after describe different numbers of persons", () => {
    expect(() => bootstrapPercentChange([1, 2, 3], [1, 2], { seed: 1 })).toThrow(RangeError);
    expect(() => bootstrapPercentChange([1, 2], [1, Number.NaN], { seed: 1 })).toThrow(RangeError);
  });
});
