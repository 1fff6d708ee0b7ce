import { sampleVariance } from "simple-statistics";

import { estimateOf, pairColumns, resolveBootstrapOptions, undefinedInResamplesDetail, type BootstrapOptions } from "./bootstrap.js";
import { bootstrapMeans } from "./means-bootstrap.js";
import { assertFinitePairs, beforeAfterMeans, changes, type BeforeAfter, type BeforeAfterMeans } from "./before-after.js";
import { insufficientData, MINIMUM_OBSERVATIONS, type InsufficientData } from "./insufficient-data.js";
import { normalQuantile } from "./normal-quantile.js";

/** Mean before, mean after and mean change of one group. */
export interface GroupChange extends BeforeAfterMeans {
  readonly n: number;
}

/** Stratified percentile bootstrap interval of the difference in differences. */
export interface DifferenceInDifferencesBootstrapInterval {
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
  readonly resamples: number;
  readonly seed: number;
}

/** Normal-approximation interval, `estimate ± z · standardError`, with the Welch standard error. */
export interface DifferenceInDifferencesNormalInterval {
  readonly standardError: number;
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
}

/** The treated group's change less the comparison group's, with its interval. */
export interface DifferenceInDifferences {
  readonly kind: "estimate";
  /** `treated.change - comparison.change`: negative means the measure fell more (or rose less) in the treated group. */
  readonly estimate: number;
  readonly treated: GroupChange;
  readonly comparison: GroupChange;
  /** Persons in both groups. */
  readonly n: number;
  readonly bootstrap: DifferenceInDifferencesBootstrapInterval;
  readonly normalApproximation: DifferenceInDifferencesNormalInterval;
}

/** A difference-in-differences estimate, or why there is none. */
export type DifferenceInDifferencesResult = DifferenceInDifferences | InsufficientData;

/**
 * Difference in differences of a before/after measure between a treated group (for example,
 * people referred to social prescribing) and a comparison group:
 *
 *     estimate = (mean treated after − mean treated before) − (mean comparison after − mean comparison before)
 *
 * Each element of `treated` and `comparison` is one person. Because every person has both values,
 * the estimate equals the difference between the groups' mean per-person changes, and two
 * intervals are reported:
 *
 * - `bootstrap`: stratified percentile bootstrap — persons are resampled with replacement within
 *   their own group (group sizes fixed), each person's pair kept together;
 * - `normalApproximation`: `estimate ± z · SE` with the Welch (unequal-variance) standard error
 *   `SE = √(s²_t / n_t + s²_c / n_c)`, where `s²` is the sample variance of a group's per-person
 *   changes and `z` the standard normal quantile for the confidence level.
 *
 * Insufficient data when either group has fewer than two persons. Throws a `RangeError` for a
 * non-finite value or invalid options.
 */
export function differenceInDifferences(
  treated: readonly BeforeAfter[],
  comparison: readonly BeforeAfter[],
  options: BootstrapOptions,
): DifferenceInDifferencesResult {
  assertFinitePairs(treated, "treated");
  assertFinitePairs(comparison, "comparison");
  const resolved = resolveBootstrapOptions(options);
  const n = treated.length + comparison.length;

  const tooSmall = [
    { name: "treated", size: treated.length },
    { name: "comparison", size: comparison.length },
  ].filter((group) => group.size < MINIMUM_OBSERVATIONS);
  if (tooSmall.length > 0) {
    const described = tooSmall
      .map(({ name, size }) => `the ${name} group has ${String(size)} ${size === 1 ? "person" : "persons"}`)
      .join(" and ");
    return insufficientData("too-few-observations", `${described}; each group needs at least ${String(MINIMUM_OBSERVATIONS)}`, n);
  }

  const treatedMeans = beforeAfterMeans(treated);
  const comparisonMeans = beforeAfterMeans(comparison);
  const estimate = treatedMeans.change - comparisonMeans.change;

  const run = bootstrapMeans(
    [pairColumns(treated), pairColumns(comparison)],
    [(means) => means[0]![1]! - means[0]![0]! - (means[1]![1]! - means[1]![0]!)],
    resolved,
  );
  const interval = estimateOf(run, 0, n, resolved, undefinedInResamplesDetail);
  if (interval.kind === "insufficient-data") {
    // Unreachable for finite data and groups of two or more, but the type admits it.
    return interval;
  }

  const standardError = Math.sqrt(
    sampleVariance(changes(treated)) / treated.length + sampleVariance(changes(comparison)) / comparison.length,
  );
  return differenceInDifferencesEstimate({
    estimate,
    treated: { n: treated.length, ...treatedMeans },
    comparison: { n: comparison.length, ...comparisonMeans },
    n,
    interval,
    standardError,
    confidence: resolved.confidence,
  });
}

/**
 * The estimate with its two intervals, as every difference-in-differences estimator here reports it:
 * the bootstrap's percentile interval and the normal approximation from the standard error.
 */
export function differenceInDifferencesEstimate(parts: {
  readonly estimate: number;
  readonly treated: GroupChange;
  readonly comparison: GroupChange;
  readonly n: number;
  readonly interval: {
    readonly lower: number;
    readonly upper: number;
    readonly confidence: number;
    readonly resamples: number;
    readonly seed: number;
  };
  readonly standardError: number;
  readonly confidence: number;
}): DifferenceInDifferences {
  const { estimate, interval, standardError, confidence } = parts;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  return {
    kind: "estimate",
    estimate,
    treated: parts.treated,
    comparison: parts.comparison,
    n: parts.n,
    bootstrap: {
      lower: interval.lower,
      upper: interval.upper,
      confidence: interval.confidence,
      resamples: interval.resamples,
      seed: interval.seed,
    },
    normalApproximation: { standardError, lower: estimate - z * standardError, upper: estimate + z * standardError, confidence },
  };
}
