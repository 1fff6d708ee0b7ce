import {
  estimateOf,
  meanChangeOfColumnMeans,
  pairColumns,
  percentChangeOfColumnMeans,
  resolveBootstrapOptions,
  undefinedInResamplesDetail,
  unstablePercentChangeDetail,
  type BootstrapEstimate,
  type BootstrapOptions,
  type BootstrapResult,
} from "./bootstrap.js";
import { assertFinitePairs, beforeAfterMeans, type BeforeAfter } from "./before-after.js";
import { bootstrapMeans } from "./means-bootstrap.js";
import { insufficientData, MINIMUM_OBSERVATIONS, type InsufficientData } from "./insufficient-data.js";

/** Before/after summary of one group, with paired bootstrap intervals. */
export interface ChangeSummary {
  readonly kind: "estimate";
  readonly n: number;
  readonly meanBefore: number;
  readonly meanAfter: number;
  /** Mean per-person change, `meanAfter - meanBefore`, with its paired bootstrap interval. */
  readonly meanChange: BootstrapEstimate;
  /**
   * `(meanAfter - meanBefore) / meanBefore * 100` with its paired bootstrap interval, or
   * insufficient data when the baseline is zero (in the data or in some resample).
   */
  readonly percentChange: BootstrapResult;
}

/** A change summary, or why there is none. */
export type ChangeSummaryResult = ChangeSummary | InsufficientData;

/**
 * Mean before, mean after, mean change and percentage change of a group of persons, each with one
 * before and one after value. Both intervals come from the same paired percentile bootstrap: with
 * the same seed they are computed over the same resamples of persons.
 *
 * This is a single-group before/after comparison. For people referred when their use of a service
 * was unusually high it overstates the effect (regression to the mean); use
 * `differenceInDifferences` against a comparison group for an effect estimate.
 *
 * Insufficient data when there are fewer than two persons. Throws a `RangeError` for a non-finite
 * value or invalid options.
 */
export function summariseChange(pairs: readonly BeforeAfter[], options: BootstrapOptions): ChangeSummaryResult {
  assertFinitePairs(pairs, "pairs");
  const resolved = resolveBootstrapOptions(options);
  if (pairs.length < MINIMUM_OBSERVATIONS) {
    return insufficientData(
      "too-few-observations",
      `the sample has ${String(pairs.length)} ${pairs.length === 1 ? "person" : "persons"}; at least ${String(MINIMUM_OBSERVATIONS)} are needed`,
      pairs.length,
    );
  }

  // One pass gives both intervals over the same resamples, as two bootstraps with the same seed would.
  const run = bootstrapMeans([pairColumns(pairs)], [meanChangeOfColumnMeans, percentChangeOfColumnMeans], resolved);
  const meanChange = estimateOf(run, 0, pairs.length, resolved, undefinedInResamplesDetail);
  if (meanChange.kind === "insufficient-data") {
    // Unreachable for finite data and two or more persons, but the type admits it.
    return meanChange;
  }
  const { meanBefore, meanAfter } = beforeAfterMeans(pairs);
  return {
    kind: "estimate",
    n: pairs.length,
    meanBefore,
    meanAfter,
    meanChange,
    percentChange:
      meanBefore > 0
        ? estimateOf(run, 1, pairs.length, resolved, unstablePercentChangeDetail)
        : insufficientData(
            "non-positive-baseline",
            "the mean before value is not positive, so a percentage change is not defined",
            pairs.length,
          ),
  };
}
