import fc from "fast-check";
import { mean } from "simple-statistics";
import { describe, expect, it } from "vitest";

import { differenceInDifferences, type BeforeAfter } from "../../src/statistics/index.js";

function expectEstimate<R extends { readonly kind: string }>(result: R): Extract<R, { kind: "estimate" }> {
  if (result.kind !== "estimate") throw new Error(`expected an estimate, got ${JSON.stringify(result)}`);
  return result as Extract<R, { kind: "estimate" }>;
}

const TREATED: readonly BeforeAfter[] = [
  { before: 10, after: 8.6 },
  { before: 12, after: 9 },
];
const COMPARISON: readonly BeforeAfter[] = [
  { before: 3.9, after: 4.3 },
  { before: 4, after: 4.5 },
];

const pair = fc.record({
  before: fc.double({ min: 0, max: 50, noNaN: true }),
  after: fc.double({ min: 0, max: 50, noNaN: true }),
});
const group = fc.array(pair, { minLength: 2, maxLength: 25 });
const options = { seed: 1, resamples: 50 };

describe("differenceInDifferences", () => {
  it("matches the hand-computed estimate on a tiny panel", () => {
    // Treated:    before (10 + 12) / 2 = 11,      after (8.6 + 9) / 2 = 8.8,   change 8.8 − 11   = −2.2
    // Comparison: before (3.9 + 4) / 2 = 3.95,    after (4.3 + 4.5) / 2 = 4.4, change 4.4 − 3.95 = +0.45
    // DiD = −2.2 − 0.45 = −2.65
    const result = expectEstimate(differenceInDifferences(TREATED, COMPARISON, { seed: 1 }));
    expect(result.estimate).toBeCloseTo(-2.65, 12);
    expect(result.treated.n).toBe(2);
    expect(result.treated.meanBefore).toBeCloseTo(11, 12);
    expect(result.treated.meanAfter).toBeCloseTo(8.8, 12);
    expect(result.treated.change).toBeCloseTo(-2.2, 12);
    expect(result.comparison.n).toBe(2);
    expect(result.comparison.meanBefore).toBeCloseTo(3.95, 12);
    expect(result.comparison.meanAfter).toBeCloseTo(4.4, 12);
    expect(result.comparison.change).toBeCloseTo(0.45, 12);
    expect(result.n).toBe(4);
  });

  it("matches the hand-computed Welch standard error and normal interval", () => {
    // Per-person changes: treated −1.4 and −3 (mean −2.2), comparison 0.4 and 0.5 (mean 0.45).
    // Sample variances: treated (0.8² + 0.8²) / 1 = 1.28; comparison (0.05² + 0.05²) / 1 = 0.005.
    // SE = √(1.28 / 2 + 0.005 / 2) = √0.6425 ≈ 0.80156; z(0.975) ≈ 1.959964.
    const result = expectEstimate(differenceInDifferences(TREATED, COMPARISON, { seed: 1 }));
    const se = Math.sqrt(0.6425);
    expect(result.normalApproximation.standardError).toBeCloseTo(se, 12);
    expect(result.normalApproximation.lower).toBeCloseTo(-2.65 - 1.959964 * se, 5);
    expect(result.normalApproximation.upper).toBeCloseTo(-2.65 + 1.959964 * se, 5);
    // Hand check: −2.65 ∓ 1.959964 × 0.80156 ≈ −4.2210 and −1.0790.
    expect(result.normalApproximation.lower).toBeCloseTo(-4.221, 3);
    expect(result.normalApproximation.upper).toBeCloseTo(-1.079, 3);
    expect(result.normalApproximation.confidence).toBe(0.95);
  });

  it("reports a bootstrap interval around the estimate, deterministic for a seed", () => {
    const result = expectEstimate(differenceInDifferences(TREATED, COMPARISON, { seed: 9 }));
    expect(result.bootstrap.lower).toBeLessThanOrEqual(result.estimate);
    expect(result.bootstrap.upper).toBeGreaterThanOrEqual(result.estimate);
    expect(result.bootstrap).toMatchObject({ confidence: 0.95, resamples: 2000, seed: 9 });
    // With two persons per group the bootstrap can only produce a few values; every one lies between
    // the most extreme pairings: treated change −3 or −1.4, comparison change 0.4 or 0.5.
    expect(result.bootstrap.lower).toBeGreaterThanOrEqual(-3 - 0.5 - 1e-12);
    expect(result.bootstrap.upper).toBeLessThanOrEqual(-1.4 - 0.4 + 1e-12);
    expect(differenceInDifferences(TREATED, COMPARISON, { seed: 9 })).toEqual(result);
  });

  it("changes its bootstrap interval, not its estimate, with the seed", () => {
    const treated = [3, 5, 8, 2, 9, 4, 7].map((before, i) => ({ before, after: before - (i % 3) }));
    const comparison = [4, 6, 3, 8, 5, 7].map((before, i) => ({ before, after: before + (i % 2) }));
    const a = expectEstimate(differenceInDifferences(treated, comparison, { seed: 1 }));
    const b = expectEstimate(differenceInDifferences(treated, comparison, { seed: 2 }));
    expect(b.estimate).toBe(a.estimate);
    expect(b.normalApproximation).toEqual(a.normalApproximation);
    expect([b.bootstrap.lower, b.bootstrap.upper]).not.toEqual([a.bootstrap.lower, a.bootstrap.upper]);
  });

  it("keeps each person's pair together: constant per-person changes give a zero-width interval", () => {
    // Every treated person falls by 2 and every comparison person rises by 1, so any resample of
    // persons gives −3. Resampling before and after values separately would not.
    const treated = [14, 3, 9, 22, 6].map((before) => ({ before, after: before - 2 }));
    const comparison = [5, 17, 8, 11].map((before) => ({ before, after: before + 1 }));
    const result = expectEstimate(differenceInDifferences(treated, comparison, { seed: 4 }));
    expect(result.estimate).toBeCloseTo(-3, 10);
    expect(result.bootstrap.lower).toBeCloseTo(-3, 10);
    expect(result.bootstrap.upper).toBeCloseTo(-3, 10);
    expect(result.normalApproximation.standardError).toBeCloseTo(0, 10);
  });

  it("honours the confidence level in both intervals", () => {
    const treated = [3, 5, 8, 2, 9, 4, 7, 6].map((before, i) => ({ before, after: before - (i % 4) }));
    const comparison = [4, 6, 3, 8, 5, 7, 2].map((before, i) => ({ before, after: before + (i % 3) - 1 }));
    const narrow = expectEstimate(differenceInDifferences(treated, comparison, { seed: 3, confidence: 0.8 }));
    const wide = expectEstimate(differenceInDifferences(treated, comparison, { seed: 3, confidence: 0.99 }));
    expect(wide.bootstrap.upper - wide.bootstrap.lower).toBeGreaterThan(narrow.bootstrap.upper - narrow.bootstrap.lower);
    // z(0.995) / z(0.9) = 2.5758 / 1.2816
    const ratio =
      (wide.normalApproximation.upper - wide.normalApproximation.lower) /
      (narrow.normalApproximation.upper - narrow.normalApproximation.lower);
    expect(ratio).toBeCloseTo(2.5758293 / 1.2815516, 4);
  });

  it("property: equals the difference between the groups' mean per-person changes", () => {
    fc.assert(
      fc.property(group, group, (treated, comparison) => {
        const result = expectEstimate(differenceInDifferences(treated, comparison, options));
        const meanChange = (g: readonly BeforeAfter[]) => mean(g.map((p) => p.after - p.before));
        expect(result.estimate).toBeCloseTo(meanChange(treated) - meanChange(comparison), 9);
      }),
      { numRuns: 100 },
    );
  });

  it("property: adding a constant to every comparison 'after' value shifts the estimate by minus that constant", () => {
    fc.assert(
      fc.property(group, group, fc.double({ min: -20, max: 20, noNaN: true }), (treated, comparison, k) => {
        const base = expectEstimate(differenceInDifferences(treated, comparison, options));
        const shiftedComparison = comparison.map((p) => ({ before: p.before, after: p.after + k }));
        const shifted = expectEstimate(differenceInDifferences(treated, shiftedComparison, options));
        expect(shifted.estimate).toBeCloseTo(base.estimate - k, 9);
        // The spread of per-person changes is unchanged, so is the Welch standard error.
        expect(shifted.normalApproximation.standardError).toBeCloseTo(base.normalApproximation.standardError, 6);
      }),
      { numRuns: 100 },
    );
  });

  it("property: swapping the groups negates the estimate and the normal interval", () => {
    fc.assert(
      fc.property(group, group, (treated, comparison) => {
        const forward = expectEstimate(differenceInDifferences(treated, comparison, options));
        const swapped = expectEstimate(differenceInDifferences(comparison, treated, options));
        // Exact: IEEE subtraction is antisymmetric and addition commutative (=== treats -0 as 0).
        expect(swapped.estimate === -forward.estimate).toBe(true);
        expect(swapped.normalApproximation.standardError).toBe(forward.normalApproximation.standardError);
        expect(swapped.normalApproximation.lower === -forward.normalApproximation.upper).toBe(true);
        expect(swapped.normalApproximation.upper === -forward.normalApproximation.lower).toBe(true);
        expect(swapped.treated).toEqual(forward.comparison);
      }),
      { numRuns: 100 },
    );
  });

  it("returns insufficient data when either group has fewer than two persons", () => {
    expect(differenceInDifferences([], COMPARISON, { seed: 1 })).toMatchObject({
      kind: "insufficient-data",
      reason: "too-few-observations",
      n: 2,
    });
    expect(differenceInDifferences(TREATED, [], { seed: 1 })).toMatchObject({
      kind: "insufficient-data",
      reason: "too-few-observations",
      n: 2,
    });
    expect(differenceInDifferences([], [], { seed: 1 })).toMatchObject({
      kind: "insufficient-data",
      reason: "too-few-observations",
      n: 0,
    });
    const onePerson = differenceInDifferences(TREATED.slice(0, 1), COMPARISON, { seed: 1 });
    expect(onePerson).toMatchObject({ kind: "insufficient-data", reason: "too-few-observations", n: 3 });
    if (onePerson.kind === "insufficient-data") expect(onePerson.detail).toContain("treated group has 1 person");
  });

  it("throws a RangeError for non-finite values or invalid options", () => {
    expect(() => differenceInDifferences([{ before: 1, after: Number.NaN }, ...TREATED], COMPARISON, { seed: 1 })).toThrow(RangeError);
    expect(() => differenceInDifferences(TREATED, COMPARISON, { seed: 1, confidence: 1.2 })).toThrow(RangeError);
    expect(() => differenceInDifferences([], [], { seed: -1.5 })).toThrow(RangeError);
  });
});
