import { mean } from "simple-statistics";

/**
 * One person's value of a measure (for example, GP appointments in a fixed window) before and
 * after a point in time — referral for the treated group, an equivalent index date for a
 * comparison group. Keeping the two values together is what makes the statistics paired.
 */
export interface BeforeAfter {
  readonly before: number;
  readonly after: number;
}

/** Group means of a set of before/after pairs. Needs at least one pair. */
export interface BeforeAfterMeans {
  readonly meanBefore: number;
  readonly meanAfter: number;
  /** `meanAfter - meanBefore`, which equals the mean of the per-person changes. */
  readonly change: number;
}

/** Throws a `RangeError` naming the first value that is not a finite number. */
export function assertFiniteValues(values: readonly number[], label: string): void {
  values.forEach((value, index) => {
    if (!Number.isFinite(value)) {
      throw new RangeError(`${label}[${String(index)}] must be a finite number, got ${String(value)}`);
    }
  });
}

/** Throws a `RangeError` naming the first pair with a value that is not a finite number. */
export function assertFinitePairs(pairs: readonly BeforeAfter[], label: string): void {
  pairs.forEach((pair, index) => {
    if (!Number.isFinite(pair.before) || !Number.isFinite(pair.after)) {
      throw new RangeError(
        `${label}[${String(index)}] must have finite before and after values, got ${String(pair.before)} and ${String(pair.after)}`,
      );
    }
  });
}

/**
 * Pairs up `before[i]` with `after[i]` (position `i` is one person). Throws a `RangeError` if the
 * arrays differ in length, since the pairing would then be meaningless.
 */
export function pairBeforeAfter(before: readonly number[], after: readonly number[]): readonly BeforeAfter[] {
  if (before.length !== after.length) {
    throw new RangeError(
      `before and after must describe the same persons: got ${String(before.length)} before values and ${String(after.length)} after values`,
    );
  }
  return before.map((value, index) => ({ before: value, after: after[index] ?? Number.NaN }));
}

/** Per-person changes, `after - before`. */
export function changes(pairs: readonly BeforeAfter[]): number[] {
  return pairs.map((pair) => pair.after - pair.before);
}

/** Mean before, mean after and their difference. `pairs` must not be empty. */
export function beforeAfterMeans(pairs: readonly BeforeAfter[]): BeforeAfterMeans {
  const meanBefore = mean(pairs.map((pair) => pair.before));
  const meanAfter = mean(pairs.map((pair) => pair.after));
  return { meanBefore, meanAfter, change: meanAfter - meanBefore };
}

/**
 * Percentage change of the means, `(meanAfter - meanBefore) / meanBefore * 100`, or `undefined`
 * when the mean before is not positive (there is nothing to take a percentage of).
 */
export function percentChangeOfMeans(means: BeforeAfterMeans): number | undefined {
  return means.meanBefore > 0 ? (means.change / means.meanBefore) * 100 : undefined;
}
