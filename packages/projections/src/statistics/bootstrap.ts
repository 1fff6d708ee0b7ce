import { quantile } from "simple-statistics";

import { assertFinitePairs, assertFiniteValues, beforeAfterMeans, pairBeforeAfter, type BeforeAfter } from "./before-after.js";
import { insufficientData, MINIMUM_OBSERVATIONS, type InsufficientData } from "./insufficient-data.js";
import { assertValidSeed, createSeededRandom, type SeededRandom } from "./seeded-random.js";
import {
  bootstrapMeans,
  DEFAULT_RESAMPLE_INDIVIDUALLY_UP_TO,
  type MeanGroup,
  type MeansBootstrapRun,
  type MeansStatistic,
} from "./means-bootstrap.js";

/** Options shared by every bootstrap in this module. */
export interface BootstrapOptions {
  /** Seed of the random generator: the same data, options and seed always give the same interval. */
  readonly seed: number;
  /** Number of bootstrap resamples. Defaults to {@link DEFAULT_RESAMPLES}. */
  readonly resamples?: number;
  /** Coverage of the interval, strictly between 0 and 1. Defaults to {@link DEFAULT_CONFIDENCE}. */
  readonly confidence?: number;
  /**
   * Statistics of means only (means, changes, percentage changes, differences in differences): groups
   * of at most this many persons are resampled person by person; a larger group's resample means are
   * drawn from their normal limit, so the cost stays O(persons) at any number of resamples. Defaults to
   * {@link DEFAULT_RESAMPLE_INDIVIDUALLY_UP_TO}; `Infinity` always resamples person by person.
   */
  readonly resampleIndividuallyUpTo?: number;
}

/** Resamples when the options give none: enough for stable 95% percentile bounds. */
export const DEFAULT_RESAMPLES = 2000;
/** Interval coverage when the options give none. */
export const DEFAULT_CONFIDENCE = 0.95;

/** {@link BootstrapOptions} with defaults filled in and validated. */
export interface ResolvedBootstrapOptions {
  readonly seed: number;
  readonly resamples: number;
  readonly confidence: number;
  readonly resampleIndividuallyUpTo: number;
}

/** A point estimate with its percentile bootstrap interval. */
export interface BootstrapEstimate {
  readonly kind: "estimate";
  /** The statistic computed on the data as supplied (not an average over resamples). */
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  /** Number of persons (across all groups, for a stratified bootstrap). */
  readonly n: number;
  readonly resamples: number;
  readonly confidence: number;
  readonly seed: number;
}

/** A bootstrap estimate with its interval, or why there is none. */
export type BootstrapResult = BootstrapEstimate | InsufficientData;

/** A statistic of one sample, such as its mean. Receives a fresh array; must not rely on its identity. */
export type Statistic<T> = (sample: readonly T[]) => number;

/** One array of items per stratum (group), as a tuple: `[treated, comparison]`. */
export type Strata<T extends readonly unknown[]> = { readonly [K in keyof T]: readonly T[K][] };

/**
 * Fills in defaults and validates. Throws a `RangeError` for a seed that is not a 32-bit integer,
 * a number of resamples that is not a positive integer, or a confidence not strictly between 0 and 1.
 */
export function resolveBootstrapOptions(options: BootstrapOptions): ResolvedBootstrapOptions {
  const {
    seed,
    resamples = DEFAULT_RESAMPLES,
    confidence = DEFAULT_CONFIDENCE,
    resampleIndividuallyUpTo = DEFAULT_RESAMPLE_INDIVIDUALLY_UP_TO,
  } = options;
  assertValidSeed(seed);
  if (!Number.isSafeInteger(resamples) || resamples < 1) {
    throw new RangeError(`resamples must be a positive integer, got ${String(resamples)}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must be strictly between 0 and 1, got ${String(confidence)}`);
  }
  if (!(
    resampleIndividuallyUpTo === Number.POSITIVE_INFINITY ||
    (Number.isSafeInteger(resampleIndividuallyUpTo) && resampleIndividuallyUpTo >= 0)
  )) {
    throw new RangeError(`resampleIndividuallyUpTo must be a non-negative integer or Infinity, got ${String(resampleIndividuallyUpTo)}`);
  }
  return { seed, resamples, confidence, resampleIndividuallyUpTo };
}

/**
 * Stratified percentile bootstrap: each resample draws, independently within every stratum, as many
 * items as the stratum holds, with replacement; `statistic` is computed on the resampled strata; the
 * interval is the `(1 - confidence) / 2` and `(1 + confidence) / 2` quantiles of those values
 * (linear interpolation between order statistics, as `simple-statistics`' `quantile`).
 *
 * Each item is one person, so whatever a person carries (a before/after pair) stays together.
 * Strata keep their sizes, so a comparison of two groups is never resampled into a different
 * balance of treated and comparison persons.
 *
 * Returns insufficient data when any stratum has fewer than two items, or when the statistic is not
 * a finite number on the data or on any resample.
 */
export function bootstrapStratifiedInterval<T extends readonly unknown[]>(
  strata: Strata<T>,
  statistic: (resampled: Strata<T>) => number,
  options: BootstrapOptions,
): BootstrapResult {
  return runBootstrap(strata, statistic, resolveBootstrapOptions(options), undefinedInResamplesDetail);
}

/**
 * Percentile bootstrap interval of any statistic of one sample, resampling items (persons) with
 * replacement. See {@link bootstrapStratifiedInterval} for the details and the insufficient-data rule.
 */
export function bootstrapInterval<T>(sample: readonly T[], statistic: Statistic<T>, options: BootstrapOptions): BootstrapResult {
  return bootstrapStratifiedInterval<[T]>([sample], ([resampled]) => statistic(resampled), options);
}

/**
 * Percentile bootstrap interval of the mean of `sample` (one value per person).
 * Throws a `RangeError` if a value is not finite.
 */
export function bootstrapMeanInterval(sample: readonly number[], options: BootstrapOptions): BootstrapResult {
  assertFiniteValues(sample, "sample");
  const resolved = resolveBootstrapOptions(options);
  if (sample.length < MINIMUM_OBSERVATIONS) return tooFewInSample(sample.length);
  const run = bootstrapMeans([[Float64Array.from(sample)]], [(means) => means[0]![0]!], resolved);
  return estimateOf(run, 0, sample.length, resolved, undefinedInResamplesDetail);
}

/**
 * Percentage change of the means, `(mean(after) - mean(before)) / mean(before) * 100`, with a paired
 * percentile bootstrap interval: `before[i]` and `after[i]` belong to person `i`, and resampling
 * draws persons, keeping each person's two values together.
 *
 * Insufficient data when there are fewer than two persons, when the mean before is not positive,
 * or when some resample has a mean before that is not positive (too few persons with a non-zero
 * baseline for the percentage to be stable). Throws a `RangeError` if the arrays differ in length or hold a
 * non-finite value.
 */
export function bootstrapPercentChange(before: readonly number[], after: readonly number[], options: BootstrapOptions): BootstrapResult {
  const pairs = pairBeforeAfter(before, after);
  assertFinitePairs(pairs, "pairs");
  const resolved = resolveBootstrapOptions(options);
  if (pairs.length >= MINIMUM_OBSERVATIONS && beforeAfterMeans(pairs).meanBefore <= 0) {
    return insufficientData(
      "non-positive-baseline",
      "the mean before value is not positive, so a percentage change is not defined",
      pairs.length,
    );
  }
  if (pairs.length < MINIMUM_OBSERVATIONS) return tooFewInSample(pairs.length);
  const run = bootstrapMeans([pairColumns(pairs)], [percentChangeOfColumnMeans], resolved);
  return estimateOf(run, 0, pairs.length, resolved, unstablePercentChangeDetail);
}

/** The before and after values of `pairs` as the two columns of a {@link MeanGroup}. */
export function pairColumns(pairs: readonly BeforeAfter[]): MeanGroup {
  return [Float64Array.from(pairs, (pair) => pair.before), Float64Array.from(pairs, (pair) => pair.after)];
}

/** Mean change of the first group's `pairColumns`. */
export const meanChangeOfColumnMeans: MeansStatistic = (means) => means[0]![1]! - means[0]![0]!;

/** Percentage change of the first group's `pairColumns` means, NaN when the mean before is not positive. */
export const percentChangeOfColumnMeans: MeansStatistic = (means) => {
  const before = means[0]![0]!;
  return before > 0 ? ((means[0]![1]! - before) / before) * 100 : Number.NaN;
};

/** Why a percentage change has no interval when some resample's baseline is not positive. */
export function unstablePercentChangeDetail(undefinedResamples: number, resamples: number): string {
  return `the mean before value was not positive in ${String(undefinedResamples)} of ${String(resamples)} bootstrap resamples, so the percentage change is unstable: more persons with a non-zero before value are needed`;
}

/** Statistic `index` of a {@link bootstrapMeans} run as a result: its estimate and interval, or why there is none. */
export function estimateOf(
  run: MeansBootstrapRun,
  index: number,
  n: number,
  options: ResolvedBootstrapOptions,
  describeUndefinedResamples: (undefinedResamples: number, resamples: number) => string,
): BootstrapResult {
  const estimate = run.estimates[index]!;
  const interval = run.intervals[index]!;
  if (!Number.isFinite(estimate)) {
    return insufficientData("statistic-undefined", "the statistic is not a finite number for the data supplied", n);
  }
  if ("undefinedResamples" in interval) {
    return insufficientData("statistic-undefined", describeUndefinedResamples(interval.undefinedResamples, options.resamples), n);
  }
  return {
    kind: "estimate",
    estimate,
    lower: interval.lower,
    upper: interval.upper,
    n,
    resamples: options.resamples,
    confidence: options.confidence,
    seed: options.seed,
  };
}

function tooFewInSample(size: number): InsufficientData {
  return insufficientData(
    "too-few-observations",
    `the sample has ${String(size)} ${size === 1 ? "person" : "persons"}; at least ${String(MINIMUM_OBSERVATIONS)} are needed for an interval`,
    size,
  );
}

/** Why a statistic has no interval when it was not finite on some resamples. */
export function undefinedInResamplesDetail(undefinedResamples: number, resamples: number): string {
  return `the statistic was not a finite number in ${String(undefinedResamples)} of ${String(resamples)} bootstrap resamples`;
}

function runBootstrap<T extends readonly unknown[]>(
  strata: Strata<T>,
  statistic: (resampled: Strata<T>) => number,
  options: ResolvedBootstrapOptions,
  describeUndefinedResamples: (undefinedResamples: number, resamples: number) => string,
): BootstrapResult {
  const groups: readonly (readonly unknown[])[] = strata;
  const n = groups.reduce((total, group) => total + group.length, 0);
  const smallGroup = groups.findIndex((group) => group.length < MINIMUM_OBSERVATIONS);
  if (groups.length === 0 || smallGroup !== -1) {
    const size = groups[smallGroup]?.length ?? 0;
    const where = groups.length > 1 ? `group ${String(smallGroup + 1)} of ${String(groups.length)}` : "the sample";
    return insufficientData(
      "too-few-observations",
      `${where} has ${String(size)} ${size === 1 ? "person" : "persons"}; at least ${String(MINIMUM_OBSERVATIONS)} are needed for an interval`,
      n,
    );
  }

  const estimate = statistic(strata);
  if (!Number.isFinite(estimate)) {
    return insufficientData("statistic-undefined", "the statistic is not a finite number for the data supplied", n);
  }

  const random = createSeededRandom(options.seed);
  const replicates: number[] = [];
  let undefinedResamples = 0;
  for (let r = 0; r < options.resamples; r += 1) {
    // `map` over a tuple loses its element types; the resampled strata have the same shape.
    const resampled = groups.map((group) => resample(group, random)) as unknown as Strata<T>;
    const value = statistic(resampled);
    if (Number.isFinite(value)) replicates.push(value);
    else undefinedResamples += 1;
  }
  if (undefinedResamples > 0) {
    return insufficientData("statistic-undefined", describeUndefinedResamples(undefinedResamples, options.resamples), n);
  }

  const alpha = 1 - options.confidence;
  return {
    kind: "estimate",
    estimate,
    lower: quantile(replicates, alpha / 2),
    upper: quantile(replicates, 1 - alpha / 2),
    n,
    resamples: options.resamples,
    confidence: options.confidence,
    seed: options.seed,
  };
}

/** A same-sized sample of `items` drawn with replacement. */
function resample<T>(items: readonly T[], random: SeededRandom): T[] {
  const drawn = new Array<T>(items.length);
  for (let i = 0; i < items.length; i += 1) {
    // `index` returns an integer in [0, items.length - 1], so the element exists.
    drawn[i] = items[random.index(items.length)] as T;
  }
  return drawn;
}
