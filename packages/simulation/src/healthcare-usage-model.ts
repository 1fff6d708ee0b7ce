import { DAY_MS } from "@linkwork/core";
import { midnightOf, monthNumberOf, monthStart } from "./simulation-calendar.js";
import type { SimulationRandom } from "./simulation-random.js";
import type { SimulationSettings } from "./simulation-settings.js";

type UsageSettings = SimulationSettings["usage"];

/**
 * One person's GP use, as the simulator draws it. Month offsets count calendar months from the
 * index month (0 = the month holding the index date, -1 the month before, 1 the month after).
 *
 * - Everyone has a personal baseline rate, gamma distributed between people.
 * - Referred and comparison people alike are picked at a peak: for `peakBuildUpMonths` months up
 *   to and including the index month their rate is raised by `peakMultiplier` × baseline; after the
 *   index month the rise decays exponentially (e-folding `peakDecayMonths`). It would decay whether
 *   or not anyone intervened: that is the regression to the mean a before/after figure mistakes
 *   for an effect.
 * - For engaged referred people only, from the month after the index month, the rate changes by
 *   `trueEffectPerYear` / 12 per month, never below zero appointments.
 * - Comparisons can be wrong on purpose: with `comparisonSelection` "no-peak" comparison people have
 *   no peak (the general population), and `comparisonTrendPerYear` gives them a trend of their own,
 *   that many appointments a year more for every year from the index month (never below zero).
 */
export interface UsageProfile {
  readonly baselinePerYear: number;
  readonly peakMultiplier: number;
  readonly peakBuildUpMonths: number;
  /** Whether the true effect applies: an engaged referred person. */
  readonly engaged: boolean;
  /** Change of the yearly rate per year from the index month: a comparison person's trend of their own. */
  readonly trendPerYear: number;
}

export function drawUsageProfile(random: SimulationRandom, usage: UsageSettings, role: UsageRole, engaged: boolean): UsageProfile {
  const baselinePerYear = random.gamma(usage.baselineShape, usage.baselineMeanPerYear);
  // Drawn whatever the selection, so the other draws of a run do not move with it.
  const peakMultiplier = usage.peakMultiplierMean > 0 ? random.gamma(usage.peakShape, usage.peakMultiplierMean) : 0;
  const comparison = role === "comparison";
  return {
    baselinePerYear,
    peakMultiplier: comparison && usage.comparisonSelection === "no-peak" ? 0 : peakMultiplier,
    peakBuildUpMonths: random.integer(usage.peakBuildUpMonths.min, usage.peakBuildUpMonths.max),
    engaged,
    trendPerYear: comparison ? usage.comparisonTrendPerYear : 0,
  };
}

/** Expected GP appointments in a month without the service. */
export function counterfactualRate(profile: UsageProfile, offset: number, usage: UsageSettings): number {
  const elevation =
    offset < -profile.peakBuildUpMonths + 1
      ? 0
      : offset <= 0
        ? profile.peakMultiplier
        : profile.peakMultiplier * Math.exp(-offset / usage.peakDecayMonths);
  const rate = (profile.baselinePerYear / 12) * (1 + elevation);
  return profile.trendPerYear === 0 ? rate : Math.max(0, rate + ((profile.trendPerYear / 12) * offset) / 12);
}

/** Expected GP appointments in a month as simulated: the counterfactual plus the true effect where it applies. */
export function expectedRate(profile: UsageProfile, offset: number, usage: UsageSettings): number {
  const without = counterfactualRate(profile, offset, usage);
  return profile.engaged && offset >= 1 ? Math.max(0, without + usage.trueEffectPerYear / 12) : without;
}

/** The role a person plays in an evaluation. */
export type UsageRole = "referred" | "comparison";

/** What the simulator knows and an evaluator never sees: a person's usage profile and the effect it received. */
export interface PersonTruth {
  readonly personId: string;
  readonly role: UsageRole;
  /** The person's case, or for a comparison person the case they are matched to; null for a pool person of a practice not yet started. */
  readonly caseId: string | null;
  readonly pcnId: string;
  /** The referral date (or, for a comparison person, their matched case's referral date). */
  readonly indexDate: string;
  readonly engaged: boolean;
  readonly baselinePerYear: number;
  readonly peakMultiplier: number;
  readonly peakBuildUpMonths: number;
  /**
   * Expected appointments with the service minus without it in each month after the index month:
   * entry 0 is month offset 1. Zero throughout for comparison and non-engaged people; for engaged
   * people `trueEffectPerYear / 12` unless the floor at zero appointments cut it short.
   */
  readonly monthlyEffect: readonly number[];
}

export function monthlyEffects(profile: UsageProfile, usage: UsageSettings): number[] {
  const effects: number[] = [];
  for (let offset = 1; offset <= usage.windowMonths; offset++) {
    effects.push(expectedRate(profile, offset, usage) - counterfactualRate(profile, offset, usage));
  }
  return effects;
}

/**
 * The true effect on one person over an after-window of `months` whole months following the
 * index month: expected appointments with the service minus expected appointments without it.
 * Averaged over a treated group, this is what a difference-in-differences over the same windows
 * estimates (see docs/simulation.md).
 */
export function trueEffectOverWindow(person: PersonTruth, months: number): number {
  let total = 0;
  for (let index = 0; index < months && index < person.monthlyEffect.length; index++) total += person.monthlyEffect[index]!;
  return total;
}

/**
 * The true effect on one person over the `days` days after their index date (the index day itself
 * excluded), apportioning each month's effect by the share of its days inside that window. This is
 * the day-based after window of the demand-reduction read model (`days` = windowDays(months)), which
 * apportions monthly usage counts the same way; averaged over the people a difference in
 * differences includes, it is the figure that estimate targets (see docs/simulation.md).
 */
export function trueEffectAfterIndex(person: PersonTruth, days: number): number {
  const indexDay = Math.floor(midnightOf(person.indexDate) / DAY_MS);
  const first = indexDay + 1;
  const last = indexDay + days;
  const indexMonth = monthNumberOf(midnightOf(person.indexDate));
  let total = 0;
  for (let offset = 1; offset <= person.monthlyEffect.length; offset++) {
    const monthFirst = monthStart(indexMonth + offset) / DAY_MS;
    const monthLast = monthStart(indexMonth + offset + 1) / DAY_MS - 1;
    const overlap = Math.min(last, monthLast) - Math.max(first, monthFirst) + 1;
    if (overlap > 0) total += (person.monthlyEffect[offset - 1]! * overlap) / (monthLast - monthFirst + 1);
  }
  return total;
}
