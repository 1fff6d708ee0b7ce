import { quantile } from "simple-statistics";

import type { ResolvedBootstrapOptions } from "./bootstrap.js";
import type { SeededRandom } from "./seeded-random.js";
import { createSeededRandom } from "./seeded-random.js";

/**
 * The percentile bootstrap of statistics that are functions of group means (a mean, a mean change,
 * a percentage change of means, a difference in differences), at a cost that does not grow with
 * persons × resamples.
 *
 * A resample of a group draws its n persons with replacement and, for these statistics, only the
 * vector of the resample's column means matters. Over resamples that vector has exactly the group's
 * means as its mean and the group's covariance (n denominator) divided by n as its covariance, and it
 * tends to the normal distribution with those moments as n grows (the bootstrap central limit
 * theorem: Singh 1981, Bickel & Freedman 1981; a short proof in Singh & Xie, "Bootstrap: a statistical
 * method", appendix, https://docslib.org/doc/4709019/bootstrap-a-statistical-method). So a group of
 * at most `resampleIndividuallyUpTo` persons is resampled person by person, as always, and a larger
 * group's resample means are drawn from that normal limit: O(n) once for its moments, O(columns²)
 * per resample. Small groups, where the normal limit is poor for skewed counts, keep the exact
 * bootstrap; large groups, where the two agree to within the bootstrap's own Monte Carlo error
 * (test/statistics/means-bootstrap.test.ts), cost O(people) whatever the number of resamples.
 */

/** One group of persons as columns of values (column c, person i), every column the same length. */
export type MeanGroup = readonly Float64Array[];

/** A statistic of the groups' column means: `means[g][c]` is group g's mean of column c. */
export type MeansStatistic = (means: readonly Float64Array[]) => number;

/** Persons per group up to which a resample is drawn person by person when the options give no limit. */
export const DEFAULT_RESAMPLE_INDIVIDUALLY_UP_TO = 1000;

/** Every statistic's value on the data and its replicates, or how many replicates were not finite. */
export interface MeansBootstrapRun {
  readonly estimates: readonly number[];
  /** Per statistic: the interval ends, or the number of resamples on which it was not finite. */
  readonly intervals: readonly ({ readonly lower: number; readonly upper: number } | { readonly undefinedResamples: number })[];
}

/** The column means of a group. */
export function columnMeans(group: MeanGroup): Float64Array {
  const means = new Float64Array(group.length);
  group.forEach((column, c) => {
    let sum = 0;
    for (let i = 0; i < column.length; i += 1) sum += column[i]!;
    means[c] = sum / column.length;
  });
  return means;
}

/**
 * Runs the bootstrap over `groups` (stratified: each group resampled within itself, keeping its
 * size) for several statistics at once, so that they share the same resamples. Groups must hold at
 * least one person; the caller applies the insufficient-data rules.
 */
export function bootstrapMeans(
  groups: readonly MeanGroup[],
  statistics: readonly MeansStatistic[],
  options: ResolvedBootstrapOptions & { readonly resampleIndividuallyUpTo: number },
): MeansBootstrapRun {
  const observed = groups.map(columnMeans);
  const estimates = statistics.map((statistic) => statistic(observed));
  const drawers = groups.map((group, g) =>
    group[0]!.length <= options.resampleIndividuallyUpTo ? individualDrawer(group) : normalLimitDrawer(group, observed[g]!),
  );
  const random = createSeededRandom(options.seed);
  const replicates = statistics.map(() => new Float64Array(options.resamples));
  const undefinedResamples = statistics.map(() => 0);
  const resampled = groups.map((group) => new Float64Array(group.length));
  for (let r = 0; r < options.resamples; r += 1) {
    drawers.forEach((draw, g) => draw(random, resampled[g]!));
    statistics.forEach((statistic, s) => {
      const value = statistic(resampled);
      if (Number.isFinite(value)) replicates[s]![r] = value;
      else undefinedResamples[s] = undefinedResamples[s]! + 1;
    });
  }
  const alpha = 1 - options.confidence;
  return {
    estimates,
    intervals: replicates.map((values, s) => {
      const failed = undefinedResamples[s]!;
      if (failed > 0) return { undefinedResamples: failed };
      // A plain array: simple-statistics' quantile sorts its argument in place and expects an array.
      const sorted = Array.from(values);
      return { lower: quantile(sorted, alpha / 2), upper: quantile(sorted, 1 - alpha / 2) };
    }),
  };
}

type Drawer = (random: SeededRandom, into: Float64Array) => void;

/** The exact bootstrap: n persons drawn with replacement, in the order the generic bootstrap draws them. */
function individualDrawer(group: MeanGroup): Drawer {
  const n = group[0]!.length;
  const columns = group.length;
  const sums = new Float64Array(columns);
  return (random, into) => {
    sums.fill(0);
    for (let i = 0; i < n; i += 1) {
      const person = random.index(n);
      for (let c = 0; c < columns; c += 1) sums[c] = sums[c]! + group[c]![person]!;
    }
    for (let c = 0; c < columns; c += 1) into[c] = sums[c]! / n;
  };
}

/**
 * The normal limit of a large group's resample means: mean = the group's means, covariance = the
 * group's covariance (n denominator, as a resample draws from the empirical distribution) over n,
 * drawn as means + L·z with L the Cholesky factor of that covariance and z standard normals.
 */
function normalLimitDrawer(group: MeanGroup, means: Float64Array): Drawer {
  const n = group[0]!.length;
  const columns = group.length;
  const covariance = new Float64Array(columns * columns);
  for (let a = 0; a < columns; a += 1) {
    for (let b = 0; b <= a; b += 1) {
      let sum = 0;
      const columnA = group[a]!;
      const columnB = group[b]!;
      for (let i = 0; i < n; i += 1) sum += (columnA[i]! - means[a]!) * (columnB[i]! - means[b]!);
      covariance[a * columns + b] = sum / n / n;
    }
  }
  const factor = cholesky(covariance, columns);
  const z = new Float64Array(columns);
  return (random, into) => {
    for (let c = 0; c < columns; c += 1) z[c] = random.standardNormal();
    for (let a = 0; a < columns; a += 1) {
      let value = means[a]!;
      for (let b = 0; b <= a; b += 1) value += factor[a * columns + b]! * z[b]!;
      into[a] = value;
    }
  };
}

/**
 * Lower-triangular L with L·Lᵀ = the symmetric matrix (lower triangle given). A column with no
 * variance left (constant values, or one column a multiple of another) gets a zero pivot rather than
 * a NaN: its resample means then move only with the columns it depends on, as they do in the exact
 * bootstrap.
 */
function cholesky(matrix: Float64Array, size: number): Float64Array {
  const factor = new Float64Array(size * size);
  for (let a = 0; a < size; a += 1) {
    for (let b = 0; b <= a; b += 1) {
      let sum = matrix[a * size + b]!;
      for (let k = 0; k < b; k += 1) sum -= factor[a * size + k]! * factor[b * size + k]!;
      if (a === b) {
        // Rounding can leave a tiny negative remainder where the true one is zero.
        factor[a * size + a] = sum > 0 ? Math.sqrt(sum) : 0;
      } else {
        const pivot = factor[b * size + b]!;
        factor[a * size + b] = pivot > 0 ? sum / pivot : 0;
      }
    }
  }
  return factor;
}
