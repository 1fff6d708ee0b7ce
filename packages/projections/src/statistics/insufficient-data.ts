/**
 * Why a statistic could not be estimated from the data supplied.
 *
 * - `too-few-observations`: a sample or group has fewer than {@link MINIMUM_OBSERVATIONS} persons.
 *   With one person there is no person-to-person variation to resample or to compute a standard
 *   error from, so any interval would be a zero-width interval that falsely suggests certainty.
 * - `non-positive-baseline`: a percentage change was asked for but the mean "before" value is zero
 *   (or negative), so there is nothing to take a percentage of.
 * - `statistic-undefined`: the statistic is not a finite number on the sample itself or on at least
 *   one bootstrap resample (for example, a resample in which every person's "before" value is zero
 *   has no percentage change). The interval would depend on how such resamples were treated, so none
 *   is reported.
 */
export type InsufficientDataReason = "too-few-observations" | "non-positive-baseline" | "statistic-undefined";

/**
 * The result of a statistic that cannot be estimated from the data supplied. Every statistics
 * function returns either `{ kind: "estimate", ... }` or this, never `NaN` and never a throw:
 * shortage of data is an expected outcome for a small service, not an error.
 *
 * (Malformed input — a non-finite value, `before`/`after` arrays of different lengths, or invalid
 * options — is a programming error and does throw a `RangeError`.)
 */
export interface InsufficientData {
  readonly kind: "insufficient-data";
  readonly reason: InsufficientDataReason;
  /** A sentence for a report explaining what was missing. */
  readonly detail: string;
  /** Number of persons supplied (across all groups). */
  readonly n: number;
}

/** The fewest persons a sample (or each group of a comparison) must have for an estimate. */
export const MINIMUM_OBSERVATIONS = 2;

/** The result saying a statistic could not be estimated, and why. */
export function insufficientData(reason: InsufficientDataReason, detail: string, n: number): InsufficientData {
  return { kind: "insufficient-data", reason, detail, n };
}

/** Type guard for the insufficient-data branch of any statistics result. */
export function isInsufficientData<T extends { readonly kind: string }>(result: T | InsufficientData): result is InsufficientData {
  return result.kind === "insufficient-data";
}
