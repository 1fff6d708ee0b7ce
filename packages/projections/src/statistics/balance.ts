import { mean, sampleVariance } from "simple-statistics";

import { assertFiniteValues } from "./before-after.js";

/**
 * Balance of a covariate between a treated and a comparison group: the standardised mean
 * difference (SMD), (mean treated − mean comparison) / SD, where SD = √((s²_treated + s²_comparison) / 2)
 * is taken before matching and kept for the matched groups, so that a fall in the SMD is a fall in
 * the difference and not a change of scale (Austin 2009, Stuart 2010; docs/statistics.md). For a
 * 0/1 indicator the variances are p(1 − p). An |SMD| below 0.1 is the usual mark of balance.
 */

/** The usual threshold of a negligible imbalance (Austin 2009). */
export const BALANCED_SMD = 0.1;

/** A covariate's means in two groups and their standardised difference (null: undefined, a group is empty or the scale is 0). */
export interface CovariateBalance {
  readonly treatedMean: number | null;
  readonly comparisonMean: number | null;
  readonly standardisedMeanDifference: number | null;
}

/** One covariate before and after matching. */
export interface BalanceRow {
  readonly covariate: string;
  readonly beforeMatching: CovariateBalance;
  readonly afterMatching: CovariateBalance;
}

/** The spread an SMD divides by: √((s²_a + s²_b) / 2), with the population variance p(1 − p) for indicators. */
export function balanceScale(treated: readonly number[], comparison: readonly number[], indicator: boolean): number {
  const variance = (values: readonly number[]): number => {
    if (values.length === 0) return 0;
    if (indicator) {
      const p = mean(values);
      return p * (1 - p);
    }
    return values.length < 2 ? 0 : sampleVariance(values);
  };
  return Math.sqrt((variance(treated) + variance(comparison)) / 2);
}

/** Means of both groups and their difference over `scale`. */
export function covariateBalance(treated: readonly number[], comparison: readonly number[], scale: number): CovariateBalance {
  const treatedMean = treated.length === 0 ? null : mean(treated);
  const comparisonMean = comparison.length === 0 ? null : mean(comparison);
  const standardisedMeanDifference =
    treatedMean === null || comparisonMean === null || !(scale > 0) ? null : (treatedMean - comparisonMean) / scale;
  return { treatedMean, comparisonMean, standardisedMeanDifference };
}

/** A covariate's values in the four groups a balance table compares. */
export interface CovariateValues {
  readonly covariate: string;
  /** A 0/1 indicator (an equity category) rather than a measure. */
  readonly indicator: boolean;
  readonly treatedBefore: readonly number[];
  readonly poolBefore: readonly number[];
  readonly treatedAfter: readonly number[];
  readonly comparisonAfter: readonly number[];
}

/**
 * A balance row: before matching (every treated person against the whole pool) and after (the
 * matched pairs). Throws a `RangeError` naming the group and position of a value that is not finite.
 */
export function balanceRow(values: CovariateValues): BalanceRow {
  // Malformed input throws, as everywhere in statistics/: a NaN would otherwise reach the report.
  for (const group of ["treatedBefore", "poolBefore", "treatedAfter", "comparisonAfter"] as const) {
    assertFiniteValues(values[group], group);
  }
  const scale = balanceScale(values.treatedBefore, values.poolBefore, values.indicator);
  return {
    covariate: values.covariate,
    beforeMatching: covariateBalance(values.treatedBefore, values.poolBefore, scale),
    afterMatching: covariateBalance(values.treatedAfter, values.comparisonAfter, scale),
  };
}
