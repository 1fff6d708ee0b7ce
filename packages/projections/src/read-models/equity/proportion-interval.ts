import { normalQuantile } from "../../statistics/normal-quantile.js";

/** A proportion (or a rate derived from one) with its interval. */
export interface EstimateInterval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * The Wilson score interval of a proportion `successes / trials`: unlike the plain normal
 * approximation it stays inside [0, 1] and keeps its coverage for small counts and proportions near
 * 0, as a group's referral rate is (E. B. Wilson, "Probable inference, the law of succession, and
 * statistical inference", JASA 22 (1927) 209-212; recommended by R. G. Newcombe, "Two-sided
 * confidence intervals for the single proportion", Statistics in Medicine 17 (1998) 857-872).
 * Null when there are no trials.
 */
export function wilsonInterval(successes: number, trials: number, confidence: number): EstimateInterval | null {
  if (trials <= 0) return null;
  const z = normalQuantile((1 + confidence) / 2);
  const share = Math.min(1, successes / trials);
  const z2 = z * z;
  const centre = (share + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z / (1 + z2 / trials)) * Math.sqrt((share * (1 - share)) / trials + z2 / (4 * trials * trials));
  return { estimate: share, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/** An interval scaled (a proportion as a rate per 1,000). */
export function scaled(interval: EstimateInterval | null, by: number): EstimateInterval | null {
  return interval === null ? null : { estimate: interval.estimate * by, lower: interval.lower * by, upper: interval.upper * by };
}
