// Statistics for evaluating social prescribing: seeded percentile bootstrap intervals, before/after
// change summaries and difference in differences. See docs/statistics.md.

export { assertValidSeed, createSeededRandom, MAX_SEED, MIN_SEED, type SeededRandom } from "./seeded-random.js";
export {
  insufficientData,
  isInsufficientData,
  MINIMUM_OBSERVATIONS,
  type InsufficientData,
  type InsufficientDataReason,
} from "./insufficient-data.js";
export {
  beforeAfterMeans,
  changes,
  pairBeforeAfter,
  percentChangeOfMeans,
  type BeforeAfter,
  type BeforeAfterMeans,
} from "./before-after.js";
export { normalQuantile } from "./normal-quantile.js";
export {
  bootstrapInterval,
  bootstrapMeanInterval,
  bootstrapPercentChange,
  bootstrapStratifiedInterval,
  DEFAULT_CONFIDENCE,
  DEFAULT_RESAMPLES,
  resolveBootstrapOptions,
  type BootstrapEstimate,
  type BootstrapOptions,
  type BootstrapResult,
  type ResolvedBootstrapOptions,
  type Statistic,
  type Strata,
} from "./bootstrap.js";
export {
  differenceInDifferences,
  type DifferenceInDifferences,
  type DifferenceInDifferencesBootstrapInterval,
  type DifferenceInDifferencesNormalInterval,
  type DifferenceInDifferencesResult,
  type GroupChange,
} from "./difference-in-differences.js";
// Groups larger than this are bootstrapped from the normal limit of their resample means (docs/statistics.md).
export { DEFAULT_RESAMPLE_INDIVIDUALLY_UP_TO } from "./means-bootstrap.js";
export { summariseChange, type ChangeSummary, type ChangeSummaryResult } from "./change-summary.js";
export {
  matchNearestNeighbours,
  pooledPriorUsageSd,
  DEFAULT_CALIPER_SD,
  type MatchCandidate,
  type MatchedPair,
  type MatchLevel,
  type Matching,
  type MatchingOptions,
} from "./matching.js";
export {
  balanceRow,
  balanceScale,
  covariateBalance,
  BALANCED_SMD,
  type BalanceRow,
  type CovariateBalance,
  type CovariateValues,
} from "./balance.js";
export { pairedDifferenceInDifferences, type MatchedBeforeAfter } from "./paired-difference-in-differences.js";
export {
  staggeredDifferenceInDifferences,
  type StaggeredUnit,
  type StaggeredInterval,
  type GroupTimeEffect,
  type EventTimeEffect,
  type StaggeredDifferenceInDifferences,
  type StaggeredDifferenceInDifferencesResult,
} from "./staggered-difference-in-differences.js";
