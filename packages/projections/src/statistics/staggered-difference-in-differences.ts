import { quantile } from "simple-statistics";

import { resolveBootstrapOptions, type BootstrapOptions } from "./bootstrap.js";
import { insufficientData, MINIMUM_OBSERVATIONS, type InsufficientData } from "./insufficient-data.js";
import { createSeededRandom } from "./seeded-random.js";

/**
 * Difference in differences when units (practices, PCNs) start the service at different times:
 * Callaway and Sant'Anna's group-time average treatment effects, compared with units not yet
 * started, aggregated over groups and over time since the start (docs/statistics.md, "The staggered
 * design"). Not a two-way fixed-effects regression, which compares late starters with early ones
 * and is biased when effects grow over time.
 *
 *     ATT(g, t) = mean over units starting in g of (Y_t − Y_{g−1})
 *               − mean over units not started by max(t, g − 1) (other than g) of (Y_t − Y_{g−1})
 *
 * Every group is compared with its last period before the start (a universal base period), so the
 * event study's periods before the start are placebos: near zero when trends were parallel, and
 * exactly zero at one period before. Intervals come from a cluster bootstrap: units are resampled
 * with replacement within their start group (each keeps its size), every outcome of a unit kept
 * together, so correlation over time within a unit is respected.
 */

/** One unit's outcomes by period (0, 1, ...; null: not observed) and the period it started (null: not in the data). */
export interface StaggeredUnit {
  readonly id: string;
  readonly start: number | null;
  readonly outcomes: readonly (number | null)[];
  /**
   * The unit's change from period `base` to `period`, when it is not simply the difference of its
   * outcomes: a practice's mean change over the people observed in both periods, so that people
   * coming and going between quarters do not pass for a change (null: no one in both). Optional.
   */
  readonly change?: (period: number, base: number) => number | null;
}

/** One group's effect in one period, with the units it compares. */
export interface GroupTimeEffect {
  /** The start period of the group. */
  readonly group: number;
  readonly period: number;
  /** period − group: 0 is the first period of the service. */
  readonly eventTime: number;
  readonly estimate: number;
  readonly startedUnits: number;
  readonly notYetStartedUnits: number;
}

/** An estimate with its cluster-bootstrap percentile interval. */
export interface StaggeredInterval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

/** The event study: the effect a number of periods from the start, averaged over groups weighted by their units. */
export interface EventTimeEffect extends StaggeredInterval {
  readonly eventTime: number;
  /** Units of the groups averaged at this event time. */
  readonly units: number;
}

export interface StaggeredDifferenceInDifferences extends StaggeredInterval {
  readonly kind: "estimate";
  /** Units that started within the data, and units compared with them. */
  readonly startedUnits: number;
  readonly units: number;
  readonly groupTime: readonly GroupTimeEffect[];
  /** From the earliest to the latest event time with an estimate; event time −1 is the base (0). */
  readonly eventStudy: readonly EventTimeEffect[];
  readonly confidence: number;
  readonly resamples: number;
  readonly seed: number;
}

export type StaggeredDifferenceInDifferencesResult = StaggeredDifferenceInDifferences | InsufficientData;

interface Estimates {
  readonly overall: number;
  readonly byEventTime: Map<number, number>;
  readonly cells: GroupTimeEffect[];
  readonly unitsAt: Map<number, number>;
}

function unitChange(unit: StaggeredUnit, period: number, base: number): number | null {
  if (unit.change !== undefined) {
    const change = unit.change(period, base);
    return change !== null && Number.isFinite(change) ? change : null;
  }
  const now = unit.outcomes[period];
  const then = unit.outcomes[base];
  return now === null || now === undefined || then === null || then === undefined ? null : now - then;
}

/** Mean of the units' changes from `base` to `period`, over the units that have one. */
function meanChange(units: readonly StaggeredUnit[], period: number, base: number): { mean: number; count: number } {
  let total = 0;
  let count = 0;
  for (const unit of units) {
    const change = unitChange(unit, period, base);
    if (change === null) continue;
    total += change;
    count += 1;
  }
  return { mean: count === 0 ? Number.NaN : total / count, count };
}

function estimate(groups: ReadonlyMap<number | null, readonly StaggeredUnit[]>, periods: number): Estimates {
  const cells: GroupTimeEffect[] = [];
  const starts = [...groups.keys()]
    .filter((start): start is number => start !== null && start >= 1 && start < periods)
    .sort((a, b) => a - b);
  for (const group of starts) {
    const started = groups.get(group) ?? [];
    const base = group - 1;
    for (let period = 0; period < periods; period++) {
      if (period === base) continue;
      const horizon = Math.max(period, base);
      const comparison: StaggeredUnit[] = [];
      for (const [start, units] of groups) if (start !== group && (start === null || start > horizon)) comparison.push(...units);
      const treated = meanChange(started, period, base);
      const control = meanChange(comparison, period, base);
      if (treated.count === 0 || control.count === 0) continue;
      cells.push({
        group,
        period,
        eventTime: period - group,
        estimate: treated.mean - control.mean,
        startedUnits: treated.count,
        notYetStartedUnits: control.count,
      });
    }
  }
  // Aggregation weights each group by its units, as Callaway and Sant'Anna's "simple" and "dynamic" aggregations do.
  let overallTotal = 0;
  let overallWeight = 0;
  const eventTotals = new Map<number, { total: number; weight: number }>();
  for (const cell of cells) {
    const weight = cell.startedUnits;
    if (cell.eventTime >= 0) {
      overallTotal += weight * cell.estimate;
      overallWeight += weight;
    }
    const at = eventTotals.get(cell.eventTime) ?? { total: 0, weight: 0 };
    at.total += weight * cell.estimate;
    at.weight += weight;
    eventTotals.set(cell.eventTime, at);
  }
  const byEventTime = new Map<number, number>();
  const unitsAt = new Map<number, number>();
  for (const [eventTime, { total, weight }] of [...eventTotals].sort(([a], [b]) => a - b)) {
    byEventTime.set(eventTime, total / weight);
    unitsAt.set(eventTime, weight);
  }
  return { overall: overallWeight === 0 ? Number.NaN : overallTotal / overallWeight, byEventTime, cells, unitsAt };
}

function groupByStart(units: readonly StaggeredUnit[]): Map<number | null, StaggeredUnit[]> {
  const groups = new Map<number | null, StaggeredUnit[]>();
  for (const unit of units) {
    const list = groups.get(unit.start);
    if (list === undefined) groups.set(unit.start, [unit]);
    else list.push(unit);
  }
  return groups;
}

/**
 * The staggered difference in differences of a panel of units. Insufficient data when fewer than two
 * units start within the data (after its first period), or when no started unit has a unit not yet
 * started to compare with. Throws a `RangeError` for a non-finite outcome, a start that is not a
 * whole number, or invalid bootstrap options.
 */
export function staggeredDifferenceInDifferences(
  units: readonly StaggeredUnit[],
  options: BootstrapOptions,
): StaggeredDifferenceInDifferencesResult {
  const resolved = resolveBootstrapOptions(options);
  const periods = Math.max(0, ...units.map((unit) => unit.outcomes.length));
  for (const unit of units) {
    if (unit.start !== null && !Number.isInteger(unit.start))
      throw new RangeError(`unit ${unit.id}: start must be a whole period, got ${String(unit.start)}`);
    unit.outcomes.forEach((outcome, period) => {
      if (outcome !== null && !Number.isFinite(outcome))
        throw new RangeError(`unit ${unit.id}: outcome in period ${String(period)} is not a finite number`);
    });
  }
  // Units sorted by id, so the resamples do not depend on input order.
  const sorted = [...units].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const groups = groupByStart(sorted);
  const startedUnits = sorted.filter((unit) => unit.start !== null && unit.start >= 1 && unit.start < periods).length;
  if (startedUnits < MINIMUM_OBSERVATIONS) {
    return insufficientData(
      "too-few-observations",
      `${String(startedUnits)} ${startedUnits === 1 ? "unit starts" : "units start"} the service within the data after its first period; at least ${String(MINIMUM_OBSERVATIONS)} are needed`,
      units.length,
    );
  }
  const point = estimate(groups, periods);
  if (!Number.isFinite(point.overall)) {
    return insufficientData(
      "statistic-undefined",
      "no unit that started has a unit not yet started, observed in the same periods, to compare with",
      units.length,
    );
  }

  const random = createSeededRandom(resolved.seed);
  const overall: number[] = [];
  const byEventTime = new Map<number, number[]>([...point.byEventTime.keys()].map((eventTime) => [eventTime, []]));
  const strata = [...groups];
  for (let r = 0; r < resolved.resamples; r++) {
    const resampled = new Map<number | null, StaggeredUnit[]>();
    for (const [start, members] of strata) {
      const drawn = new Array<StaggeredUnit>(members.length);
      for (let i = 0; i < members.length; i++) drawn[i] = members[random.index(members.length)]!;
      resampled.set(start, drawn);
    }
    const replicate = estimate(resampled, periods);
    // A resample keeps every group's size, so every cell of the data has units in it.
    overall.push(replicate.overall);
    for (const [eventTime, values] of byEventTime) values.push(replicate.byEventTime.get(eventTime) ?? Number.NaN);
  }
  const alpha = 1 - resolved.confidence;
  const interval = (estimateValue: number, values: readonly number[]): StaggeredInterval | null => {
    // A cell can lack units in a resample only when outcomes are missing; such resamples are left out.
    const finite = values.filter(Number.isFinite);
    return finite.length === 0
      ? null
      : { estimate: estimateValue, lower: quantile(finite, alpha / 2), upper: quantile(finite, 1 - alpha / 2) };
  };
  const eventStudy: EventTimeEffect[] = [];
  for (const [eventTime, value] of point.byEventTime) {
    const found = interval(value, byEventTime.get(eventTime) ?? []);
    if (found !== null) eventStudy.push({ eventTime, ...found, units: point.unitsAt.get(eventTime) ?? 0 });
  }
  // The base period, zero by construction: drawn so the plot shows what the others are measured from.
  eventStudy.push({ eventTime: -1, estimate: 0, lower: 0, upper: 0, units: startedUnits });
  eventStudy.sort((a, b) => a.eventTime - b.eventTime);
  const headline = interval(point.overall, overall);
  if (headline === null) {
    return insufficientData(
      "statistic-undefined",
      "the estimate was not defined in any bootstrap resample (too many outcomes missing)",
      units.length,
    );
  }
  return {
    kind: "estimate",
    ...headline,
    startedUnits,
    units: units.length,
    groupTime: point.cells,
    eventStudy,
    confidence: resolved.confidence,
    resamples: resolved.resamples,
    seed: resolved.seed,
  };
}
