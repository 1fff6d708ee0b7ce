import fc from "fast-check";
import { mean, sampleStandardDeviation } from "simple-statistics";
import { describe, expect, it } from "vitest";

import { balanceRow, balanceScale, covariateBalance } from "../../src/statistics/index.js";

describe("standardised mean differences", () => {
  it("divides the difference in means by the pre-matching pooled standard deviation, before and after matching", () => {
    const row = balanceRow({
      covariate: "use",
      indicator: false,
      treatedBefore: [10, 12, 14],
      poolBefore: [2, 4, 6, 8],
      treatedAfter: [10, 12],
      comparisonAfter: [9, 12],
    });
    // SD before: √((4 + 6.667) / 2) = 2.3094; before: (12 − 5) / 2.3094; after: (11 − 10.5) / 2.3094.
    const scale = Math.sqrt((4 + 20 / 3) / 2);
    expect(row.beforeMatching.standardisedMeanDifference).toBeCloseTo(7 / scale, 12);
    expect(row.afterMatching.standardisedMeanDifference).toBeCloseTo(0.5 / scale, 12);
    expect(row.afterMatching.treatedMean).toBeCloseTo(11, 12);
  });

  it("uses p(1 − p) for an indicator, and says nothing (null) for an empty group or a zero scale", () => {
    expect(balanceScale([1, 0], [1, 1, 0, 0], true)).toBeCloseTo(0.5, 12);
    expect(covariateBalance([], [1], 1).standardisedMeanDifference).toBeNull();
    expect(covariateBalance([3, 3], [3, 3], 0).standardisedMeanDifference).toBeNull();
  });

  it("is zero for identical groups and changes sign when the groups swap", () => {
    const values = fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 2, maxLength: 30 });
    fc.assert(
      fc.property(values, values, (a, b) => {
        const scale = balanceScale(a, b, false);
        fc.pre(scale > 1e-6);
        expect(covariateBalance(a, a, scale).standardisedMeanDifference).toBeCloseTo(0, 9);
        const ab = covariateBalance(a, b, scale).standardisedMeanDifference!;
        const ba = covariateBalance(b, a, scale).standardisedMeanDifference!;
        expect(ab + ba).toBeCloseTo(0, 9);
        const pooled = Math.sqrt((sampleStandardDeviation(a) ** 2 + sampleStandardDeviation(b) ** 2) / 2);
        expect(Math.abs(ab * pooled - (mean(a) - mean(b)))).toBeLessThan(1e-6 * (1 + Math.abs(mean(a) - mean(b))));
      }),
    );
  });

  it("refuses a value that is not a finite number, naming the group and position, rather than reporting NaN", () => {
    const row = { covariate: "age", indicator: false, treatedBefore: [1, 2], poolBefore: [1, 2], treatedAfter: [1], comparisonAfter: [2] };
    expect(() => balanceRow({ ...row, treatedBefore: [1, Number.NaN] })).toThrow(/treatedBefore\[1\]/);
    expect(() => balanceRow({ ...row, comparisonAfter: [Number.NEGATIVE_INFINITY] })).toThrow(/comparisonAfter\[0\]/);
  });
});
