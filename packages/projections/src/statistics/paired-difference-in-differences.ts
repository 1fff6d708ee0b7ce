import { sampleStandardDeviation } from "simple-statistics";

import { assertFinitePairs, beforeAfterMeans, type BeforeAfter } from "./before-after.js";
import { estimateOf, resolveBootstrapOptions, undefinedInResamplesDetail, type BootstrapOptions } from "./bootstrap.js";
import { differenceInDifferencesEstimate, type DifferenceInDifferencesResult } from "./difference-in-differences.js";
import { insufficientData, MINIMUM_OBSERVATIONS } from "./insufficient-data.js";
import { bootstrapMeans } from "./means-bootstrap.js";

/** A matched pair's before/after values: the treated person's and their comparator's. */
export interface MatchedBeforeAfter {
  readonly treated: BeforeAfter;
  readonly comparison: BeforeAfter;
}

/**
 * Difference in differences over matched pairs: the mean over pairs of (treated change − comparator
 * change). The pair is the unit: the bootstrap resamples pairs (matching was without replacement,
 * so pairs are independent; Austin & Small 2014), and the normal interval uses the standard error of
 * the mean per-pair difference, SD / √pairs. `n` counts persons (2 per pair); `treated.n` and
 * `comparison.n` count pairs. Insufficient data with fewer than two pairs.
 */
export function pairedDifferenceInDifferences(
  pairs: readonly MatchedBeforeAfter[],
  options: BootstrapOptions,
): DifferenceInDifferencesResult {
  const treated = pairs.map((pair) => pair.treated);
  const comparison = pairs.map((pair) => pair.comparison);
  assertFinitePairs(treated, "treated");
  assertFinitePairs(comparison, "comparison");
  const resolved = resolveBootstrapOptions(options);
  const n = 2 * pairs.length;
  if (pairs.length < MINIMUM_OBSERVATIONS) {
    return insufficientData(
      "too-few-observations",
      `there ${pairs.length === 1 ? "is 1 matched pair" : `are ${String(pairs.length)} matched pairs`}; at least ${String(MINIMUM_OBSERVATIONS)} are needed`,
      n,
    );
  }
  const differences = pairs.map((pair) => pair.treated.after - pair.treated.before - (pair.comparison.after - pair.comparison.before));
  // The differences are derived, not input: finite values can still overflow to ±Infinity, which is a
  // statistic that is not finite (insufficient data, as in differenceInDifferences), not a bad argument.
  const run = bootstrapMeans([[Float64Array.from(differences)]], [(means) => means[0]![0]!], resolved);
  const interval = estimateOf(run, 0, n, resolved, undefinedInResamplesDetail);
  if (interval.kind === "insufficient-data") return interval;
  const treatedMeans = beforeAfterMeans(treated);
  const comparisonMeans = beforeAfterMeans(comparison);
  const estimate = interval.estimate;
  const standardError = sampleStandardDeviation(differences) / Math.sqrt(pairs.length);
  return differenceInDifferencesEstimate({
    estimate,
    treated: { n: pairs.length, ...treatedMeans },
    comparison: { n: pairs.length, ...comparisonMeans },
    n,
    interval,
    standardError,
    confidence: resolved.confidence,
  });
}
