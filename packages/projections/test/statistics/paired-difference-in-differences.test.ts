import fc from "fast-check";
import { mean, sampleStandardDeviation } from "simple-statistics";
import { describe, expect, it } from "vitest";

import {
  differenceInDifferences,
  normalQuantile,
  pairedDifferenceInDifferences,
  type MatchedBeforeAfter,
} from "../../src/statistics/index.js";

const value = fc.double({ min: 0, max: 40, noNaN: true });
const matchedPair = fc.record({
  treated: fc.record({ before: value, after: value }),
  comparison: fc.record({ before: value, after: value }),
});

describe("pairedDifferenceInDifferences", () => {
  it("estimates the same DiD as the groups' means, with the paired standard error SD / √pairs", () => {
    fc.assert(
      fc.property(fc.array(matchedPair, { minLength: 2, maxLength: 30 }), (pairs: MatchedBeforeAfter[]) => {
        const result = pairedDifferenceInDifferences(pairs, { seed: 3, resamples: 200 });
        if (result.kind !== "estimate") throw new Error(result.detail);
        const groups = differenceInDifferences(
          pairs.map((pair) => pair.treated),
          pairs.map((pair) => pair.comparison),
          { seed: 3, resamples: 10 },
        );
        if (groups.kind !== "estimate") throw new Error(groups.detail);
        expect(Math.abs(result.estimate - groups.estimate)).toBeLessThan(1e-9);
        const differences = pairs.map((p) => p.treated.after - p.treated.before - (p.comparison.after - p.comparison.before));
        expect(Math.abs(result.estimate - mean(differences))).toBeLessThan(1e-9);
        const se = sampleStandardDeviation(differences) / Math.sqrt(pairs.length);
        expect(Math.abs(result.normalApproximation.standardError - se)).toBeLessThan(1e-9);
        expect(Math.abs(result.normalApproximation.upper - result.estimate - normalQuantile(0.975) * se)).toBeLessThan(1e-9);
        expect(result.bootstrap.lower).toBeLessThanOrEqual(result.bootstrap.upper);
        expect([result.n, result.treated.n, result.comparison.n]).toEqual([2 * pairs.length, pairs.length, pairs.length]);
      }),
    );
  });

  it("is insufficient data with fewer than two pairs", () => {
    const result = pairedDifferenceInDifferences([{ treated: { before: 1, after: 2 }, comparison: { before: 1, after: 1 } }], { seed: 1 });
    expect(result.kind).toBe("insufficient-data");
    if (result.kind === "insufficient-data") expect(result.detail).toContain("1 matched pair");
  });
});

describe("pairedDifferenceInDifferences with finite values whose differences overflow", () => {
  it("is insufficient data (statistic-undefined), as differenceInDifferences is, not a RangeError naming a field the caller never passed", () => {
    const pairs: MatchedBeforeAfter[] = [
      { treated: { before: -Number.MAX_VALUE, after: Number.MAX_VALUE }, comparison: { before: 0, after: 0 } },
      { treated: { before: 1, after: 2 }, comparison: { before: 1, after: 1 } },
    ];
    const treated = pairs.map((pair) => pair.treated);
    const comparison = pairs.map((pair) => pair.comparison);
    expect(differenceInDifferences(treated, comparison, { seed: 1, resamples: 50 })).toMatchObject({ reason: "statistic-undefined" });
    expect(pairedDifferenceInDifferences(pairs, { seed: 1, resamples: 50 })).toMatchObject({
      kind: "insufficient-data",
      reason: "statistic-undefined",
      n: 4,
    });
  });
});
