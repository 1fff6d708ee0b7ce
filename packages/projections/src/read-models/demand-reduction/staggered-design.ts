import type { HealthcareSetting } from "@linkwork/core/vocabulary";

import type { BootstrapOptions } from "../../statistics/bootstrap.js";
import {
  staggeredDifferenceInDifferences,
  type StaggeredDifferenceInDifferencesResult,
  type StaggeredUnit,
} from "../../statistics/staggered-difference-in-differences.js";
import { periodsRecordedBy } from "./recorded-usage.js";
import type { DemandReductionState } from "./state.js";
import { covers, dateOfDay, dayOfDate, hasEnded, usageIn, type DayNumber, type DayRange } from "./usage-window.js";

/**
 * The staggered design (docs/statistics.md): when practices, or PCNs as a whole, start the service
 * on different dates (`SocialPrescribingStarted`), a practice-level panel over calendar quarters:
 * each practice's mean use per person in each quarter, over the people registered there (their first
 * referral's or enrolment's practice) whose records cover the whole quarter. Practices started are
 * compared with practices not yet started, quarter by quarter (Callaway and Sant'Anna), with
 * intervals from a bootstrap over practices.
 */
export interface StaggeredDesign {
  readonly kind: "staggered";
  readonly unit: "practice";
  /** The panel's calendar quarters, period 0 first ("2025-Q1"). */
  readonly quarters: readonly string[];
  readonly practices: number;
  /** Practices that started after the panel's first quarter, by its last. */
  readonly startedWithin: number;
  /** Practices that started in the panel's first quarter or before: no quarter before the start to compare from, so left out. */
  readonly startedBefore: number;
  /** Practices not started by the panel's last quarter: compared with the others throughout. */
  readonly notStarted: number;
  /** People whose records cover at least one quarter of the panel. */
  readonly peopleCounted: number;
  /** Use per person per quarter: the effect of the service, overall and by quarters since the start. */
  readonly estimate: StaggeredDifferenceInDifferencesResult;
  /**
   * The event study's quarters before the start are placebos: near-zero when every interval includes
   * zero, not-near-zero when one excludes it (trends before the start were not parallel), cannot-tell
   * when there is no quarter before the start but the base.
   */
  readonly preTrend: "near-zero" | "not-near-zero" | "cannot-tell";
}

/** No practice or PCN start recorded (or no estimate possible), so there is no staggered design. */
export interface NoStaggeredStart {
  readonly kind: "no-staggered-start";
  readonly detail: string;
}

/** Panels longer than ten years are cut to their last forty quarters: memory stays bounded whatever the records. */
const MAX_QUARTERS = 40;

const quarterOfDay = (day: DayNumber): number => {
  const date = dateOfDay(day);
  return Number(date.slice(0, 4)) * 4 + Math.floor((Number(date.slice(5, 7)) - 1) / 3);
};

function quarterRange(quarter: number): DayRange {
  const year = Math.floor(quarter / 4);
  const month = (quarter % 4) * 3 + 1;
  const first = dayOfDate(`${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-01`);
  const next =
    month + 3 > 12
      ? `${String(year + 1).padStart(4, "0")}-01-01`
      : `${String(year).padStart(4, "0")}-${String(month + 3).padStart(2, "0")}-01`;
  return { first, last: dayOfDate(next) - 1 };
}

const quarterName = (quarter: number): string => `${String(Math.floor(quarter / 4))}-Q${String((quarter % 4) + 1)}`;

/** The earliest start recorded by asOf, or null. */
function earliestStart(starts: readonly [DayNumber, number][] | undefined, asOf: number): DayNumber | null {
  let earliest: DayNumber | null = null;
  for (const [day, recordedAt] of starts ?? []) if (recordedAt <= asOf && (earliest === null || day < earliest)) earliest = day;
  return earliest;
}

export function staggeredDesign(
  state: DemandReductionState,
  setting: HealthcareSetting,
  asOf: number,
  options: BootstrapOptions,
): StaggeredDesign | NoStaggeredStart {
  const anyStart = [...state.practiceStarts.values(), ...state.pcnStarts.values()].some((starts) => earliestStart(starts, asOf) !== null);
  if (!anyStart) return { kind: "no-staggered-start", detail: "no practice or PCN start of the service is recorded" };

  // Every practice's people and their periods; the panel spans the quarters their records reach.
  const people: { practiceId: string; pcnId: string | null; periods: ReturnType<typeof periodsRecordedBy> }[] = [];
  let firstDay = Infinity;
  for (const person of state.people.values()) {
    if (person.erased || person.practiceId === null) continue;
    const periods = periodsRecordedBy(person.usage, setting, asOf);
    if (periods.length === 0) continue;
    for (const period of periods) firstDay = Math.min(firstDay, period.first);
    people.push({ practiceId: person.practiceId, pcnId: person.pcnId, periods });
  }
  let last = quarterOfDay(Math.floor(asOf / 86_400_000));
  while (!hasEnded(quarterRange(last), asOf)) last -= 1;
  if (people.length === 0 || firstDay === Infinity)
    return { kind: "no-staggered-start", detail: "no usage is recorded for people with a practice" };
  const first = Math.max(quarterOfDay(firstDay), last - MAX_QUARTERS + 1);
  if (last < first) return { kind: "no-staggered-start", detail: "no calendar quarter of recorded usage has ended" };
  const quarters = Array.from({ length: last - first + 1 }, (_, index) => first + index);
  const ranges = quarters.map(quarterRange);

  // Per practice, each person's use in each quarter (NaN: their records do not cover it).
  const panels = new Map<string, { pcnId: string | null; totals: number[]; counts: number[]; people: Float64Array[] }>();
  let peopleCounted = 0;
  for (const person of people) {
    let panel = panels.get(person.practiceId);
    if (panel === undefined) {
      panel = { pcnId: person.pcnId, totals: quarters.map(() => 0), counts: quarters.map(() => 0), people: [] };
      panels.set(person.practiceId, panel);
    }
    const use = new Float64Array(quarters.length).fill(Number.NaN);
    ranges.forEach((range, index) => {
      if (!covers(person.periods, range)) return;
      use[index] = usageIn(person.periods, range);
      panel.totals[index]! += use[index];
      panel.counts[index]! += 1;
    });
    if (use.some((value) => !Number.isNaN(value))) {
      peopleCounted += 1;
      panel.people.push(use);
    }
  }

  let startedWithin = 0;
  let startedBefore = 0;
  let notStarted = 0;
  const units: StaggeredUnit[] = [];
  for (const [practiceId, panel] of panels) {
    const startDay =
      earliestStart(state.practiceStarts.get(practiceId), asOf) ??
      (panel.pcnId === null ? null : earliestStart(state.pcnStarts.get(panel.pcnId), asOf));
    const startQuarter = startDay === null ? null : quarterOfDay(startDay) - first;
    const start = startQuarter === null || startQuarter >= quarters.length ? null : startQuarter;
    if (start === null) notStarted += 1;
    else if (start <= 0) startedBefore += 1;
    else startedWithin += 1;
    units.push({
      id: practiceId,
      start,
      outcomes: panel.totals.map((total, index) => (panel.counts[index] === 0 ? null : total / panel.counts[index]!)),
      change: withinPersonChange(panel.people),
    });
  }
  const estimate = staggeredDifferenceInDifferences(units, options);
  return {
    kind: "staggered",
    unit: "practice",
    quarters: quarters.map(quarterName),
    practices: units.length,
    startedWithin,
    startedBefore,
    notStarted,
    peopleCounted,
    estimate,
    preTrend: preTrendOf(estimate),
  };
}

/**
 * A practice's change from one quarter to another over the people whose records cover both, so that
 * people coming and going between quarters (a referral's extract reaching back, an extract ending)
 * do not pass for a change. Memoised: the bootstrap asks the same pairs of every practice it draws.
 */
function withinPersonChange(people: readonly Float64Array[]): (period: number, base: number) => number | null {
  const memo = new Map<number, number | null>();
  return (period, base) => {
    const key = period * MAX_QUARTERS + base;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let total = 0;
    let count = 0;
    for (const use of people) {
      const now = use[period]!;
      const then = use[base]!;
      if (Number.isNaN(now) || Number.isNaN(then)) continue;
      total += now - then;
      count += 1;
    }
    const change = count === 0 ? null : total / count;
    memo.set(key, change);
    return change;
  };
}

function preTrendOf(estimate: StaggeredDifferenceInDifferencesResult): StaggeredDesign["preTrend"] {
  if (estimate.kind !== "estimate") return "cannot-tell";
  const before = estimate.eventStudy.filter((effect) => effect.eventTime <= -2);
  if (before.length === 0) return "cannot-tell";
  return before.every((effect) => effect.lower <= 0 && 0 <= effect.upper) ? "near-zero" : "not-near-zero";
}
