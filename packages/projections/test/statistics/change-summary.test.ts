import { describe, expect, it } from "vitest";

import { bootstrapInterval, bootstrapPercentChange, summariseChange, type BeforeAfter } from "../../src/statistics/index.js";

function expectEstimate<R extends { readonly kind: string }>(result: R): Extract<R, { kind: "estimate" }> {
  if (result.kind !== "estimate") throw new Error(`expected an estimate, got ${JSON.stringify(result)}`);
  return result as Extract<R, { kind: "estimate" }>;
}

const PAIRS: readonly BeforeAfter[] = [
  { before: 6, after: 4 },
  { before: 9, after: 7 },
  { before: 3, after: 4 },
  { before: 12, after: 5 },
];

describe("summariseChange", () => {
  it("matches the hand-computed means, change and percentage change", () => {
    // before (6 + 9 + 3 + 12) / 4 = 7.5; after (4 + 7 + 4 + 5) / 4 = 5; change 5 − 7.5 = −2.5;
    // percentage −2.5 / 7.5 × 100 = −33.33…%
    const summary = expectEstimate(summariseChange(PAIRS, { seed: 1 }));
    expect(summary.n).toBe(4);
    expect(summary.meanBefore).toBe(7.5);
    expect(summary.meanAfter).toBe(5);
    expect(summary.meanChange.estimate).toBe(-2.5);
    const percent = expectEstimate(summary.percentChange);
    expect(percent.estimate).toBeCloseTo(-100 / 3, 12);
    // Per-person changes are −2, −2, +1, −7: every resample's mean change lies between −7 and +1.
    expect(summary.meanChange.lower).toBeGreaterThanOrEqual(-7);
    expect(summary.meanChange.upper).toBeLessThanOrEqual(1);
    expect(summary.meanChange.lower).toBeLessThan(-2.5);
    expect(summary.meanChange.upper).toBeGreaterThan(-2.5);
    expect(percent.lower).toBeLessThan(percent.estimate);
    expect(percent.upper).toBeGreaterThan(percent.estimate);
  });

  it("uses the same resamples as the standalone bootstraps with the same seed", () => {
    const options = { seed: 12, resamples: 500, confidence: 0.9 };
    const summary = expectEstimate(summariseChange(PAIRS, options));
    expect(summary.percentChange).toEqual(
      bootstrapPercentChange(
        PAIRS.map((p) => p.before),
        PAIRS.map((p) => p.after),
        options,
      ),
    );
    expect(summary.meanChange).toEqual(bootstrapInterval(PAIRS, (s) => s.reduce((t, p) => t + p.after - p.before, 0) / s.length, options));
  });

  it("is deterministic for a seed and its interval changes with the seed", () => {
    // Four persons give only a few distinct resample means; twelve give enough for seeds to differ.
    const pairs = [5, 9, 3, 12, 7, 4, 10, 6, 8, 11, 2, 9].map((before, i) => ({
      before,
      after: before + ((i * 7) % 5) - 3,
    }));
    expect(summariseChange(pairs, { seed: 3 })).toEqual(summariseChange(pairs, { seed: 3 }));
    const a = expectEstimate(summariseChange(pairs, { seed: 3 }));
    const b = expectEstimate(summariseChange(pairs, { seed: 4 }));
    expect(b.meanChange.estimate).toBe(a.meanChange.estimate);
    expect([a.meanChange.lower, a.meanChange.upper]).not.toEqual([b.meanChange.lower, b.meanChange.upper]);
  });

  it("returns insufficient data for no persons or one person", () => {
    expect(summariseChange([], { seed: 1 })).toMatchObject({
      kind: "insufficient-data",
      reason: "too-few-observations",
      n: 0,
    });
    expect(summariseChange([{ before: 4, after: 2 }], { seed: 1 })).toMatchObject({
      kind: "insufficient-data",
      reason: "too-few-observations",
      n: 1,
    });
  });

  it("still reports the mean change when the percentage change is undefined", () => {
    const summary = expectEstimate(
      summariseChange(
        [
          { before: 0, after: 2 },
          { before: 0, after: 1 },
          { before: 0, after: 0 },
        ],
        { seed: 1 },
      ),
    );
    expect(summary.meanChange.estimate).toBe(1);
    expect(summary.percentChange).toMatchObject({ kind: "insufficient-data", reason: "non-positive-baseline" });
  });

  it("throws a RangeError for non-finite values or invalid options", () => {
    expect(() => summariseChange([{ before: 1, after: Number.NaN }], { seed: 1 })).toThrow(RangeError);
    expect(() => summariseChange(PAIRS, { seed: 1, resamples: -1 })).toThrow(RangeError);
  });
});
