// Statistics for evaluating social prescribing: seeded percentile bootstrap intervals, before/after
// change summaries and difference in differences. See docs/statistics.md. One named export at a time.

export {
  /** Throws a RangeError unless a seed is a 32-bit signed integer. */
  assertValidSeed,
  /** A seeded generator (pure-rand xoroshiro128+) from an integer seed. */
  createSeededRandom,
  /** The largest accepted seed. */
  MAX_SEED,
  /** The smallest accepted seed. */
  MIN_SEED,
} from "./seeded-random.js";
export type {
  /** A seeded source of random numbers: the same seed, the same sequence. */
  SeededRandom,
} from "./seeded-random.js";
export {
  /** The result saying a statistic could not be estimated, and why. */
  insufficientData,
  /** Type guard for the insufficient-data branch of any statistics result. */
  isInsufficientData,
  /** The fewest persons a sample (or each group of a comparison) must have for an estimate. */
  MINIMUM_OBSERVATIONS,
} from "./insufficient-data.js";
export type {
  /** A statistic that could not be estimated from the data supplied (never NaN). */
  InsufficientData,
  /** Why a statistic could not be estimated. */
  InsufficientDataReason,
} from "./insufficient-data.js";
export {
  /** Mean before, mean after and their difference. */
  beforeAfterMeans,
  /** Per-person changes, after - before. */
  changes,
  /** Pairs before[i] with after[i]; throws if the arrays differ in length. */
  pairBeforeAfter,
  /** Percentage change of the means, or undefined when the mean before is not positive. */
  percentChangeOfMeans,
} from "./before-after.js";
export type {
  /** One person's value of a measure before and after a point in time. */
  BeforeAfter,
  /** Group means of a set of before/after pairs. */
  BeforeAfterMeans,
} from "./before-after.js";
export {
  /** Quantile of the standard normal distribution. */
  normalQuantile,
} from "./normal-quantile.js";
export {
  /** Percentile bootstrap interval of any statistic of one sample. */
  bootstrapInterval,
  /** Percentile bootstrap interval of the mean of one sample. */
  bootstrapMeanInterval,
  /** Percentage change of the means with a paired percentile bootstrap interval. */
  bootstrapPercentChange,
  /** Stratified percentile bootstrap: resamples within each group, keeping its size. */
  bootstrapStratifiedInterval,
  /** Interval coverage when the options give none. */
  DEFAULT_CONFIDENCE,
  /** Resamples when the options give none. */
  DEFAULT_RESAMPLES,
  /** Bootstrap options with defaults filled in and validated. */
  resolveBootstrapOptions,
} from "./bootstrap.js";
export type {
  /** A point estimate with its percentile bootstrap interval. */
  BootstrapEstimate,
  /** Options shared by every bootstrap: seed, resamples, confidence. */
  BootstrapOptions,
  /** A bootstrap estimate with its interval, or why there is none. */
  BootstrapResult,
  /** BootstrapOptions with defaults filled in. */
  ResolvedBootstrapOptions,
  /** A statistic of one sample, such as its mean. */
  Statistic,
  /** One array of items per stratum (group). */
  Strata,
} from "./bootstrap.js";
export {
  /** Difference in differences of a before/after measure between a treated and a comparison group. */
  differenceInDifferences,
} from "./difference-in-differences.js";
export type {
  /** The treated group's change less the comparison group's, with its interval. */
  DifferenceInDifferences,
  /** Stratified percentile bootstrap interval of the difference in differences. */
  DifferenceInDifferencesBootstrapInterval,
  /** Normal-approximation interval with the Welch standard error. */
  DifferenceInDifferencesNormalInterval,
  /** A difference-in-differences estimate, or why there is none. */
  DifferenceInDifferencesResult,
  /** Mean before, mean after and mean change of one group. */
  GroupChange,
} from "./difference-in-differences.js";
export {
  /** Groups larger than this are bootstrapped from the normal limit of their resample means (docs/statistics.md). */
  DEFAULT_RESAMPLE_INDIVIDUALLY_UP_TO,
} from "./means-bootstrap.js";
export {
  /** Mean before, after, change and percentage change of one group, with paired bootstrap intervals. */
  summariseChange,
} from "./change-summary.js";
export type {
  /** Before/after summary of one group, with its intervals. */
  ChangeSummary,
  /** A change summary, or why there is none. */
  ChangeSummaryResult,
} from "./change-summary.js";
export {
  /** Matches each treated person to at most one pool person, nearest prior use within a caliper. */
  matchNearestNeighbours,
  /** Pooled standard deviation of prior usage. */
  pooledPriorUsageSd,
  /** The usual caliper: 0.2 pooled standard deviations. */
  DEFAULT_CALIPER_SD,
} from "./matching.js";
export type {
  /** One person as matching sees them. */
  MatchCandidate,
  /** A treated person, their comparator and where the pair was found. */
  MatchedPair,
  /** Where a pair was found: the same practice or the same PCN. */
  MatchLevel,
  /** The pairs, the unmatched treated people and the caliper used. */
  Matching,
  /** The caliper, as a multiple of the pooled standard deviation. */
  MatchingOptions,
} from "./matching.js";
export {
  /** One covariate's balance before and after matching. */
  balanceRow,
  /** The spread a standardised mean difference divides by. */
  balanceScale,
  /** Means of two groups and their standardised difference. */
  covariateBalance,
  /** The usual threshold of a negligible imbalance (|SMD| below 0.1). */
  BALANCED_SMD,
} from "./balance.js";
export type {
  /** One covariate before and after matching. */
  BalanceRow,
  /** A covariate's means in two groups and their standardised difference. */
  CovariateBalance,
  /** A covariate's values in the four groups a balance table compares. */
  CovariateValues,
} from "./balance.js";
export {
  /** Difference in differences over matched pairs, the pair as the unit. */
  pairedDifferenceInDifferences,
} from "./paired-difference-in-differences.js";
export type {
  /** A matched pair's before/after values. */
  MatchedBeforeAfter,
} from "./paired-difference-in-differences.js";
export {
  /** Group-time effects of staggered starts, aggregated, with a cluster bootstrap. */
  staggeredDifferenceInDifferences,
} from "./staggered-difference-in-differences.js";
export type {
  /** One unit's outcomes by period and the period it started. */
  StaggeredUnit,
  /** An estimate with its cluster-bootstrap percentile interval. */
  StaggeredInterval,
  /** One group's effect in one period. */
  GroupTimeEffect,
  /** The effect a number of periods from the start, averaged over groups. */
  EventTimeEffect,
  /** The overall staggered estimate, its event study and group-time effects. */
  StaggeredDifferenceInDifferences,
  /** A staggered estimate, or why there is none. */
  StaggeredDifferenceInDifferencesResult,
} from "./staggered-difference-in-differences.js";
